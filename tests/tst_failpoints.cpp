// The protocol's narrow windows, entered on purpose: peers told through PEERCHAT_FAILPOINT to
// stop, die or sleep at a named point (ipc/failpoint.h, DESIGN.md "Failpoints"), while the others
// must keep the bus's promises. Each test here failed on the bus before its window was closed.
#include "messagebus.h"
#include "testsupport.h"
#include "testtexts.h"

#include "channeldirectory.h"
#include "doorbellrecords.h"
#include "ipckey.h"
#include "peerprocess.h"
#include "runtimedir.h"
#include "segmentlayout_p.h"

#include <QElapsedTimer>
#include <QSharedMemory>
#include <QSystemSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <limits>
#include <optional>
#include <thread>
#include <sys/sem.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PEERCHAT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PEERCHAT_SANITIZED 1
#endif
#endif

using namespace Qt::StringLiterals;
using testsupport::Peer;

namespace {
QProcessEnvironment withFailpoint(const QString &spec)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PEERCHAT_FAILPOINT"_s, spec);
    return env;
}

// Waits until the peer wrote "peerchat: failpoint NAME" to stderr.
bool waitForFailpoint(Peer &peer, const char *name)
{
    const QByteArray tag = QByteArray("peerchat: failpoint ") + name + ':';
    return QTest::qWaitFor([&] { return peer.standardError().contains(tag); }, testsupport::HangGuardMs);
}

// The number after "key=" in a testpeer's "done ..." line.
qint64 field(const QByteArray &line, const char *key)
{
    const QByteArray tag = QByteArray(key) + '=';
    const qsizetype at = line.indexOf(tag);
    return at < 0 ? -1 : line.mid(at + tag.size()).split(' ').at(0).toLongLong();
}

int slotOf(const QByteArray &ready)
{
    const QList<QByteArray> f = ready.split(' ');
    return f.size() == 4 && f.at(2) == "slot" ? f.at(3).toInt() : -1;
}

// What `reader` receives, in its order: "M text", "L name" (left), "X n" (n missed).
void logEvents(MessageBus &reader, QStringList *events)
{
    QObject::connect(&reader, &MessageBus::messageReceived, &reader, [events](const ChatMessage &m) { *events << u"M "_s + m.text; });
    QObject::connect(&reader, &MessageBus::peerLeft, &reader, [events](const PeerInfo &p) { *events << u"L "_s + p.name; });
    QObject::connect(&reader, &MessageBus::messagesMissed, &reader, [events](quint64 n) { *events << u"X %1"_s.arg(n); });
}
} // namespace

class TestFailpoints : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("fp"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void publishedMessageReachesSleepersWhateverHappensToItsSender_data();
    void publishedMessageReachesSleepersWhateverHappensToItsSender();
    void groupSenderStoppedOrKilledBetweenItsCells_data();
    void groupSenderStoppedOrKilledBetweenItsCells();
    void reaperDoesNotFreeTheSlotOfALiveJoiner();
    void reaperKilledInItsReclaimLeavesNoDoorbell_data();
    void reaperKilledInItsReclaimLeavesNoDoorbell();
    void joinerKilledWhileRecordingItsDoorbell_data();
    void joinerKilledWhileRecordingItsDoorbell();
    void frozenReadersCostOneWaitTogether_data();
    void frozenReadersCostOneWaitTogether();
    void recoveredLaggardGetsBackPressure_data();
    void recoveredLaggardGetsBackPressure();
    void lappedReaderThatSendsCountsExactly();
    // Window 6: hostile bytes written into the segment by another program of the same user.
    void damagedRingIsReportedOnce();
    void forgedJoinedNamingOurSlotDoesNotGrowThePeerList();
    void forgedDoorbellIdRingsNoOtherSemaphore();
    void forgedActiveSlotsCostOneWait();

private:
    QString m_channel;
};

// Window 1: the sender stops or dies between its publishing CAS and ringing the sleepers. The
// reader here is asleep (no other traffic); the message must still reach it within a second,
// and a dead sender's message must come before its "left".
void TestFailpoints::publishedMessageReachesSleepersWhateverHappensToItsSender_data()
{
    QTest::addColumn<QString>("failpoint");
    QTest::addColumn<bool>("dies");
    // Hit 1 is the sender's "joined" record, hit 2 its message; the pause before the message's
    // CAS lets the reader fall asleep first.
    QTest::newRow("stopped after its CAS") << u"before-publish-cas:2*sleep(300);after-publish-cas:2*stop"_s << false;
    QTest::newRow("stopped before ringing") << u"before-publish-cas:2*sleep(300);before-ring:2*stop"_s << false;
    QTest::newRow("killed after its CAS") << u"before-publish-cas:2*sleep(300);after-publish-cas:2*kill"_s << true;
    QTest::newRow("killed before ringing") << u"before-publish-cas:2*sleep(300);before-ring:2*kill"_s << true;
}

