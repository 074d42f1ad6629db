// The bus under faults, inflicted for real: peers SIGKILLed at random moments (while joining,
// sending, leaving), frozen with SIGSTOP, reading slower than the senders write.
#include "channeldirectory.h"
#include "messagebus.h"
#include "segmentlayout_p.h"
#include "testsupport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSharedMemory>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>
#include <csignal>
#include <ctime>
#include <cstring>
#include <map>
#include <set>
#include <vector>
#include <unistd.h>

using namespace Qt::StringLiterals;
using testsupport::Peer;

namespace {
qint64 monotonicMs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
}

// The number after "key=" in a testpeer's "done ..." line.
qint64 field(const QByteArray &line, const char *key)
{
    const QByteArray tag = QByteArray(key) + '=';
    const qsizetype at = line.indexOf(tag);
    return at < 0 ? -1 : line.mid(at + tag.size()).split(' ').at(0).toLongLong();
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

struct ObserverLog
{
    std::map<QByteArray, std::vector<std::pair<int, quint64>>> bySender;   // sender -> (index, seq)
    std::set<qint64> leftPids;
    quint64 missed = 0;
    int fins = 0;
};

ObserverLog readLog(const QString &file)
{
    ObserverLog log;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return log;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> p = line.split(' ');
        if (p.at(0) == "M" && p.size() == 4)
            log.bySender[p.at(2)].emplace_back(p.at(3).toInt(), p.at(1).toULongLong());
        else if (p.at(0) == "L" && p.size() == 3)
            log.leftPids.insert(p.at(2).toLongLong());
        else if (p.at(0) == "X" && p.size() == 2)
            log.missed += p.at(1).toULongLong();
        else if (p.at(0) == "F")
            ++log.fins;
    }
    return log;
}
} // namespace

class TestChaos : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("chaos"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void survivesPeersKilledAnywhere();
    void frozenPeerDoesNotStopTheOthers_data();
    void frozenPeerDoesNotStopTheOthers();
    void sendersAndReadersFrozenAgainAndAgain();
    void slowReaderLearnsWhatItMissed();
    void longLifeOfMillionsOfMessages();
    void survivesRandomBytesInTheSegment();

private:
    QString m_channel;
};

