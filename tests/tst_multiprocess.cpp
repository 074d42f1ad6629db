// The bus across real processes: tests/testpeer and peerchat --headless are the peers.
#include "messagebus.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using testsupport::Peer;

class TestMultiProcess : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("mp"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void eightSendersLoseNothingAndAgreeOnOrder_data();
    void eightSendersLoseNothingAndAgreeOnOrder();
    void sixtyFourPeersJoinAndTheNextIsRefused();
    void pingPongWakesASleepingPeerEveryTime();

private:
    QString m_channel;
};

void TestMultiProcess::eightSendersLoseNothingAndAgreeOnOrder_data()
{
    QTest::addColumn<int>("batch");
    QTest::newRow("one send() each") << 1;
    // Odd peers hand their texts over 16 at a time (sendUtf8Batch()): groups and single
    // records of others interleave in the one order.
    QTest::newRow("odd peers in groups of 16") << 16;
}

void TestMultiProcess::eightSendersLoseNothingAndAgreeOnOrder()
{
    QFETCH(int, batch);
    constexpr int Peers = 8;
    constexpr int PerPeer = 500;
    constexpr int Expected = (Peers - 1) * PerPeer;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::vector<std::unique_ptr<Peer>> peers;
    for (int i = 0; i < Peers; ++i) {
        auto peer = std::make_unique<Peer>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TESTPEER_BATCH"_s, QString::number(i % 2 ? batch : 1));
        peer->start(QStringLiteral(TESTPEER_BINARY),
                    {u"burst"_s, m_channel, u"p%1"_s.arg(i), QString::number(PerPeer), QString::number(Expected),
                     dir.filePath(u"p%1.txt"_s.arg(i))},
                    env);
        QVERIFY2(peer->waitForLine("ready") == "ready", peer->standardError().constData());
        peers.push_back(std::move(peer));
    }
    for (auto &peer : peers)
        peer->write("go\n");   // all at once: 8 senders write at the same time
    for (int i = 0; i < Peers; ++i) {
        const QByteArray done = peers[i]->waitForLine("done");
        QVERIFY2(peers[i]->waitForFinished(), "a peer did not finish");
        QVERIFY2(peers[i]->exitedWith(0), (done + ' ' + peers[i]->standardError()).constData());
    }
    // Every (sender, index) has one seq, the same at every receiver; each receiver saw strictly
    // increasing seqs and exactly the 3 500 messages of the others.
    std::map<std::pair<QByteArray, int>, quint64> seqOf;
    for (int i = 0; i < Peers; ++i) {
        QFile file(dir.filePath(u"p%1.txt"_s.arg(i)));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        int count = 0;
        quint64 last = 0;
        for (const QByteArray &line : lines) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> f = line.split(' ');
            QCOMPARE(f.size(), 3);
            const quint64 seq = f.at(0).toULongLong();
            QVERIFY2(count == 0 || seq > last, "seqs must increase at every receiver");
            last = seq;
            QVERIFY2(f.at(1) != "p" + QByteArray::number(i), "a sender received its own message");
            const auto key = std::make_pair(f.at(1), f.at(2).toInt());
            const auto [it, inserted] = seqOf.emplace(key, seq);
            QVERIFY2(inserted || it->second == seq, "two receivers disagree on the order");
            ++count;
        }
        QCOMPARE(count, Expected);
    }
    QCOMPARE(int(seqOf.size()), Peers * PerPeer);
    qInfo("%d peers x %d messages: %d deliveries checked, one total order", Peers, PerPeer, Peers * Expected);
}

void TestMultiProcess::sixtyFourPeersJoinAndTheNextIsRefused()
{
    std::vector<std::unique_ptr<Peer>> peers;
    for (int i = 0; i < MessageBus::MaxPeers; ++i) {
        auto peer = std::make_unique<Peer>();
        peer->start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"h%1"_s.arg(i)});
        QVERIFY2(peer->waitForLine("ready").startsWith("ready"), peer->standardError().constData());
        peers.push_back(std::move(peer));
    }
    Peer extra;
    extra.start(QStringLiteral(PEERCHAT_BINARY), {u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, u"late"_s});
    QVERIFY(extra.waitForFinished());
    QVERIFY2(extra.exitedWith(1), extra.standardError().constData());
    QVERIFY2(extra.standardError().contains("channel \"" + m_channel.toUtf8() + "\" is full: 64 peers"),
             extra.standardError().constData());
    for (auto &peer : peers)
        peer->closeInput();
    for (auto &peer : peers) {
        QVERIFY(peer->waitForFinished());
        QVERIFY2(peer->exitedWith(0), peer->standardError().constData());
    }
    QVERIFY2(!testsupport::segmentExists(m_channel), "the last of 64 peers did not remove the segment");
}

void TestMultiProcess::pingPongWakesASleepingPeerEveryTime()
{
    // 110 000 round trips = 220 000 messages, each to a peer whose watcher sleeps at once
    // (PEERCHAT_SPIN_US=0): far past the +-32767 SEM_UNDO limit of one process.
    constexpr int Rounds = 110'000;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PEERCHAT_SPIN_US"_s, u"0"_s);
    Peer pong;
    pong.start(QStringLiteral(TESTPEER_BINARY), {u"pong"_s, m_channel, u"pong"_s, QString::number(Rounds)}, env);
    QVERIFY(pong.waitForLine("ready") == "ready");
    Peer ping;
    ping.start(QStringLiteral(TESTPEER_BINARY), {u"ping"_s, m_channel, u"ping"_s, QString::number(Rounds)}, env);
    const QByteArray pingDone = ping.waitForLine("done", 600'000);
    const QByteArray pongDone = pong.waitForLine("done", 600'000);
    QVERIFY(ping.waitForFinished() && pong.waitForFinished());
    QVERIFY2(ping.exitedWith(0), (pingDone + ping.standardError()).constData());
    QVERIFY2(pong.exitedWith(0), (pongDone + pong.standardError()).constData());
    QVERIFY2(pingDone.contains("rounds=110000 bad=0"), pingDone.constData());
    QVERIFY2(pongDone.contains("rounds=110000 bad=0"), pongDone.constData());
    // Each side slept and was woken by a doorbell for most messages (a watcher whose re-check
    // before sleeping already sees the next message does not sleep): far more often than the
    // 32 767 SEM_UNDO operations one process may have on one semaphore.
    for (const QByteArray &done : {pingDone, pongDone}) {
        const qint64 wakeups = done.mid(done.indexOf("wakeups=") + 8).toLongLong();
        QVERIFY2(wakeups > 2 * 32767, done.constData());
    }
    qInfo("ping: %s / pong: %s", pingDone.constData(), pongDone.constData());
}

QTEST_GUILESS_MAIN(TestMultiProcess)
#include "tst_multiprocess.moc"