void TestFailpoints::publishedMessageReachesSleepersWhateverHappensToItsSender()
{
    QFETCH(QString, failpoint);
    QFETCH(bool, dies);
    MessageBus reader(m_channel);
    QVERIFY2(reader.join(u"reader"_s), qPrintable(reader.errorString()));
    QStringList events;
    logEvents(reader, &events);
    QSignalSpy joined(&reader, &MessageBus::peerJoined);
    {
        Peer sender;
        sender.start(QStringLiteral(TESTPEER_BINARY), {u"chatter"_s, m_channel, u"s"_s, u"1"_s, u"0"_s},
                     withFailpoint(failpoint));
        QVERIFY2(waitForFailpoint(sender, failpoint.section(u';', 1).section(u':', 0, 0).toLatin1().constData()),
                 sender.standardError().constData());
        QElapsedTimer since;
        since.start();
        QVERIFY(joined.count() == 1 || joined.wait(testsupport::HangGuardMs));
        const QString expected = u"M "_s + testtexts::text(u"s"_s, 0);
        // The promise is one second; 3 s here only rides out a loaded machine (before the fix
        // the message never came).
        QTRY_VERIFY2_WITH_TIMEOUT(events.contains(expected), qPrintable(events.join(u" | "_s)), 3000);
        qInfo("delivered %lld ms after the sender %s", static_cast<long long>(since.elapsed()),
              dies ? "died" : "stopped");
        if (dies) {
            QTRY_VERIFY2_WITH_TIMEOUT(events.contains(u"L s"_s), qPrintable(events.join(u" | "_s)), 3000);
            QCOMPARE(events, QStringList({expected, u"L s"_s}));   // its last words, then "left"
        } else {
            QVERIFY(testsupport::processStopped(sender.pid()));
        }
        // Leaving the scope kills a stopped sender; the reader reaps it.
    }
    reader.leave();
}

// A group (sendUtf8Batch()) is written into the outbox first and then published one CAS per
// record, with one ring at the end: a sender stopped or killed between two of its cells must leave
// exactly the records published so far, delivered whole and in order, and nothing of the rest.
void TestFailpoints::groupSenderStoppedOrKilledBetweenItsCells_data()
{
    QTest::addColumn<QString>("failpoint");
    QTest::addColumn<int>("published");   // records of the group the others get
    QTest::addColumn<bool>("dies");
    // Hit 1 of each point is the sender's "joined" record; hits 2-11 are its group of ten.
    QTest::newRow("stopped before its 4th cell") << u"before-publish-cas:5*stop"_s << 3 << false;
    QTest::newRow("killed before its 4th cell") << u"before-publish-cas:5*kill"_s << 3 << true;
    QTest::newRow("killed after its 4th cell") << u"after-publish-cas:5*kill"_s << 4 << true;
    QTest::newRow("stopped after its last cell") << u"before-ring:2*stop"_s << 10 << false;
}

void TestFailpoints::groupSenderStoppedOrKilledBetweenItsCells()
{
    QFETCH(QString, failpoint);
    QFETCH(int, published);
    QFETCH(bool, dies);
    MessageBus reader(m_channel);
    QVERIFY2(reader.join(u"reader"_s), qPrintable(reader.errorString()));
    QStringList events;
    logEvents(reader, &events);
    QStringList expected;
    for (int i = 0; i < published; ++i)
        expected << u"M "_s + testtexts::text(u"s"_s, i);
    {
        Peer sender;
        QProcessEnvironment env = withFailpoint(failpoint);
        env.insert(u"TESTPEER_BATCH"_s, u"10"_s);
        sender.start(QStringLiteral(TESTPEER_BINARY), {u"chatter"_s, m_channel, u"s"_s, u"10"_s, u"0"_s}, env);
        QVERIFY2(waitForFailpoint(sender, failpoint.section(u':', 0, 0).toLatin1().constData()),
                 sender.standardError().constData());
        // Not rung (the ring comes after the group): the reader's own look once a second finds them.
        QTRY_VERIFY2_WITH_TIMEOUT(events.size() >= published, qPrintable(events.join(u" | "_s)), 3000);
        if (dies) {
            QTRY_VERIFY2_WITH_TIMEOUT(events.contains(u"L s"_s), qPrintable(events.join(u" | "_s)), 3000);
            QCOMPARE(events, expected + QStringList{u"L s"_s});
        } else {
            QTest::qWait(300);   // nothing more may come
            QCOMPARE(events, expected);
            QVERIFY(testsupport::processStopped(sender.pid()));
        }
    }
    reader.leave();
}