void TestChaos::survivesPeersKilledAnywhere()
{
    const int kills = envInt("PEERCHAT_CHAOS_KILLS", 1000);
    constexpr int Concurrent = 4;
    QTemporaryDir dir;
    Peer observers[2];
    for (int i = 0; i < 2; ++i) {
        observers[i].start(QStringLiteral(TESTPEER_BINARY), {u"observe"_s, m_channel, u"o%1"_s.arg(i), u"1000"_s,
                                                             dir.filePath(u"o%1.log"_s.arg(i))});
        QVERIFY(observers[i].waitForLine("ready") == "ready");
    }
    for (auto &o : observers)
        o.write("go 1\n");   // each waits for the other's "fin" at the end

    auto *rng = QRandomGenerator::global();
    std::vector<std::unique_ptr<Peer>> victims(Concurrent);
    std::vector<QByteArray> victimNames;
    std::map<QByteArray, qint64> victimPid;
    std::map<QByteArray, qint64> killedAt;   // CLOCK_MONOTONIC ms
    std::vector<QByteArray> joined;
    int started = 0;
    int killedWhileJoining = 0;
    while (started < kills) {
        for (auto &slot : victims) {
            if (slot && slot->process().state() != QProcess::NotRunning)
                continue;
            if (started == kills)
                break;
            slot = std::make_unique<Peer>();
            const QByteArray name = "v" + QByteArray::number(started++);
            // Some send a little and leave by themselves (so kills also land while leaving).
            const int count = int(rng->bounded(1, 200));
            // Every other one hands its texts over 8 at a time, so kills also land inside a group.
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"TESTPEER_BATCH"_s, started % 2 ? u"8"_s : u"1"_s);
            slot->start(QStringLiteral(TESTPEER_BINARY), {u"chatter"_s, m_channel, QString::fromLatin1(name),
                                                          QString::number(count), u"100"_s},
                        env);
            if (!slot->process().waitForStarted())
                QFAIL("a victim did not start");
            victimNames.push_back(name);
            victimPid[name] = slot->pid();
            if (rng->bounded(5) == 0) {
                QTest::qSleep(int(rng->bounded(0, 12)));   // kill it while it starts or joins
                ++killedWhileJoining;
            } else {
                slot->waitForLine("ready");
                QThread::usleep(rng->bounded(0, 20000));   // kill it while it sends, or leaves
            }
            slot->signal(SIGKILL);
            killedAt[name] = monotonicMs();
            slot->waitForFinished();
            if (slot->lines().contains("ready"))
                joined.push_back(name);   // it had joined: both observers must see it leave
        }
        QCoreApplication::processEvents();
    }
    for (auto &slot : victims) {
        if (slot)
            slot->waitForFinished();
    }
    // Before stopping the observers, let them see the last deaths (each is reported when its
    // pidfd fires; a slow machine or a sanitizer may take a moment for the last few).
    for (auto &o : observers) {
        QVERIFY2(QTest::qWaitFor([&] {
            std::set<QByteArray> left;
            for (const QByteArray &line : o.lines()) {
                if (line.startsWith("left "))
                    left.insert(line.split(' ').value(1));
            }
            return std::all_of(joined.begin(), joined.end(), [&](const QByteArray &n) { return left.count(n) > 0; });
        }, testsupport::HangGuardMs), "an observer never reported a killed peer as left");
    }
    for (auto &o : observers)
        o.write("stop\n");
    for (auto &o : observers) {
        const QByteArray done = o.waitForLine("done");
        QVERIFY(o.waitForFinished());
        QVERIFY2(o.exitedWith(0), (done + o.standardError()).constData());
        // The steady traffic between the two observers: how late it came while peers died.
        qInfo("observer: delivery delay of the steady traffic: p99 %lld ms, worst %lld ms (%lld messages); "
              "its longest send() %lld ms",
              static_cast<long long>(field(done, "p99_ms")), static_cast<long long>(field(done, "worst_ms")),
              static_cast<long long>(field(done, "delivered")), static_cast<long long>(field(done, "maxsend_ms")));
    }
    const ObserverLog logs[2] = {readLog(dir.filePath(u"o0.log"_s)), readLog(dir.filePath(u"o1.log"_s))};
    quint64 checked = 0;
    int victimsThatSpoke = 0;
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(logs[i].missed, quint64(0));
        QCOMPARE(logs[i].fins, 1);
        // The other observer's messages: all of them, in order, exactly once.
        const auto &fromOther = logs[i].bySender.at("o" + QByteArray::number(1 - i));
        for (std::size_t k = 0; k < fromOther.size(); ++k)
            QCOMPARE(fromOther[k].first, int(k));
    }
    for (const QByteArray &name : victimNames) {
        const auto a = logs[0].bySender.find(name);
        const auto b = logs[1].bySender.find(name);
        const std::vector<std::pair<int, quint64>> none;
        const auto &atA = a == logs[0].bySender.end() ? none : a->second;
        const auto &atB = b == logs[1].bySender.end() ? none : b->second;
        // A killed sender's messages reach everyone or no one: the same prefix 0..n-1, same seqs.
        QVERIFY2(atA == atB, name.constData());
        for (std::size_t k = 0; k < atA.size(); ++k)
            QCOMPARE(atA[k].first, int(k));
        checked += 2 * atA.size();
        if (!atA.empty()) {
            ++victimsThatSpoke;
            // It joined, so both observers must have seen it leave (killed or not).
            const qint64 pid = victimPid.at(name);
            QVERIFY2(logs[0].leftPids.count(pid) && logs[1].leftPids.count(pid),
                     (name + " was never reported as left").constData());
        }
    }
    int leftSeen = 0;
    for (const auto &[name, pid] : victimPid)
        leftSeen += logs[0].leftPids.count(pid) && logs[1].leftPids.count(pid) ? 1 : 0;
    // How long after its SIGKILL each victim was shown as left (a figure, not a limit).
    std::vector<qint64> delays;
    for (auto &o : observers) {
        for (const QByteArray &line : o.lines()) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() == 3 && f.at(0) == "left" && killedAt.count(f.at(1)))
                delays.push_back(f.at(2).toLongLong() - killedAt.at(f.at(1)));
        }
    }
    std::sort(delays.begin(), delays.end());
    if (!delays.empty())
        qInfo("shown as left after SIGKILL: median %lld ms, max %lld ms (%zu reports)",
              static_cast<long long>(delays[delays.size() / 2]), static_cast<long long>(delays.back()), delays.size());
    qInfo("%d victims SIGKILLed (%d while starting or joining), %d had spoken; %llu deliveries checked; "
          "%d reported left at both observers",
          kills, killedWhileJoining, victimsThatSpoke, static_cast<unsigned long long>(checked), leftSeen);
}

