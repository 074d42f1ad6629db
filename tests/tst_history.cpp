// History for late joiners (issue 15): the last N messages the bus still holds, marked as
// history, oldest first, before any live message; exactly once across the seam with live
// messages, also while senders publish at full speed; overwritten records reported, never shown.
#include "messagebus.h"
#include "segmentlayout_p.h"
#include "testsupport.h"
#include "testtexts.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;
using testsupport::Peer;

namespace {

QJsonObject json(const QByteArray &line)
{
    return QJsonDocument::fromJson(line).object();
}

// The JSON objects of a console peer's lines whose "event" is `event`.
QList<QJsonObject> events(Peer &peer, const QString &event)
{
    QList<QJsonObject> found;
    for (const QByteArray &line : peer.lines()) {
        const QJsonObject object = json(line);
        if (object.value(u"event"_s).toString() == event)
            found.append(object);
    }
    return found;
}

bool waitForEvents(Peer &peer, const QString &event, qsizetype count)
{
    return QTest::qWaitFor([&] { return events(peer, event).size() >= count || peer.process().state() == QProcess::NotRunning; },
                           testsupport::HangGuardMs)
        && events(peer, event).size() >= count;
}

struct Sent
{
    quint64 seq;
    QString from;
    QString text;
};

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("his"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void limitIsClamped();
    void offMeansNone();
    // In-process buses first: under ThreadSanitizer a process that has forked children while
    // it had threads may not start threads again.
    void goneWhenTheLastPeerLeaves();
    void overwrittenRecordsAreCountedNotShown();
    void lateJoinerSeesTheLastMessagesThenLiveOnce();
    void seamUnderLoadHasNoGapAndNoDuplicate();

private:
    void startConsole(Peer &peer, const QString &name, const QStringList &extra)
    {
        peer.start(QStringLiteral(PEERCHAT_BINARY),
                   QStringList{u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, name} + extra);
    }
    QString m_channel;
};

void TestHistory::limitIsClamped()
{
    MessageBus bus(m_channel);
    QCOMPARE(bus.historyLimit(), MessageBus::DefaultHistoryLimit);
    bus.setHistoryLimit(1'000'000);
    QCOMPARE(bus.historyLimit(), MessageBus::MaxHistoryLimit);
    bus.setHistoryLimit(-3);
    QCOMPARE(bus.historyLimit(), 0);
}

void TestHistory::offMeansNone()
{
    MessageBus anna(m_channel);
    MessageBus bob(m_channel);
    QVERIFY2(anna.join(u"anna"_s), qPrintable(anna.errorString()));
    for (int i = 0; i < 5; ++i)
        QVERIFY(anna.send(u"m%1"_s.arg(i)));
    bob.setHistoryLimit(0);
    QSignalSpy received(&bob, &MessageBus::messageReceived);
    QSignalSpy ended(&bob, &MessageBus::historyReceived);
    QVERIFY2(bob.join(u"bob"_s), qPrintable(bob.errorString()));
    QVERIFY(ended.wait(testsupport::HangGuardMs));
    QCOMPARE(ended.at(0).at(0).toInt(), 0);
    QCOMPARE(ended.at(0).at(1).toULongLong(), 0u);
    QVERIFY(anna.send(u"live"_s));
    QTRY_COMPARE(received.count(), 1);
    const ChatMessage live = received.at(0).at(0).value<ChatMessage>();
    QCOMPARE(live.text, u"live"_s);
    QVERIFY(!live.history);
}

// Nothing is written to disk: when the last peer leaves, the history goes with the segment.
void TestHistory::goneWhenTheLastPeerLeaves()
{
    {
        MessageBus anna(m_channel);
        QVERIFY2(anna.join(u"anna"_s), qPrintable(anna.errorString()));
        QVERIFY(anna.send(u"said before leaving"_s));
        anna.leave();
    }
    QVERIFY(!testsupport::segmentExists(m_channel));
    MessageBus bob(m_channel);
    QSignalSpy received(&bob, &MessageBus::messageReceived);
    QSignalSpy ended(&bob, &MessageBus::historyReceived);
    QVERIFY2(bob.join(u"bob"_s), qPrintable(bob.errorString()));
    QVERIFY(ended.wait(testsupport::HangGuardMs));
    QCOMPARE(ended.at(0).at(0).toInt(), 0);
    QCOMPARE(received.count(), 0);
}

// Two console peers exchange 1 000 messages; a third joins and gets exactly the last N, in
// order, marked as history, then every live message once; a fourth, in text mode, prints its
// history before the prompt.
void TestHistory::lateJoinerSeesTheLastMessagesThenLiveOnce()
{
    constexpr int PerPeer = 500;
    constexpr int N = 100;
    constexpr int Live = 20;
    Peer anna;
    Peer bob;
    startConsole(anna, u"anna"_s, {u"--json"_s, u"--history"_s, u"0"_s});
    QVERIFY2(!anna.waitForLine("{\"channel\"").isEmpty(), anna.standardError().constData());
    startConsole(bob, u"bob"_s, {u"--json"_s, u"--history"_s, u"0"_s});
    QVERIFY2(!bob.waitForLine("{\"channel\"").isEmpty(), bob.standardError().constData());
    QByteArray annaLines;
    QByteArray bobLines;
    for (int i = 0; i < PerPeer; ++i) {
        annaLines += "anna says " + QByteArray::number(i) + '\n';
        bobLines += "bob answers " + QByteArray::number(i) + '\n';
    }
    anna.write(annaLines);
    bob.write(bobLines);
    QVERIFY2(waitForEvents(anna, u"message"_s, PerPeer), anna.standardError().constData());
    QVERIFY2(waitForEvents(bob, u"message"_s, PerPeer), bob.standardError().constData());

    // The one order of all 1 000: each peer saw the other's messages with their seq.
    std::vector<Sent> all;
    for (Peer *peer : {&anna, &bob}) {
        for (const QJsonObject &m : events(*peer, u"message"_s))
            all.push_back({quint64(m.value(u"seq"_s).toInteger()), m.value(u"from"_s).toString(), m.value(u"text"_s).toString()});
    }
    QCOMPARE(int(all.size()), 2 * PerPeer);
    std::sort(all.begin(), all.end(), [](const Sent &a, const Sent &b) { return a.seq < b.seq; });

    Peer chen;
    startConsole(chen, u"chen"_s, {u"--json"_s, u"--history"_s, QString::number(N)});
    QVERIFY2(waitForEvents(chen, u"history"_s, 1), chen.standardError().constData());
    const QJsonObject end = events(chen, u"history"_s).constFirst();
    QCOMPARE(end.value(u"count"_s).toInt(), N);
    QCOMPARE(end.value(u"unrecoverable"_s).toInteger(), 0);
    // Its lines: ready, the N history messages, the end of the history.
    QList<QByteArray> lines = chen.lines();
    QCOMPARE(json(lines.value(0)).value(u"event"_s).toString(), u"ready"_s);
    for (int i = 0; i < N; ++i) {
        const QJsonObject m = json(lines.value(1 + i));
        const Sent &expected = all[all.size() - N + std::size_t(i)];
        QCOMPARE(m.value(u"event"_s).toString(), u"message"_s);
        QCOMPARE(m.value(u"history"_s).toBool(), true);
        QCOMPARE(quint64(m.value(u"seq"_s).toInteger()), expected.seq);
        QCOMPARE(m.value(u"from"_s).toString(), expected.from);
        QCOMPARE(m.value(u"text"_s).toString(), expected.text);
    }
    QCOMPARE(json(lines.value(1 + N)).value(u"event"_s).toString(), u"history"_s);

    Peer dalia;   // text mode: "History: ..." lines, then the prompt
    startConsole(dalia, u"dalia"_s, {u"--history"_s, u"5"_s});
    QCOMPARE(dalia.waitForLine("Enter"), QByteArray("Enter text to send to peer(s)"));
    lines = dalia.lines();
    QCOMPARE(lines.size(), 6);
    for (int i = 0; i < 5; ++i) {
        const Sent &expected = all[all.size() - 5 + std::size_t(i)];
        QCOMPARE(lines.at(i), "History: " + expected.from.toUtf8() + ':' + expected.text.toUtf8());
    }

    // Live: each of the next 2 × Live messages once, not marked.
    QByteArray more;
    for (int i = 0; i < Live; ++i)
        more += "live " + QByteArray::number(i) + '\n';
    anna.write(more);
    bob.write(more);
    anna.write("exit\n");
    bob.write("exit\n");
    QVERIFY(anna.waitForFinished() && anna.exitedWith(0));
    QVERIFY(bob.waitForFinished() && bob.exitedWith(0));
    QVERIFY(waitForEvents(chen, u"left"_s, 2));   // the "left" records come after their messages
    const QList<QJsonObject> messages = events(chen, u"message"_s);
    QCOMPARE(messages.size(), N + 2 * Live);
    std::map<std::pair<QString, QString>, int> seen;
    quint64 lastSeq = all.back().seq;
    for (qsizetype i = N; i < messages.size(); ++i) {
        const QJsonObject &m = messages.at(i);
        QVERIFY2(!m.contains(u"history"_s), "a live message was marked as history");
        QVERIFY2(quint64(m.value(u"seq"_s).toInteger()) > lastSeq, "live messages must follow the history");
        lastSeq = quint64(m.value(u"seq"_s).toInteger());
        ++seen[{m.value(u"from"_s).toString(), m.value(u"text"_s).toString()}];
    }
    for (const QString &from : {u"anna"_s, u"bob"_s}) {
        for (int i = 0; i < Live; ++i)
            QCOMPARE(seen[std::make_pair(from, u"live %1"_s.arg(i))], 1);
    }
    QCOMPARE(int(seen.size()), 2 * Live);
    for (Peer *peer : {&chen, &dalia}) {
        peer->write("exit\n");
        QVERIFY(peer->waitForFinished());
        QVERIFY2(peer->exitedWith(0), peer->standardError().constData());
    }
    qInfo("1 000 exchanged; a late joiner got the last %d as history, then %d live messages once", N, 2 * Live);
}

// A peer joins while 4 senders publish as fast as they can, 20 times. For each sender, what the
// joiner got (history, then live) must be exactly what the sender sent from some point on.
void TestHistory::seamUnderLoadHasNoGapAndNoDuplicate()
{
    constexpr int Senders = 4;
    constexpr int Joins = 20;
    constexpr int N = 100;
    constexpr int Live = 2000;
    std::vector<std::unique_ptr<Peer>> senders;
    for (int i = 0; i < Senders; ++i) {
        auto peer = std::make_unique<Peer>();
        peer->start(QStringLiteral(TESTPEER_BINARY), {u"stream"_s, m_channel, u"s%1"_s.arg(i)});
        QVERIFY2(peer->waitForLine("ready") == "ready", peer->standardError().constData());
        senders.push_back(std::move(peer));
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"TESTPEER_HISTORY"_s, QString::number(N));
    std::map<QByteArray, qint64> total;
    for (int j = 0; j < Joins; ++j) {
        Peer joiner;
        joiner.start(QStringLiteral(TESTPEER_BINARY), {u"seam"_s, m_channel, u"j%1"_s.arg(j), QString::number(Live)}, env);
        const QByteArray done = joiner.waitForLine("done");
        QVERIFY(joiner.waitForFinished());
        QVERIFY2(joiner.exitedWith(0), (done + ' ' + joiner.standardError()).constData());
        std::map<QByteArray, qint64> figures;
        for (const QByteArray &field : done.mid(5).split(' ')) {
            const qsizetype eq = field.indexOf('=');
            figures[field.left(eq)] = field.mid(eq + 1).toLongLong();
        }
        QCOMPARE(figures["duplicates"], 0);
        QCOMPARE(figures["gaps"], 0);
        QCOMPARE(figures["bad"], 0);
        QCOMPARE(figures["history"] + figures["unrecoverable"], qint64(N));
        QVERIFY2(figures["live"] >= Live, done.constData());
        for (const char *key : {"history", "live", "checked", "duplicates", "gaps", "unrecoverable", "missed", "seams",
                                "seamsExcused"})
            total[key] += figures[key];
    }
    for (auto &sender : senders) {
        sender->write("stop\n");
        const QByteArray done = sender->waitForLine("done");
        QVERIFY(sender->waitForFinished());
        QVERIFY2(sender->exitedWith(0), (done + ' ' + sender->standardError()).constData());
    }
    // The seam itself (a sender's last history message, then its first live one) was checked
    // wherever the joiner had not fallen behind before that live message.
    QVERIFY2(total["seams"] > 0, "no history-to-live transition could be checked");
    qInfo("seam under load: %d joins into %d senders at full speed; %lld messages checked (%lld history + %lld live), "
          "duplicates %lld, gaps %lld; %lld sender seams checked (%lld not checkable: the joiner fell behind first); "
          "unrecoverable %lld; live missed %lld",
          Joins, Senders, total["checked"], total["history"], total["live"], total["duplicates"], total["gaps"],
          total["seams"], total["seamsExcused"], total["unrecoverable"], total["missed"]);
}

// A sender that wrote more than its 1 MiB outbox after its early messages: those records are
// overwritten, so they are counted as unrecoverable and never shown; the rest is.
void TestHistory::overwrittenRecordsAreCountedNotShown()
{
    constexpr int Early = 10;
    constexpr int Big = 20;
    constexpr int BigChars = 60'000;
    MessageBus xavier(m_channel);
    MessageBus yusuf(m_channel);
    xavier.setHistoryLimit(0);
    yusuf.setHistoryLimit(0);
    QVERIFY2(xavier.join(u"x"_s), qPrintable(xavier.errorString()));
    QVERIFY2(yusuf.join(u"y"_s), qPrintable(yusuf.errorString()));
    QStringList xTexts;
    for (int i = 0; i < Early; ++i)
        xTexts.append(u"early %1"_s.arg(i));
    QStringList yTexts;
    for (int i = 0; i < 5; ++i)
        yTexts.append(u"y %1"_s.arg(i));
    for (int i = 0; i < Big; ++i)
        xTexts.append(u"big %1 "_s.arg(i) + QString(BigChars, u'b'));
    for (int i = 0; i < Early; ++i)
        QVERIFY(xavier.send(xTexts.at(i)));
    for (const QString &text : std::as_const(yTexts))
        QVERIFY(yusuf.send(text));
    for (int i = Early; i < xTexts.size(); ++i)
        QVERIFY(xavier.send(xTexts.at(i)));

    // Where x's records lie in its outbox (its "joined" record first), and which of them its
    // last record has overwritten: the same arithmetic as RingWriter::publish().
    std::vector<quint32> sizes{layout::recordSize(1, 0)};
    for (const QString &text : std::as_const(xTexts))
        sizes.push_back(layout::recordSize(1, quint32(text.toUtf8().size())));
    std::vector<quint64> stamps;
    quint64 stamp = 0;
    for (const quint32 size : sizes) {
        if (stamp % layout::OutboxSize + size > layout::OutboxSize)
            stamp = (stamp / layout::OutboxSize + 1) * layout::OutboxSize;
        stamps.push_back(stamp);
        stamp += size;
    }
    const quint64 frontier = stamp;
    QStringList expectedX;
    quint64 overwritten = 0;
    for (std::size_t i = 0; i < stamps.size(); ++i) {
        const bool intact = stamps[i] + layout::OutboxSize >= frontier;
        if (!intact)
            ++overwritten;
        else if (i > 0)
            expectedX.append(xTexts.at(qsizetype(i) - 1));
    }
    QVERIFY2(overwritten > std::size_t(Early) + 1, "the test must overwrite the early records and some big ones");
    QVERIFY(!expectedX.isEmpty());

    MessageBus zoe(m_channel);
    QSignalSpy received(&zoe, &MessageBus::messageReceived);
    QSignalSpy ended(&zoe, &MessageBus::historyReceived);
    QVERIFY2(zoe.join(u"z"_s), qPrintable(zoe.errorString()));
    QVERIFY(ended.wait(testsupport::HangGuardMs));
    QStringList shown;
    for (const QList<QVariant> &args : std::as_const(received)) {
        const ChatMessage m = args.at(0).value<ChatMessage>();
        QVERIFY(m.history);
        QVERIFY2(!m.text.startsWith(u"early"_s), "an overwritten record was shown");
        shown.append(m.sender + u':' + m.text.left(12));
    }
    QStringList expected;
    for (const QString &text : std::as_const(yTexts))
        expected.append(u"y:"_s + text.left(12));
    for (const QString &text : std::as_const(expectedX))
        expected.append(u"x:"_s + text.left(12));
    QCOMPARE(shown, expected);
    QCOMPARE(ended.at(0).at(0).toInt(), int(expected.size()));
    QCOMPARE(ended.at(0).at(1).toULongLong(), overwritten);

    // A smaller limit: the last 3, and nothing counted as lost within them.
    MessageBus walt(m_channel);
    walt.setHistoryLimit(3);
    QSignalSpy waltReceived(&walt, &MessageBus::messageReceived);
    QSignalSpy waltEnded(&walt, &MessageBus::historyReceived);
    QVERIFY2(walt.join(u"w"_s), qPrintable(walt.errorString()));
    QVERIFY(waltEnded.wait(testsupport::HangGuardMs));
    QCOMPARE(waltReceived.count(), 3);
    QCOMPARE(waltReceived.at(2).at(0).value<ChatMessage>().text, xTexts.constLast());
    QCOMPARE(waltEnded.at(0).at(1).toULongLong(), 0u);
    // The console says it on the line before its prompt. (Not under ThreadSanitizer: it cannot
    // follow a fork of this process, whose buses have threads; the other stages run it.)
#if !defined(__SANITIZE_THREAD__)
    Peer console;
    startConsole(console, u"console"_s, {u"--history"_s, u"100"_s});
    QCOMPARE(console.waitForLine("Enter"), QByteArray("Enter text to send to peer(s)"));
    const QList<QByteArray> lines = console.lines();
    QCOMPARE(lines.size(), expected.size() + 2);
    QVERIFY(lines.at(0).startsWith("History: y:y 0"));
    QCOMPARE(lines.at(lines.size() - 2),
             "* history: " + QByteArray::number(overwritten) + " earlier messages could not be recovered");
    console.write("exit\n");
    QVERIFY(console.waitForFinished());
    QVERIFY2(console.exitedWith(0), console.standardError().constData());
#endif

    qInfo("x wrote %d records, %llu of them overwritten: %lld messages shown, %llu reported unrecoverable",
          int(sizes.size()), static_cast<unsigned long long>(overwritten), static_cast<long long>(expected.size()),
          static_cast<unsigned long long>(overwritten));
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