// Window 3: a reaper judges a joiner by the start time the slot's previous owner left there and
// frees the slot under it; the next joiner then gets the same slot (and outbox). Here: D leaves
// slot 1 behind, J claims it and pauses right after its claim; K dies so that H reaps at that
// moment, and H pauses inside its reclaim while J finishes joining; then L joins.
void TestFailpoints::reaperDoesNotFreeTheSlotOfALiveJoiner()
{
    Peer h, d, k, j, l;
    h.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"h"_s},
            withFailpoint(u"after-reclaim-cas:1*sleep(1500)"_s));
    QVERIFY(h.waitForLine("ready").startsWith("ready"));
    d.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"d"_s});
    const int slotD = slotOf(d.waitForLine("ready"));
    k.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"k"_s});
    QVERIFY(k.waitForLine("ready").startsWith("ready"));
    QVERIFY(h.waitForLine("joined k") == "joined k");
    d.write("\n");                                  // D leaves: its slot is free, its start time stays
    QVERIFY(d.waitForFinished());
    QVERIFY(d.exitedWith(0));
    QVERIFY(h.waitForLine("left d") == "left d");
    j.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"j"_s},
            withFailpoint(u"after-claim-cas:1*sleep(700)"_s));
    QVERIFY2(waitForFailpoint(j, "after-claim-cas"), j.standardError().constData());
    k.signal(SIGKILL);                              // H reaps now, while J is between claim and start time
    QVERIFY(k.waitForFinished());
    const int slotJ = slotOf(j.waitForLine("ready"));
    QCOMPARE(slotJ, slotD);
    QVERIFY2(h.waitForLine("left k") == "left k", h.standardError().constData());
    l.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"l"_s});
    const int slotL = slotOf(l.waitForLine("ready"));
    QVERIFY2(slotL >= 0 && slotL != slotJ,
             qPrintable(u"J and L share slot %1: a reaper freed it while J was joining"_s.arg(slotJ)));
    for (Peer *p : {&l, &j, &h}) {
        p->write("\n");
        QVERIFY(p->waitForFinished());
        QVERIFY2(p->exitedWith(0), p->standardError().constData());
    }
}

// A reaper killed inside its reclaim (slot CASed to reclaiming, the dead peer's doorbell not yet
// removed): the next reaper sees the reaper's pid in the slot, not the dead peer's. D's doorbell
// (its System V semaphore) must still go, whether a new peer then takes D's slot (and writes its
// own record over D's) or the last peer out removes the channel. Before, it stayed for good.
void TestFailpoints::reaperKilledInItsReclaimLeavesNoDoorbell_data()
{
    QTest::addColumn<bool>("slotTakenAgain");
    QTest::newRow("a new peer takes the slot") << true;
    QTest::newRow("the last peer out") << false;
}

void TestFailpoints::reaperKilledInItsReclaimLeavesNoDoorbell()
{
    QFETCH(bool, slotTakenAgain);
    Peer h, d, r, l;
    h.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"h"_s}, withFailpoint(u"after-reclaim-cas:1*kill"_s));
    QVERIFY(h.waitForLine("ready").startsWith("ready"));
    d.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"d"_s});
    const int slotD = slotOf(d.waitForLine("ready"));
    QVERIFY(slotD >= 0);
    const std::optional<DoorbellRecords::Record> bellD = DoorbellRecords(runtimedir::path(), m_channel).read(slotD);
    QVERIFY(bellD && bellD->pid == d.pid() && bellD->semaphoreId >= 0);
    const auto semaphoreExists = [](int id) { return ::semctl(id, 0, GETVAL) != -1 || errno != EINVAL; };
    QVERIFY(semaphoreExists(bellD->semaphoreId));
    QVERIFY(h.waitForLine("joined d") == "joined d");
    d.signal(SIGKILL);                              // H reaps D and dies inside its reclaim
    QVERIFY(d.waitForFinished());
    QVERIFY2(waitForFailpoint(h, "after-reclaim-cas"), h.standardError().constData());
    QVERIFY(h.waitForFinished());                   // reaped: its pid is dead, not a zombie
    r.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"r"_s});
    QVERIFY(r.waitForLine("ready").startsWith("ready"));   // reaps H's slot, and D's from H
    std::vector<Peer *> leaving{&r};
    if (slotTakenAgain) {
        // Lowest free slot first: R took H's, L takes D's (or H's, if R took D's).
        l.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"l"_s});
        QVERIFY(l.waitForLine("ready").startsWith("ready"));
        QVERIFY2(!semaphoreExists(bellD->semaphoreId), "D's doorbell outlived the peer that took its slot's record");
        leaving.push_back(&l);
    }
    for (Peer *p : leaving) {
        p->write("\n");
        QVERIFY(p->waitForFinished());
        QVERIFY2(p->exitedWith(0), p->standardError().constData());
    }
    QVERIFY2(!semaphoreExists(bellD->semaphoreId), "D's doorbell outlived the channel");
    QVERIFY(!testsupport::segmentExists(m_channel));
}

// A joiner killed while it records its doorbell: the new record is written beside the old one
// (`.bell.new`) and not yet renamed over it. Hit 1 is the record before the semaphore exists (id
// -1), hit 2 the one with its id. The next joiner's reaping removes the semaphore, its key file
// and both files. Before, the record was rewritten in place, and a kill between truncating and
// writing it left an empty record that no reaper could act on: the semaphore stayed for good
// (twice in CI, after tst_chaos).
void TestFailpoints::joinerKilledWhileRecordingItsDoorbell_data()
{
    QTest::addColumn<int>("hit");
    QTest::newRow("before its doorbell exists") << 1;
    QTest::newRow("with its doorbell") << 2;
}