void TestChaos::frozenPeerDoesNotStopTheOthers_data()
{
    QTest::addColumn<int>("batch");
    QTest::newRow("one send() each") << 1;
    QTest::newRow("groups of 32") << 32;   // sendUtf8Batch()
}

void TestChaos::frozenPeerDoesNotStopTheOthers()
{
    QFETCH(int, batch);
    constexpr int PerSender = 20'000;   // several laps of the 4096-cell ring
    QTemporaryDir dir;
    Peer frozen;
    frozen.start(QStringLiteral(TESTPEER_BINARY),
                 {u"slow"_s, m_channel, u"frozen"_s, u"0"_s, QString::number(2 * PerSender), u"2"_s});
    QVERIFY(frozen.waitForLine("ready") == "ready");
    Peer senders[2];
    for (int i = 0; i < 2; ++i) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TESTPEER_BATCH"_s, QString::number(batch));
        senders[i].start(QStringLiteral(TESTPEER_BINARY), {u"burst"_s, m_channel, u"s%1"_s.arg(i), QString::number(PerSender),
                                                           QString::number(PerSender), dir.filePath(u"s%1"_s.arg(i))},
                         env);
        QVERIFY(senders[i].waitForLine("ready") == "ready");
        // Frozen only once it has read the sender's "joined": then every position it cannot read
        // is a message, and the count below is exact.
        QVERIFY(frozen.waitForLine("joined s" + QByteArray::number(i)) == "joined s" + QByteArray::number(i));
    }
    frozen.signal(SIGSTOP);
    for (auto &s : senders)
        s.write("go\n");
    // Both senders finish and receive each other's 20 000 messages while the third peer is frozen.
    for (auto &s : senders) {
        const QByteArray done = s.waitForLine("done");
        QVERIFY(s.waitForFinished());
        QVERIFY2(s.exitedWith(0), (done + s.standardError()).constData());
    }
    frozen.signal(SIGCONT);
    const QByteArray done = frozen.waitForLine("done");
    QVERIFY(frozen.waitForFinished());
    QVERIFY2(frozen.exitedWith(0), (done + frozen.standardError()).constData());
    // It caught up exactly, or was told exactly what it missed: delivered + missed = published.
    const qint64 received = field(done, "received");
    const qint64 missed = field(done, "missed");
    QVERIFY2(missed > 0, done.constData());
    // The senders' "left" records come last, within the stretch it reads after the jump.
    QVERIFY2(received + missed == 2 * PerSender, done.constData());
    qInfo("frozen peer: %s", done.constData());
}

void TestChaos::sendersAndReadersFrozenAgainAndAgain()
{
    // Four peers send every millisecond and read each other while the test freezes (SIGSTOP)
    // one to three of them at once, again and again, some long enough to be lapped, and thaws
    // them (SIGCONT). Every peer must then have each other peer's messages in order, without
    // duplicates, and received + missed must equal what the others sent, exactly.
    constexpr int Peers = 4;
    const int rounds = envInt("PEERCHAT_FREEZE_ROUNDS", 16);
    QTemporaryDir dir;
    Peer peers[Peers];
    for (int i = 0; i < Peers; ++i) {
        peers[i].start(QStringLiteral(TESTPEER_BINARY), {u"observe"_s, m_channel, u"o%1"_s.arg(i), u"1000"_s,
                                                         dir.filePath(u"o%1.log"_s.arg(i))});
        QVERIFY(peers[i].waitForLine("ready") == "ready");
    }
    for (auto &p : peers) {
        p.write("go " + QByteArray::number(Peers - 1) + '\n');
        QVERIFY(p.process().waitForBytesWritten());   // qSleep() below runs no event loop
    }
    QTest::qSleep(200);   // some traffic before the first freeze
    auto *rng = QRandomGenerator::global();
    int frozenTotal = 0;
    for (int round = 0; round < rounds; ++round) {
        std::vector<int> chosen;
        const int count = int(rng->bounded(1, Peers));
        while (int(chosen.size()) < count) {
            const int k = int(rng->bounded(Peers));
            if (std::find(chosen.begin(), chosen.end(), k) == chosen.end())
                chosen.push_back(k);
        }
        for (const int k : chosen)
            peers[k].signal(SIGSTOP);
        frozenTotal += count;
        QTest::qSleep(round % 4 == 3 ? int(rng->bounded(2500, 3500)) : int(rng->bounded(20, 400)));
        for (const int k : chosen)
            peers[k].signal(SIGCONT);
        QTest::qSleep(int(rng->bounded(20, 150)));
    }
    for (auto &p : peers) {
        p.write("stop\n");
        QVERIFY(p.process().waitForBytesWritten());
    }
    std::map<QByteArray, qint64> sent;
    for (int i = 0; i < Peers; ++i) {
        const QByteArray done = peers[i].waitForLine("done");
        QVERIFY(peers[i].waitForFinished());
        QVERIFY2(peers[i].exitedWith(0), (done + peers[i].standardError()).constData());
        sent["o" + QByteArray::number(i)] = field(done, "sent");
    }
    quint64 missedTotal = 0;
    for (int i = 0; i < Peers; ++i) {
        const ObserverLog log = readLog(dir.filePath(u"o%1.log"_s.arg(i)));
        QCOMPARE(log.fins, Peers - 1);
        qint64 received = 0;
        qint64 expected = 0;
        for (const auto &[name, count] : sent) {
            if (name == "o" + QByteArray::number(i))
                continue;
            expected += count;
            const auto it = log.bySender.find(name);
            if (it == log.bySender.end())
                continue;
            int last = -1;
            for (const auto &[index, seq] : it->second) {
                QVERIFY2(index > last, qPrintable(u"o%1 got %2's #%3 after #%4"_s.arg(i).arg(QString::fromLatin1(name)).arg(index).arg(last)));
                last = index;
            }
            received += qint64(it->second.size());
        }
        QVERIFY2(expected > 1000, "the peers hardly sent anything");
        QCOMPARE(received + qint64(log.missed), expected);
        missedTotal += log.missed;
    }
    qInfo("%d freezes of 1-3 of %d peers in %d rounds; %llu messages missed in all, each counted exactly",
          frozenTotal, Peers, rounds, static_cast<unsigned long long>(missedTotal));
}