void TestFailpoints::joinerKilledWhileRecordingItsDoorbell()
{
    QFETCH(int, hit);
    Peer h, j, l;
    h.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"h"_s});
    QVERIFY(h.waitForLine("ready").startsWith("ready"));
    j.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"j"_s},
            withFailpoint(u"before-bell-rename:%1*kill"_s.arg(hit)));
    QVERIFY(j.process().waitForStarted());
    const qint64 jPid = j.pid();   // QProcess forgets it once the process has finished
    QVERIFY2(waitForFailpoint(j, "before-bell-rename"), j.standardError().constData());
    QVERIFY(j.waitForFinished());   // killed at its failpoint, and reaped: its pid is dead
    // What it left: the new record beside the old one (none before hit 2).
    const QDir dir(runtimedir::path());
    QStringList left;
    int semaphore = -1;
    for (const QString &name : dir.entryList({m_channel + u".*.bell*"_s}, QDir::Files)) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> fields = file.readLine().trimmed().split(' ');
        if (fields.value(0).toLongLong() != jPid)
            continue;
        left << name;
        if (name.endsWith(u".new"_s))
            semaphore = fields.value(2).toInt();
    }
    QCOMPARE(left.size(), hit);
    QVERIFY(left.join(u' ').contains(u".bell.new"_s));
    if (hit == 2)
        QVERIFY2(ipckey::doorbellExists(semaphore), "the joiner's doorbell should exist until it is reaped");
    l.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"l"_s});   // reaps J's slot
    QVERIFY(l.waitForLine("ready").startsWith("ready"));
    for (const QString &name : std::as_const(left)) {   // gone, or L's own now (L may take J's slot)
        QFile file(dir.filePath(name));
        QVERIFY2(!file.open(QIODevice::ReadOnly) || file.readLine().trimmed().split(' ').value(0).toLongLong() != jPid,
                 qPrintable(name + u" outlived its dead writer"_s));
    }
    if (hit == 2)
        QVERIFY2(!ipckey::doorbellExists(semaphore), "the dead joiner's doorbell was left behind");
    for (Peer *p : {&l, &h}) {
        p->write("\n");
        QVERIFY(p->waitForFinished());
        QVERIFY2(p->exitedWith(0), p->standardError().constData());
    }
    QCOMPARE(dir.entryList({m_channel + u".*"_s}, QDir::Files).filter(u".bell"_s), QStringList());
}

// Window 2: k frozen readers must cost a sender one bounded wait together, not k in turn; a
// reader the kernel reports stopped is not waited for at all. "stuck" readers dawdle 1.5 s inside
// their watcher (state S, not T) through a failpoint each time before they sleep: the flood
// starts while they do.
void TestFailpoints::frozenReadersCostOneWaitTogether_data()
{
    QTest::addColumn<int>("frozen");
    QTest::addColumn<bool>("sigstop");
    QTest::addColumn<int>("limitMs");
    QTest::newRow("one stopped") << 1 << true << 150;
    QTest::newRow("four stopped") << 4 << true << 150;
    QTest::newRow("four stuck") << 4 << false << 400;
}

void TestFailpoints::frozenReadersCostOneWaitTogether()
{
    QFETCH(int, frozen);
    QFETCH(bool, sigstop);
    QFETCH(int, limitMs);
    constexpr int Count = 12'000;   // about three laps of the ring
    Peer live;
    live.start(QStringLiteral(TESTPEER_BINARY), {u"slow"_s, m_channel, u"live"_s, u"0"_s, QString::number(Count), u"1"_s});
    QVERIFY(live.waitForLine("ready") == "ready");
    std::vector<std::unique_ptr<Peer>> readers;
    for (int i = 0; i < frozen; ++i) {
        auto r = std::make_unique<Peer>();
        r->start(QStringLiteral(TESTPEER_BINARY), {u"slow"_s, m_channel, u"r%1"_s.arg(i), u"0"_s, QString::number(Count), u"1"_s},
                 sigstop ? QProcessEnvironment() : withFailpoint(u"before-sleep:sleep(1500)"_s));
        QVERIFY(r->waitForLine("ready") == "ready");
        readers.push_back(std::move(r));
    }
    Peer flood;
    flood.start(QStringLiteral(TESTPEER_BINARY), {u"flood"_s, m_channel, u"flood"_s, QString::number(Count), u"go"_s});
    QVERIFY(flood.waitForLine("ready") == "ready");
    for (auto &r : readers) {
        QVERIFY2(r->waitForLine("joined flood") == "joined flood", r->standardError().constData());
        if (sigstop) {
            r->signal(SIGSTOP);
            QTRY_VERIFY(testsupport::processStopped(r->pid()));
        }
    }
    flood.write("go\n");
    const QByteArray sent = flood.waitForLine("done");
    QVERIFY(flood.waitForFinished());
    QVERIFY2(flood.exitedWith(0), (sent + flood.standardError()).constData());
    const QByteArray got = live.waitForLine("done");
    QVERIFY(live.waitForFinished());
    QVERIFY2(live.exitedWith(0), (got + live.standardError()).constData());
    QCOMPARE(field(got, "received"), qint64(Count));   // the live reader lost nothing
    qInfo("%d messages with %d reader(s) %s: %s; live reader: %s", Count, frozen, sigstop ? "SIGSTOPped" : "stuck",
          sent.constData(), got.constData());
    for (auto &r : readers) {
        if (sigstop)
            r->signal(SIGCONT);
        const QByteArray done = r->waitForLine("done");
        QVERIFY(r->waitForFinished());
        QVERIFY2(r->exitedWith(0), (done + r->standardError()).constData());
        // several laggards at once, each told exactly what it missed
        QCOMPARE(field(done, "received") + field(done, "missed"), qint64(Count));
    }
#if defined(PEERCHAT_SANITIZED)
    limitMs = limitMs * 7 / 4;   // everything is 3-10x slower; still below k waits in turn
#endif
    QVERIFY2(field(sent, "maxsend_ms") < limitMs,
             qPrintable(u"one send() waited %1 ms for %2 frozen reader(s)"_s.arg(field(sent, "maxsend_ms")).arg(frozen)));
}

// Window 4: a recovered laggard is lapped again. A reader stuck past the bounded wait becomes a
// laggard and is lapped: it loses one stretch. Once it has jumped near the head and cleared its
// laggard bit, the sender's cached minimum of the readers it waits for must include it again at
// once; from then on it gets back-pressure and loses nothing, however much slower it reads than
// the sender writes. A real watcher reads its 512 positions behind the head in well under a
// millisecond, so with processes this window is met only by chance; here the sender and the
// readers are views of the segment in this process, and the test decides when a reader reads:
// stuck in phase 1 (several laggards at once: one wait for all), then each in a thread of its
// own, recovering one after the other while the sender publishes, eight times slower than it.
void TestFailpoints::recoveredLaggardGetsBackPressure_data()
{
    QTest::addColumn<int>("readers");
    QTest::newRow("one laggard") << 1;
    QTest::newRow("three laggards, recovering in turn") << 3;
}

void TestFailpoints::recoveredLaggardGetsBackPressure()
{
    QFETCH(int, readers);
    const quint64 startTime = peerprocess::startTime(QCoreApplication::applicationPid());
    QString why;
    QVERIFY2(runtimedir::ensure(&why), qPrintable(why));
    ChannelSegment sender(m_channel, runtimedir::path());
    QVERIFY2(sender.open(), qPrintable(sender.errorString()));
    QVERIFY(sender.slotTable().claim(startTime) >= 0);
    QVERIFY(sender.activate("s", -1, QString(), startTime));
    sender.reader().commitReadPosition(std::numeric_limits<quint64>::max() / 2);   // its own reading is not under test
    std::vector<std::unique_ptr<ChannelSegment>> views;
    for (int k = 0; k < readers; ++k) {
        views.push_back(std::make_unique<ChannelSegment>(m_channel, runtimedir::path()));
        QVERIFY(views.back()->open());
        QVERIFY(views.back()->slotTable().claim(startTime) >= 0);
        QVERIFY(views.back()->activate("r" + QByteArray::number(k), -1, QString(), startTime));
    }
    const quint64 start = views.front()->reader().readPosition();
    const auto send = [&](int i) {
        const QByteArray text = testtexts::text(u"s"_s, i).toUtf8();
        const std::optional<quint64> at = sender.writer().publish(layout::RecordMessage, "s", text, sender.slotTable().slot(), 1);
        return at && *at == start + quint64(i);
    };

    // Phase 1: the readers read nothing; the sender waits for them once (200 ms), marks them
    // laggards and laps them.
    constexpr int Lapping = int(layout::RingCells) + 100;
    QElapsedTimer phase1;
    phase1.start();
    for (int i = 0; i < Lapping; ++i)
        QVERIFY(send(i));
    const qint64 phase1Ms = phase1.elapsed();

    // Phase 2: a laggard recovers by reading its lapped cell (which clears its laggard bit): the
    // first one now, reader k after k * 50 ms, while the sender publishes two more laps as fast as
    // it can. Each reads on at about 4 000 positions a second.
    constexpr int More = 2 * int(layout::RingCells);
    const quint64 end = start + Lapping + More;
    struct Outcome
    {
        RingReader::ReadResult lapped;
        quint64 received = 0;
        quint64 missedAgain = 0;
        quint64 wrong = 0;
    };
    std::vector<Outcome> outcomes(static_cast<std::size_t>(readers));
    outcomes.front().lapped = views.front()->reader().read(start);
    std::vector<std::thread> threads;
    for (int k = 0; k < readers; ++k) {
        threads.emplace_back([&, k] {
            RingReader &reader = views[std::size_t(k)]->reader();
            Outcome &out = outcomes[std::size_t(k)];
            if (k > 0) {   // the first recovered before the sender went on; the others while it publishes
                std::this_thread::sleep_for(std::chrono::milliseconds(50 * k));
                out.lapped = reader.read(start);
            }
            quint64 position = out.lapped.next;
            int sinceCommit = 0;
            while (position < end) {
                const RingReader::ReadResult r = reader.read(position);
                if (r.status == RingReader::ReadStatus::Empty) {
                    std::this_thread::sleep_for(std::chrono::microseconds(100));
                    continue;
                }
                if (r.status == RingReader::ReadStatus::Missed) {
                    out.missedAgain += r.missed;
                } else if (r.status == RingReader::ReadStatus::Record) {
                    ++out.received;
                    if (r.record.text != testtexts::text(u"s"_s, int(r.seq - start)))
                        ++out.wrong;
                }
                position = r.next;
                if (++sinceCommit == 4) {   // as the watcher does: commit after a batch, then go on
                    reader.commitReadPosition(position);
                    sinceCommit = 0;
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
            }
            reader.commitReadPosition(position);
        });
    }
    bool sent = true;
    for (int i = Lapping; i < Lapping + More && sent; ++i)
        sent = send(i);
    for (std::thread &t : threads)
        t.join();
    QVERIFY(sent);
    for (int k = 0; k < readers; ++k) {
        const Outcome &out = outcomes[std::size_t(k)];
        qInfo("laggard %d (phase 1: %lld ms for %d publishes): lost %llu in its stretch, then received %llu of %llu, "
              "missed %llu more", k, static_cast<long long>(phase1Ms), Lapping,
              static_cast<unsigned long long>(out.lapped.missed), static_cast<unsigned long long>(out.received),
              static_cast<unsigned long long>(end - out.lapped.next), static_cast<unsigned long long>(out.missedAgain));
        QCOMPARE(out.lapped.status, RingReader::ReadStatus::Missed);
        if (k == 0)
            QCOMPARE(out.lapped.next, start + quint64(Lapping) - layout::RingCells / 8);   // an eighth of a ring behind the head
        QCOMPARE(out.lapped.missed, out.lapped.next - start);   // exactly the stretch it lost
        QCOMPARE(out.missedAgain, quint64(0));                  // lapped once, not twice
        QCOMPARE(out.received, end - out.lapped.next);          // every message after its stretch
        QCOMPARE(out.wrong, quint64(0));
    }
    for (auto &view : views) {
        view->slotTable().release();
        view->detach(false);
    }
    sender.slotTable().release();
    sender.detach(true);
}

// Window 5: a reader lapped while its own bus thread sits between its publishing CAS and the
// record of its own position must not count its own message as missed. The watcher dawdles
// before each sleep (so it is behind its own message when the flood laps it); the sender part
// pauses right after its CAS.
void TestFailpoints::lappedReaderThatSendsCountsExactly()
{
    constexpr int Count = 12'000;
    Peer flood;
    flood.start(QStringLiteral(TESTPEER_BINARY), {u"flood"_s, m_channel, u"flood"_s, QString::number(Count), u"go"_s});
    QVERIFY(flood.waitForLine("ready") == "ready");
    Peer x;
    x.start(QStringLiteral(TESTPEER_BINARY), {u"lapsend"_s, m_channel, u"x"_s, QString::number(Count), u"1"_s},
            withFailpoint(u"before-sleep:sleep(2000);after-publish-cas:2*sleep(4000)"_s));
    QVERIFY(x.waitForLine("ready") == "ready");
    QVERIFY(QTest::qWaitFor([&] { return x.standardError().contains("failpoint before-sleep"); }, testsupport::HangGuardMs));
    x.write("go\n");
    QVERIFY2(waitForFailpoint(x, "after-publish-cas"), x.standardError().constData());
    flood.write("go\n");
    const QByteArray sent = flood.waitForLine("done");
    QVERIFY(flood.waitForFinished());
    QVERIFY2(flood.exitedWith(0), (sent + flood.standardError()).constData());
    const QByteArray done = x.waitForLine("done");
    QVERIFY(x.waitForFinished());
    QVERIFY2(x.exitedWith(0), (done + x.standardError()).constData());
    QVERIFY2(field(done, "missed") > 0, done.constData());   // it was lapped
    QCOMPARE(field(done, "received") + field(done, "missed"), qint64(Count));
    qInfo("lapped reader that sends: %s", done.constData());
}

// The ring overwritten with 0xFF while a console peer sends: the damage is reported once (and
// repaired, or the peer leaves with exit 1), not once per input line.
void TestFailpoints::damagedRingIsReportedOnce()
{
    Peer holder;
    holder.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"h"_s});
    QVERIFY(holder.waitForLine("ready").startsWith("ready"));
    Peer console;
    console.start(QStringLiteral(PEERCHAT_BINARY), {u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, u"c"_s});
    QVERIFY(holder.waitForLine("joined c") == "joined c");
    {
        QSharedMemory segment;
        QString why;
        QVERIFY(ipckey::setSegmentKey(segment, testsupport::segmentKeyFile(m_channel), &why));
        QVERIFY(segment.attach());
        std::memset(static_cast<char *>(segment.data()) + layout::ringOffset, 0xff, layout::RingCells * sizeof(quint64));
        segment.detach();
    }
    constexpr int Lines = 2000;
    QByteArray input;
    for (int i = 0; i < Lines; ++i)
        input += "line " + QByteArray::number(i) + '\n';
    console.write(input);
    console.closeInput();
    QVERIFY2(console.waitForFinished(), "the console peer hung");
    const QByteArray errors = console.standardError();
    const qsizetype reports = errors.count("damaged");
    qInfo("%d lines after the ring was overwritten: %lld error line(s) mention the damage, exit %d", Lines,
          static_cast<long long>(reports), console.process().exitCode());
    QVERIFY2(reports >= 1 && reports <= 2, errors.left(2000).constData());
    QCOMPARE(console.process().exitStatus(), QProcess::NormalExit);
    holder.write("\n");
    QVERIFY(holder.waitForFinished());
    QString purgeWhy;
    (void)ChannelDirectory::purge(m_channel, &purgeWhy);
}