void TestChaos::slowReaderLearnsWhatItMissed()
{
    // A reader that keeps moving, however slowly, gets back-pressure (senders go at its pace);
    // one that stops for longer than the senders' patience (200 ms) is left behind, and told.
    // This one stops for 300 ms after every 2 000 messages.
    constexpr int Count = 30'000;
    Peer slow;
    slow.start(QStringLiteral(TESTPEER_BINARY),
               {u"slow"_s, m_channel, u"slow"_s, u"300000/2000"_s, QString::number(Count), u"1"_s});
    QVERIFY(slow.waitForLine("ready") == "ready");
    Peer flood;
    flood.start(QStringLiteral(TESTPEER_BINARY), {u"flood"_s, m_channel, u"flood"_s, QString::number(Count)});
    const QByteArray sent = flood.waitForLine("done");
    QVERIFY(flood.waitForFinished());
    QVERIFY2(flood.exitedWith(0), (sent + flood.standardError()).constData());
    const QByteArray done = slow.waitForLine("done");
    QVERIFY(slow.waitForFinished());
    QVERIFY2(slow.exitedWith(0), (done + slow.standardError()).constData());
    const qint64 received = field(done, "received");
    const qint64 missed = field(done, "missed");
    QVERIFY2(missed > 0 && received > 0, done.constData());
    // Exactly: it stops only after the flood's "left" (the last position), so an over-count
    // cannot hide behind messages still to come.
    QVERIFY2(received + missed == Count, done.constData());
    qInfo("slow reader: %s", done.constData());
}