// A forged "joined" naming our own slot (with ever new pids) must not grow our peer list.
void TestFailpoints::forgedJoinedNamingOurSlotDoesNotGrowThePeerList()
{
    MessageBus a(m_channel);
    QVERIFY2(a.join(u"a"_s), qPrintable(a.errorString()));
    int ownSlot = -1;
    for (const PeerInfo &p : a.peers())
        ownSlot = p.isSelf ? p.slot : ownSlot;
    QVERIFY(ownSlot >= 0);
    ChannelSegment forger(m_channel, runtimedir::path());
    QVERIFY(forger.open());
    QVERIFY(forger.slotTable().claim(peerprocess::startTime(QCoreApplication::applicationPid())) >= 0);
    QVERIFY(forger.activate("forger", -1, QString(), peerprocess::startTime(QCoreApplication::applicationPid())));
    QSignalSpy joined(&a, &MessageBus::peerJoined);
    for (int i = 0; i < 100; ++i)
        QVERIFY(forger.writer().publish(layout::RecordJoined, "ghost", {}, ownSlot, 100000 + i));
    QVERIFY(forger.writer().publish(layout::RecordJoined, "forger", {}, forger.slotTable().slot(), QCoreApplication::applicationPid()));
    QTRY_VERIFY(std::any_of(joined.begin(), joined.end(), [](const QList<QVariant> &args) {
        return args.at(0).value<PeerInfo>().name == u"forger"_s;
    }));
    QVERIFY2(a.peers().size() <= 2, qPrintable(u"%1 peers listed"_s.arg(a.peers().size())));
    forger.slotTable().release();
    forger.detach(false);
    a.leave();
}

// A slot's doorbell id overwritten to name another semaphore of the user: senders must ring the
// peer's real doorbell (from its record), never the forged one.
void TestFailpoints::forgedDoorbellIdRingsNoOtherSemaphore()
{
    MessageBus a(m_channel), b(m_channel);
    QVERIFY(a.join(u"a"_s) && b.join(u"b"_s));
    int slotA = -1;
    for (const PeerInfo &p : a.peers())
        slotA = p.isSelf ? p.slot : slotA;
    QString why;
    ipckey::Doorbell victim = ipckey::createDoorbell(
        u"peerchat-victim-%1"_s.arg(QCoreApplication::applicationPid()), runtimedir::path(), [](const QString &) {}, &why);
    QVERIFY2(victim.semaphore, qPrintable(why));
    QSharedMemory segment;
    QVERIFY(ipckey::setSegmentKey(segment, testsupport::segmentKeyFile(m_channel), &why));
    QVERIFY(segment.attach());
    auto *slot = reinterpret_cast<layout::PeerSlot *>(static_cast<char *>(segment.data()) + layout::slotsOffset
                                                      + layout::slotStride * std::size_t(slotA));
    QTRY_VERIFY(layout::sleepState(slot->sleepWord.load()) == layout::SleepAsleep);   // a's watcher sleeps
    slot->doorbellId.store(layout::storedDoorbellId(victim.id));
    QSignalSpy received(&a, &MessageBus::messageReceived);
    QVERIFY(b.send(u"wake up"_s));
    QTRY_COMPARE(received.count(), 1);
    const int value = ::semctl(victim.id, 0, GETVAL);
    segment.detach();
    QCOMPARE(value, 0);   // the other semaphore was not touched
    victim.semaphore.reset();
    QFile::remove(victim.keyFile);
}