void TestChaos::longLifeOfMillionsOfMessages()
{
    const int count = envInt("PEERCHAT_LONG_LIFE_MESSAGES", 2'000'000);
    Peer reader;
    reader.start(QStringLiteral(TESTPEER_BINARY), {u"slow"_s, m_channel, u"reader"_s, u"0"_s, QString::number(count)});
    QVERIFY(reader.waitForLine("ready") == "ready");
    Peer flood;
    flood.start(QStringLiteral(TESTPEER_BINARY), {u"flood"_s, m_channel, u"flood"_s, QString::number(count)});
    QVERIFY(flood.waitForFinished(600'000));
    QVERIFY2(flood.exitedWith(0), flood.standardError().constData());
    const QByteArray done = reader.waitForLine("done", 600'000);
    QVERIFY(reader.waitForFinished());
    QVERIFY2(reader.exitedWith(0), (done + reader.standardError()).constData());
    const qint64 received = field(done, "received");
    const qint64 missed = field(done, "missed");
    QCOMPARE(received + missed, qint64(count));
    qInfo("long life: %s", done.constData());
}

void TestChaos::survivesRandomBytesInTheSegment()
{
    // Two peers keep talking while another program writes random bytes anywhere in their
    // segment (header, peer table, ring, outboxes). Each must either carry on (counting what it
    // lost) or leave with "channel NAME is damaged: <why>" and exit 1: never crash or hang,
    // never deliver a text that no peer sent, and never spin on what the damage left.
    Peer peers[2];
    for (int i = 0; i < 2; ++i) {
        peers[i].start(QStringLiteral(TESTPEER_BINARY), {u"endure"_s, m_channel, u"e%1"_s.arg(i), u"3000"_s});
        QVERIFY(peers[i].waitForLine("ready") == "ready");
    }
    QSharedMemory segment;
    QString why;
    QVERIFY(ipckey::setSegmentKey(segment, testsupport::segmentKeyFile(m_channel), &why));
    QVERIFY(ipckey::attachSegment(segment, testsupport::segmentKeyFile(m_channel)));
    auto *bytes = static_cast<uchar *>(segment.data());
    auto *rng = QRandomGenerator::global();
    // Mostly the hot areas (header atomics, peer table, ring, the first outboxes), some anywhere.
    const std::size_t hot = layout::outboxesOffset + 2 * layout::OutboxSize;
    // Records carry no checksum: bytes written into a record that a reader has yet to read make
    // another text, and no reader can tell (the bus promises nothing against a program of the same
    // user doing that on purpose). So the writer spares the part of each outbox that its readers
    // have yet to read (from the oldest record that a ring cell some reader has yet to read points
    // at: under ThreadSanitizer a reader can be seconds behind) and the part its owner
    // writes next (128 KiB after the frontier), with 128 KiB to spare behind, and the frontier
    // words themselves: a reader's check of a record it copied is against its sender's frontier,
    // and a frontier made smaller lets a record torn by its owner pass as well as it moves the
    // spared part away. Everywhere else, damage must be caught or be harmless.
    constexpr std::size_t Spare = 128 * 1024;
    const auto slotAt = [&](std::size_t box) {
        return reinterpret_cast<const layout::PeerSlot *>(bytes + layout::slotsOffset + layout::slotStride * box);
    };
    std::array<std::size_t, layout::MaxPeers> unreadBehind{};   // per outbox: bytes behind its frontier
    // The whole ring, not from the head back: the head is a hint, and one of our writes may have
    // made it anything. A cell's lap tag says which position it was published for; a reader has
    // yet to read it when that is at or past the reader's position, and less than a lap past (no
    // sender publishes a lap ahead of a reader it waits for, and a lapped reader skips the lap:
    // beyond that, one of our writes made the tag up).
    const auto findUnread = [&] {
        unreadBehind.fill(0);
        std::vector<quint64> readers;   // the active readers' positions
        for (std::size_t box = 0; box < layout::MaxPeers; ++box) {
            if (layout::ownerState(slotAt(box)->owner.load()) == layout::SlotActive)
                readers.push_back(slotAt(box)->readPos.load());
        }
        const auto *ring = reinterpret_cast<const std::atomic<quint64> *>(bytes + layout::ringOffset);
        for (quint64 index = 0; index < layout::RingCells; ++index) {
            const quint64 cell = ring[index].load();
            const quint64 tag = layout::cellTag(cell);
            const quint64 position = (tag - 1) * layout::RingCells + index;
            const bool unread = tag != 0 && std::any_of(readers.begin(), readers.end(), [&](quint64 reader) {
                return position >= reader && position - reader < layout::RingCells;
            });
            if (!unread)
                continue;
            const std::size_t box = layout::cellSender(cell);
            const std::size_t frontier = slotAt(box)->frontier.load() % layout::OutboxSize;
            unreadBehind[box] = std::max(unreadBehind[box], (frontier + layout::OutboxSize - layout::cellOffset(cell)) % layout::OutboxSize);
        }
    };
    const auto inFlight = [&](std::size_t at, std::size_t length) {
        if (at < layout::ringOffset && at + length > layout::slotsOffset) {
            const std::size_t firstSlot = (at - std::min(at, layout::slotsOffset)) / layout::slotStride;
            for (std::size_t box = firstSlot; box <= firstSlot + 1 && box < layout::MaxPeers; ++box) {
                const std::size_t word = std::size_t(reinterpret_cast<const uchar *>(&slotAt(box)->frontier) - bytes);
                if (at < word + sizeof(quint64) && at + length > word)
                    return true;
            }
            return false;
        }
        if (at + length <= layout::outboxesOffset)
            return false;
        const std::size_t box = (at - layout::outboxesOffset) / layout::OutboxSize;
        const std::size_t first = (at - layout::outboxesOffset) % layout::OutboxSize;
        const std::size_t lastBox = (at + length - 1 - layout::outboxesOffset) / layout::OutboxSize;
        if (lastBox != box || box >= layout::MaxPeers)
            return true;   // across two outboxes: not worth the arithmetic
        const std::size_t frontier = slotAt(box)->frontier.load() % layout::OutboxSize;
        const std::size_t ahead = (first + layout::OutboxSize - frontier) % layout::OutboxSize;
        const std::size_t behind = (frontier + layout::OutboxSize - first) % layout::OutboxSize;
        return ahead < Spare || behind < unreadBehind[box] + Spare;
    };
    const auto quiet = [&](Peer &peer) { return peer.process().state() != QProcess::Running || peer.lines().contains("quiet"); };
    int writes = 0;
    while (!quiet(peers[0]) || !quiet(peers[1])) {
        findUnread();
        for (int k = 0; k < 8; ++k) {
            const std::size_t limit = rng->bounded(4) == 0 ? std::size_t(segment.size()) : hot;
            const std::size_t at = std::size_t(rng->bounded(quint64(limit - 8)));
            const std::size_t length = 1 + rng->bounded(8);
            if (inFlight(at, length))
                continue;
            const quint64 value = rng->generate64();
            std::memcpy(bytes + at, &value, length);
            ++writes;
        }
        QTest::qWait(2);
        if (writes > 200'000)
            break;
    }
    ipckey::detachSegment(segment, testsupport::segmentKeyFile(m_channel));

    // No spinning on what the damage left: over a quiet second (no writes, no sending) a peer
    // that only waits for messages uses next to no CPU; one that walks impossible cells or
    // repeats errors uses all of a core.
    const auto cpuMs = [](qint64 pid) -> qint64 {
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> f = text.mid(text.lastIndexOf(')') + 2).split(' ');   // f[0] is field 3
        return f.size() > 12 ? (f.at(11).toLongLong() + f.at(12).toLongLong()) * 1000 / ::sysconf(_SC_CLK_TCK) : -1;
    };
    qint64 before[2], spent[2] = {-1, -1};
    for (int i = 0; i < 2; ++i)
        before[i] = peers[i].process().state() == QProcess::Running ? cpuMs(peers[i].pid()) : -1;
    QTest::qWait(1000);
    for (int i = 0; i < 2; ++i) {
        const qint64 after = peers[i].process().state() == QProcess::Running ? cpuMs(peers[i].pid()) : -1;
        if (before[i] >= 0 && after >= 0)
            spent[i] = after - before[i];
        peers[i].write("\n");
    }
    int damaged = 0;
    int quietChecked = 0;
    for (int i = 0; i < 2; ++i) {
        Peer &peer = peers[i];
        const QByteArray done = peer.waitForLine("done");
        QVERIFY2(peer.waitForFinished(), "a peer hung");
        QCOMPARE(peer.process().exitStatus(), QProcess::NormalExit);   // no crash
        const int code = peer.process().exitCode();
        QVERIFY2(code == 0 || code == 1, peer.standardError().constData());
        if (code == 1) {
            ++damaged;
            QVERIFY2(peer.standardError().contains("peerchat: channel " + m_channel.toUtf8() + " is damaged: "),
                     peer.standardError().constData());
        }
        qInfo("%s (exit %d); CPU time over the quiet second: %lld ms", done.constData(), code, static_cast<long long>(spent[i]));
        QVERIFY2(field(done, "altered") == 0, peer.standardError().right(2000).constData());   // byte for byte
        if (spent[i] >= 0) {
            ++quietChecked;
            QVERIFY2(spent[i] <= 100, qPrintable(u"peer %1 used %2 ms of CPU in a quiet second"_s.arg(i).arg(spent[i])));
        }
        const qint64 cpu = field(done, "cpu_ms");   // the whole run: sending every ms for 3 s and reading
        QVERIFY2(cpu >= 0 && cpu < 2000, done.constData());
    }
    qInfo("%d random writes into a live segment; %d of 2 peers left with \"damaged\", the others carried on "
          "(%d checked over a quiet second)", writes, damaged, quietChecked);
    // What a damaged run leaves behind is for --purge; the test removes it.
    QString purgeWhy;
    (void)ChannelDirectory::purge(m_channel, &purgeWhy);
}

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