// Slots forged as Active, naming a live process (pid 1, with its true start time from
// /proc/1/stat) and a read position that never moves: as far as any peer can tell they are live
// readers that do not read. A sender waits for them as for the frozen readers of window 2: one
// bounded wait for all of them together, then never again; not one per forged slot, and the
// live reader loses nothing.
void TestFailpoints::forgedActiveSlotsCostOneWait()
{
    const quint64 initStart = peerprocess::startTime(1);
    QVERIFY2(initStart != 0, "cannot read /proc/1/stat");
    constexpr int Count = 12'000;   // about three laps of the ring
    constexpr int Forged = 8;
    Peer holder;   // the last to leave, after the forged slots are freed again
    holder.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"h"_s});
    QVERIFY(holder.waitForLine("ready").startsWith("ready"));
    Peer live;
    live.start(QStringLiteral(TESTPEER_BINARY), {u"slow"_s, m_channel, u"live"_s, u"0"_s, QString::number(Count), u"1"_s});
    QVERIFY(live.waitForLine("ready") == "ready");
    // The flood's warnings carry the time: when it stopped waiting for each forged slot.
    QProcessEnvironment timed = QProcessEnvironment::systemEnvironment();
    timed.insert(u"QT_MESSAGE_PATTERN"_s, u"%{time process} %{message}"_s);
    Peer flood;
    flood.start(QStringLiteral(TESTPEER_BINARY), {u"flood"_s, m_channel, u"flood"_s, QString::number(Count), u"go"_s}, timed);
    QVERIFY(flood.waitForLine("ready") == "ready");
    QVERIFY(live.waitForLine("joined flood") == "joined flood");

    QSharedMemory segment;
    QString why;
    QVERIFY(ipckey::setSegmentKey(segment, testsupport::segmentKeyFile(m_channel), &why));
    QVERIFY(ipckey::attachSegment(segment, testsupport::segmentKeyFile(m_channel)));
    auto *base = static_cast<char *>(segment.data());
    auto *header = reinterpret_cast<layout::Header *>(base);
    const auto slotAt = [&](int i) {
        return reinterpret_cast<layout::PeerSlot *>(base + layout::slotsOffset + layout::slotStride * std::size_t(i));
    };
    QList<int> forged;
    for (int i = int(layout::MaxPeers) - 1; i >= 0 && forged.size() < Forged; --i) {
        layout::PeerSlot *s = slotAt(i);
        quint64 owner = s->owner.load();
        if (layout::ownerState(owner) != layout::SlotFree)
            continue;
        s->startTime.store(initStart);
        s->readPos.store(header->head.load());
        std::memcpy(s->name, "ghost", 5);
        s->nameLength.store(5);
        QVERIFY(s->owner.compare_exchange_strong(owner, layout::ownerWithState(owner, layout::SlotActive, 1)));
        forged.append(i);
    }
    QCOMPARE(forged.size(), Forged);

    flood.write("go\n");
    const QByteArray sent = flood.waitForLine("done");
    QVERIFY(flood.waitForFinished());
    QVERIFY2(flood.exitedWith(0), (sent + flood.standardError()).constData());
    const QByteArray got = live.waitForLine("done");
    QVERIFY(live.waitForFinished());
    QVERIFY2(live.exitedWith(0), (got + live.standardError()).constData());
    qInfo("%d messages with %d forged Active slots of pid 1: %s; live reader: %s", Count, Forged, sent.constData(),
          got.constData());
    QCOMPARE(field(got, "received"), qint64(Count));
    QCOMPARE(field(got, "missed"), qint64(0));

    for (const int i : std::as_const(forged)) {   // free them again, so that the last peer out removes the segment
        layout::PeerSlot *s = slotAt(i);
        const quint64 owner = s->owner.load();
        s->startTime.store(0);
        header->laggardMask.fetch_and(~(quint64(1) << i));
        s->owner.store(layout::freedOwner(owner));
    }
    ipckey::detachSegment(segment, testsupport::segmentKeyFile(m_channel));
    holder.write("\n");
    QVERIFY(holder.waitForFinished());
    QVERIFY2(holder.exitedWith(0), holder.standardError().constData());

    // One wait for all of them: the sender gives up on every forged slot in the same pass, 200 ms
    // after it started waiting. Waited for in turn, it gave up on them 200 ms apart (1 400 ms from
    // the first to the last of 8). The spread of those moments is what the test checks: the longest
    // send() also holds the back-pressure of the live reader, which a loaded machine stretches.
    QList<double> gaveUp;
    for (const QByteArray &line : flood.standardError().split('\n')) {
        if (!line.contains("not waiting for it"))
            continue;
        for (const int i : std::as_const(forged)) {
            if (line.contains("peer in slot " + QByteArray::number(i) + ' '))
                gaveUp.append(line.trimmed().split(' ').at(0).toDouble());
        }
    }
    QCOMPARE(gaveUp.size(), Forged);   // each forged slot once, then never waited for again
    const auto [first, last] = std::minmax_element(gaveUp.cbegin(), gaveUp.cend());
    const qint64 spreadMs = qint64((*last - *first) * 1000);
    qInfo("gave up on the %d forged slots within %lld ms of each other; longest send() %lld ms", Forged,
          static_cast<long long>(spreadMs), static_cast<long long>(field(sent, "maxsend_ms")));
    QVERIFY2(spreadMs < 150, qPrintable(u"the forged slots were given up %1 ms apart: waited for in turn"_s.arg(spreadMs)));
}

QTEST_GUILESS_MAIN(TestFailpoints)
#include "tst_failpoints.moc"
