// A real peer for the multi-process tests. Roles:
//   testpeer hold CHANNEL NAME                     join, print "ready <peers> slot <slot>", then "joined NAME",
//                                                  "left NAME" as peers come and go; leave on a stdin line or EOF
//   testpeer burst CHANNEL NAME COUNT EXPECT FILE  join, "ready"; on "go" send COUNT mixed-script
//                                                  messages; receive EXPECT from others; write
//                                                  "seq sender index" lines to FILE; "done ..."
//   testpeer ping|pong CHANNEL NAME ROUNDS         ping-pong: ping sends i, pong echoes it back
//   testpeer flood CHANNEL NAME COUNT [go]         (with "go": wait for a "go" line first) send COUNT messages as fast as possible, then leave;
//                                                  "done sent=N ms=T maxsend_ms=M" (M: the longest send())
//   testpeer chatter CHANNEL NAME COUNT GAP_US     "ready", then send COUNT messages GAP_US apart, leave
//   testpeer observe CHANNEL NAME GAP_US FILE      "ready"; on "go" send every GAP_US; log everything
//                                                  received to FILE; on "stop" send "fin" and finish
//                                                  when the other observers' "fin" arrived
//   testpeer slow CHANNEL NAME DELAY_US[/N] EXPECT [LEAVES] pause DELAY_US after every (N-th) message;
//                                                  report missed; "joined NAME" as peers join; finish when
//                                                  received + missed >= EXPECT and LEAVES peers have left
//   testpeer lapsend CHANNEL NAME EXPECT LEAVES    "ready"; on "go" send one message, then like slow 0
//   testpeer endure CHANNEL NAME MS                send every ms and receive for MS ms, whatever
//                                                  happens to the segment, then "quiet": receive only,
//                                                  until a stdin line or EOF; "done ..." (altered = texts
//                                                  delivered that no peer sent); exit 1 on a fatal bus error
//   testpeer stream CHANNEL NAME                   "ready"; send as fast as possible until a stdin
//                                                  line or EOF; "done sent=N"
//   testpeer seam CHANNEL NAME LIVE                join with history; receive LIVE live messages;
//                                                  check each sender's history + live run for gaps
//                                                  and duplicates; "done history=H live=L ..."
//   testpeer mixed CHANNEL NAME COUNT              "ready"; on "go" send COUNT messages, text and bytes
//                                                  interleaved (mixedpayloads.h); "done sent=N"; leave
// History is off (setHistoryLimit(0)) unless TESTPEER_HISTORY=N says otherwise. TESTPEER_BATCH=N:
// burst, flood and chatter hand their texts over N at a time (MessageBus::sendUtf8Batch()).
// TESTPEER_GAP_US=U: flood pauses U microseconds after each of them (a paced stream).
// Exit 0 on success; 3 when a check failed (the reason on stderr); 1 when the bus failed.
#include "messagebus.h"
#include "mixedpayloads.h"
#include "testtexts.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int batchSize()
{
    static const int size = std::max(1, qEnvironmentVariableIntValue("TESTPEER_BATCH"));
    return size;
}

// Sends this peer's texts [from, from + n): one send() each, or all in one sendUtf8Batch() call
// (TESTPEER_BATCH).
bool sendTexts(MessageBus &bus, int from, int n)
{
    if (batchSize() == 1) {
        for (int i = from; i < from + n; ++i) {
            if (!bus.send(testtexts::text(bus.peerName(), i)))
                return false;
        }
        return true;
    }
    QList<QByteArray> group;
    for (int i = from; i < from + n; ++i)
        group << testtexts::text(bus.peerName(), i).toUtf8();
    return bus.sendUtf8Batch(group);
}

int fail(const QString &why, int code = 3)
{
    std::fprintf(stderr, "testpeer: %s\n", qPrintable(why));
    return code;
}

// Calls `onLine` for each stdin line, `onEnd` at EOF.
class StdinLines : public QObject
{
public:
    StdinLines(std::function<void(const QByteArray &)> onLine, std::function<void()> onEnd)
        : m_notifier(STDIN_FILENO, QSocketNotifier::Read)
        , m_onLine(std::move(onLine))
        , m_onEnd(std::move(onEnd))
    {
        QObject::connect(&m_notifier, &QSocketNotifier::activated, this, [this] {
            char buffer[4096];
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n <= 0) {
                m_notifier.setEnabled(false);
                m_onEnd();
                return;
            }
            m_pending.append(buffer, n);
            qsizetype at;
            while ((at = m_pending.indexOf('\n')) >= 0) {
                const QByteArray line = m_pending.left(at);
                m_pending.remove(0, at + 1);
                m_onLine(line);
            }
        });
    }

private:
    QSocketNotifier m_notifier;
    QByteArray m_pending;
    std::function<void(const QByteArray &)> m_onLine;
    std::function<void()> m_onEnd;
};

int ownSlot(const MessageBus &bus)
{
    for (const PeerInfo &p : bus.peers()) {
        if (p.isSelf)
            return p.slot;
    }
    return -1;
}

int hold(MessageBus &bus)
{
    QObject::connect(&bus, &MessageBus::peerJoined, [](const PeerInfo &p) { say("joined " + p.name.toUtf8()); });
    QObject::connect(&bus, &MessageBus::peerLeft, [](const PeerInfo &p) { say("left " + p.name.toUtf8()); });
    say("ready " + QByteArray::number(bus.peers().size()) + " slot " + QByteArray::number(ownSlot(bus)));
    StdinLines input([](const QByteArray &) { QCoreApplication::quit(); }, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    bus.leave();
    return 0;
}

int burst(MessageBus &bus, int count, int expect, const QString &file)
{
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(u"cannot write %1"_s.arg(file));
    int received = 0;
    int bad = 0;
    quint64 lastSeq = 0;
    QHash<QString, int> nextIndex;   // per sender: the index expected next (FIFO per sender)
    QObject::connect(&bus, &MessageBus::messageReceived, [&](const ChatMessage &m) {
        ++received;
        const std::optional<int> index = testtexts::indexOf(m.sender, m.text);
        if (!index || *index != nextIndex.value(m.sender) || (received > 1 && m.seq <= lastSeq)) {
            ++bad;
            std::fprintf(stderr, "testpeer: bad message seq=%llu from %s\n", static_cast<unsigned long long>(m.seq),
                         qPrintable(m.sender));
        }
        if (index)
            nextIndex[m.sender] = *index + 1;
        lastSeq = m.seq;
        out.write(QByteArray::number(m.seq) + ' ' + m.sender.toUtf8() + ' ' + QByteArray::number(index.value_or(-1)) + '\n');
        if (received == expect)
            QCoreApplication::quit();
    });
    quint64 missed = 0;
    QObject::connect(&bus, &MessageBus::messagesMissed, [&](quint64 n) {
        missed += n;
        std::fprintf(stderr, "testpeer: missed %llu after seq %llu\n", static_cast<unsigned long long>(n),
                     static_cast<unsigned long long>(lastSeq));
    });
    say("ready");
    bool sent = false;
    StdinLines input(
        [&](const QByteArray &line) {
            if (line != "go" || sent)
                return;
            sent = true;
            for (int i = 0; i < count; i += batchSize()) {
                if (!sendTexts(bus, i, std::min(batchSize(), count - i))) {
                    std::fprintf(stderr, "testpeer: send %d failed: %s\n", i, qPrintable(bus.errorString()));
                    ++bad;
                }
                if (i % 64 < batchSize())
                    QCoreApplication::processEvents();   // keep receiving while sending
            }
        },
        [] {});
    if (expect > 0)
        QCoreApplication::exec();
    out.close();
    say("done received=" + QByteArray::number(received) + " bad=" + QByteArray::number(bad)
        + " missed=" + QByteArray::number(missed));
    bus.leave();
    return bad == 0 && missed == 0 && received == expect ? 0 : 3;
}

int pingPong(MessageBus &bus, bool ping, int rounds)
{
    int round = 0;
    int bad = 0;
    QObject::connect(&bus, &MessageBus::messageReceived, [&](const ChatMessage &m) {
        if (m.text != QString::number(round)) {
            ++bad;
            std::fprintf(stderr, "testpeer: round %d got '%s'\n", round, qPrintable(m.text.left(40)));
        }
        if (!ping) {
            if (!bus.send(m.text))
                ++bad;
            ++round;
            if (round == rounds)
                QCoreApplication::quit();
            return;
        }
        ++round;
        if (round == rounds) {
            QCoreApplication::quit();
            return;
        }
        if (!bus.send(QString::number(round)))
            ++bad;
    });
    say("ready");
    if (ping) {
        // Wait for the pong peer to be there, then serve the first ball.
        auto start = [&] {
            if (!bus.send(QString::number(0)))
                ++bad;
        };
        if (bus.peers().size() >= 2)
            start();
        else
            QObject::connect(&bus, &MessageBus::peerJoined, start);
    }
    QCoreApplication::exec();
    say("done rounds=" + QByteArray::number(round) + " bad=" + QByteArray::number(bad)
        + " wakeups=" + QByteArray::number(bus.wakeUpCount()));
    if (!ping) {
        // Stay until the pinger has left, so our last echo is surely read before we exit.
        QObject::connect(&bus, &MessageBus::peerLeft, [] { QCoreApplication::quit(); });
        if (bus.peers().size() > 1)
            QCoreApplication::exec();
    }
    bus.leave();
    return bad == 0 && round == rounds ? 0 : 3;
}

// Runs the event loop until stdin says "go" (true) or ends (false).
bool waitForGoLine()
{
    bool go = false;
    StdinLines input([&](const QByteArray &line) { go = go || line == "go"; if (go) QCoreApplication::quit(); },
                     [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    return go;
}

int flood(MessageBus &bus, int count, bool waitForGo)
{
    say("ready");
    if (waitForGo && !waitForGoLine())
        return fail(u"no go"_s);
    QElapsedTimer total;
    total.start();
    qint64 longest = 0;
    const int gapUs = qEnvironmentVariableIntValue("TESTPEER_GAP_US");
    for (int i = 0; i < count; i += batchSize()) {
        const qint64 before = total.nsecsElapsed();
        if (!sendTexts(bus, i, std::min(batchSize(), count - i)))
            return fail(bus.errorString(), 1);
        longest = std::max(longest, total.nsecsElapsed() - before);
        if (gapUs > 0)
            ::usleep(useconds_t(gapUs));
    }
    say("done sent=" + QByteArray::number(count) + " ms=" + QByteArray::number(total.elapsed())
        + " maxsend_ms=" + QByteArray::number(longest / 1'000'000));
    bus.leave();
    return 0;
}

int mixed(MessageBus &bus, int count)
{
    say("ready");
    if (!waitForGoLine())
        return fail(u"no go"_s);
    for (int i = 0; i < count; ++i) {
        const mixedpayloads::Item item = mixedpayloads::item(i);
        if (!(item.binary ? bus.sendBytes(item.type, item.bytes) : bus.send(item.text)))
            return fail(bus.errorString(), 1);
        if ((i & 63) == 63)
            QCoreApplication::processEvents();
    }
    say("done sent=" + QByteArray::number(count));
    bus.leave();
    return 0;
}

int chatter(MessageBus &bus, int count, int gapUs)
{
    say("ready");
    for (int i = 0; i < count; i += batchSize()) {
        if (!sendTexts(bus, i, std::min(batchSize(), count - i)))
            return fail(bus.errorString(), 1);
        if (gapUs > 0)
            ::usleep(useconds_t(gapUs));
    }
    bus.leave();
    return 0;
}

// Logs "M seq sender index", "J name pid", "L name pid", "X missed" lines; prints "left NAME"
// on stdout as peers leave, so the test can follow.
int observe(MessageBus &bus, int gapUs, const QString &file)
{
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(u"cannot write %1"_s.arg(file));
    int sent = 0;
    std::vector<qint64> delays;   // ms from sending to delivery, of the other observers' messages
    int observers = 0;          // other observers' "fin" still to come
    bool stopping = false;
    int bad = 0;
    QTimer sender;
    sender.setInterval(std::max(1, gapUs / 1000));   // ms
    QElapsedTimer clock;
    clock.start();
    qint64 longestSend = 0;   // ns: how long one send() took at most (waits for readers)
    QObject::connect(&sender, &QTimer::timeout, [&] {
        const qint64 before = clock.nsecsElapsed();
        if (!bus.send(testtexts::text(bus.peerName(), sent++)))
            ++bad;
        longestSend = std::max(longestSend, clock.nsecsElapsed() - before);
    });
    auto finishIfDone = [&] {
        if (stopping && observers == 0)
            QCoreApplication::quit();
    };
    QObject::connect(&bus, &MessageBus::messageReceived, [&](const ChatMessage &m) {
        if (m.text == u"fin") {
            out.write("F " + m.sender.toUtf8() + '\n');
            --observers;
            finishIfDone();
            return;
        }
        const std::optional<int> index = testtexts::indexOf(m.sender, m.text);
        if (!index)
            ++bad;
        if (m.sender.startsWith(u'o'))   // the other observer's steady traffic: how late it came
            delays.push_back(QDateTime::currentMSecsSinceEpoch() - m.time.toMSecsSinceEpoch());
        out.write("M " + QByteArray::number(m.seq) + ' ' + m.sender.toUtf8() + ' ' + QByteArray::number(index.value_or(-1)) + '\n');
    });
    QObject::connect(&bus, &MessageBus::peerJoined, [&](const PeerInfo &p) {
        out.write("J " + p.name.toUtf8() + ' ' + QByteArray::number(p.pid) + '\n');
    });
    QObject::connect(&bus, &MessageBus::peerLeft, [&](const PeerInfo &p) {
        out.write("L " + p.name.toUtf8() + ' ' + QByteArray::number(p.pid) + '\n');
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        say("left " + p.name.toUtf8() + ' ' + QByteArray::number(qint64(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000));
    });
    QObject::connect(&bus, &MessageBus::messagesMissed, [&](quint64 n) {
        out.write("X " + QByteArray::number(n) + '\n');
    });
    say("ready");
    StdinLines input(
        [&](const QByteArray &line) {
            if (line.startsWith("go ")) {
                observers = line.mid(3).toInt();
                sender.start();
            } else if (line == "stop") {
                sender.stop();
                stopping = true;
                if (!bus.send(u"fin"_s))
                    ++bad;
                finishIfDone();
            }
        },
        [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    out.close();
    std::sort(delays.begin(), delays.end());
    const qint64 worst = delays.empty() ? -1 : delays.back();
    const qint64 p99 = delays.empty() ? -1 : delays[delays.size() * 99 / 100];
    say("done sent=" + QByteArray::number(sent) + " bad=" + QByteArray::number(bad) + " delivered="
        + QByteArray::number(qsizetype(delays.size())) + " p99_ms=" + QByteArray::number(p99)
        + " worst_ms=" + QByteArray::number(worst) + " maxsend_ms=" + QByteArray::number(longestSend / 1'000'000));
    bus.leave();
    return bad == 0 ? 0 : 3;
}

// A reader slower than the senders: handles one message per delay, reports what it missed.
int slow(MessageBus &bus, const QString &delay, qint64 expect, int leaves = 0, bool sendFirst = false)
{
    // DELAY_US, or DELAY_US/EVERY: pause after every EVERY-th message only (a reader that
    // stalls now and then, like a busy window).
    const int delayUs = delay.section(u'/', 0, 0).toInt();
    const qint64 delayEvery = std::max<qint64>(1, delay.section(u'/', 1, 1).toLongLong());
    qint64 received = 0;
    quint64 missed = 0;
    int bad = 0;
    int left = 0;
    int stretches = 0;
    QHash<QString, int> last;
    const auto finishIfDone = [&] {
        if (received + qint64(missed) >= expect && left >= leaves)
            QCoreApplication::quit();
    };
    QObject::connect(&bus, &MessageBus::messageReceived, [&](const ChatMessage &m) {
        ++received;
        const std::optional<int> index = testtexts::indexOf(m.sender, m.text);
        if (!index || *index <= last.value(m.sender, -1))
            ++bad;   // wrong text, duplicate or out of order
        last[m.sender] = index.value_or(-1);
        if (delayUs > 0 && received % delayEvery == 0)
            ::usleep(useconds_t(delayUs));
        finishIfDone();
    });
    QObject::connect(&bus, &MessageBus::messagesMissed, [&](quint64 n) {
        missed += n;
        ++stretches;
        if (qEnvironmentVariableIsSet("TESTPEER_TRACE"))
            std::fprintf(stderr, "missed %llu after %lld\n", static_cast<unsigned long long>(n), static_cast<long long>(received));
        finishIfDone();
    });
    QObject::connect(&bus, &MessageBus::peerJoined, [&](const PeerInfo &p) { say("joined " + p.name.toUtf8()); });
    QObject::connect(&bus, &MessageBus::peerLeft, [&](const PeerInfo &) {
        ++left;
        finishIfDone();
    });
    say("ready");
    std::unique_ptr<StdinLines> input;
    if (sendFirst) {
        input = std::make_unique<StdinLines>(
            [&](const QByteArray &line) {
                if (line == "go" && !bus.send(testtexts::text(bus.peerName(), 0)))
                    ++bad;
            },
            [] {});
    }
    QCoreApplication::exec();
    say("done received=" + QByteArray::number(received) + " missed=" + QByteArray::number(missed)
        + " bad=" + QByteArray::number(bad) + " stretches=" + QByteArray::number(stretches));
    bus.leave();
    return bad == 0 ? 0 : 3;
}

int endure(MessageBus &bus, int ms)
{
    qint64 received = 0;
    quint64 missed = 0;
    int errors = 0;
    int sent = 0;
    int fatal = 0;
    int altered = 0;   // delivered texts that no peer sent (hostile bytes in an outbox)
    QObject::connect(&bus, &MessageBus::messageReceived, [&](const ChatMessage &m) {
        ++received;
        if (!testtexts::indexOf(m.sender, m.text) && ++altered <= 5)
            std::fprintf(stderr, "testpeer: delivered a text nobody sent: '%s' from '%s'\n",
                         qPrintable(m.text.left(80)), qPrintable(m.sender.left(40)));
    });
    QObject::connect(&bus, &MessageBus::messagesMissed, [&](quint64 n) { missed += n; });
    QObject::connect(&bus, &MessageBus::errorOccurred, [&](MessageBus::Error) { ++errors; });
    QTimer sender;
    sender.setInterval(1);
    QObject::connect(&sender, &QTimer::timeout, [&] {
        if (!bus.send(testtexts::text(bus.peerName(), sent++)) && bus.error() == MessageBus::Error::Corrupted) {
            std::fprintf(stderr, "peerchat: %s\n", qPrintable(bus.errorString()));
            fatal = 1;
            QCoreApplication::quit();
        }
    });
    sender.start();
    std::unique_ptr<StdinLines> input;
    QTimer::singleShot(ms, [&] {
        if (fatal)
            return;
        // Quiet: no more sending; the test measures our CPU time while we only wait for messages.
        sender.stop();
        say("quiet");
        input = std::make_unique<StdinLines>([](const QByteArray &) { QCoreApplication::quit(); },
                                             [] { QCoreApplication::quit(); });
    });
    say("ready");
    QCoreApplication::exec();
    timespec cpu{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    say("done sent=" + QByteArray::number(sent) + " received=" + QByteArray::number(received) + " missed="
        + QByteArray::number(missed) + " errors=" + QByteArray::number(errors) + " altered="
        + QByteArray::number(altered) + " cpu_ms=" + QByteArray::number(qint64(cpu.tv_sec) * 1000 + cpu.tv_nsec / 1'000'000));
    bus.leave();
    return fatal;
}

int stream(MessageBus &bus)
{
    say("ready");
    bool stop = false;
    StdinLines input([&](const QByteArray &) { stop = true; }, [&] { stop = true; });
    int sent = 0;
    while (!stop) {
        if (!bus.send(testtexts::text(bus.peerName(), sent)))
            return fail(bus.errorString(), 1);
        if (++sent % 32 == 0)
            QCoreApplication::processEvents();   // stdin, and our own inbox
    }
    say("done sent=" + QByteArray::number(sent));
    bus.leave();
    return 0;
}

// A late joiner into busy senders: per sender, history followed by live must be exactly the
// sequence it sent from some point on (consecutive indices: no gap, no duplicate). A "missed"
// on the live side (this reader fell behind) excuses a later gap of the live stream only.
int seam(MessageBus &bus, qint64 live)
{
    struct Run
    {
        int last = -1;
        bool any = false;
        bool live = false;
    };
    qint64 seams = 0;          // senders whose last history message and first live one were checked
    qint64 seamsExcused = 0;   // ... whose first live message came after a "missed" (not checkable)
    QHash<QString, Run> runs;
    qint64 history = 0;
    qint64 received = 0;
    qint64 checked = 0;
    qint64 duplicates = 0;
    qint64 gaps = 0;
    qint64 bad = 0;
    quint64 missed = 0;
    quint64 unrecoverable = 0;
    bool historyEnded = false;
    quint64 lastHistorySeq = 0;
    quint64 lastSeq = 0;
    bool anySeq = false;
    QObject::connect(&bus, &MessageBus::messageReceived, [&](const ChatMessage &m) {
        if (m.history) {
            ++history;
            if (historyEnded || received > 0) {
                ++bad;
                std::fprintf(stderr, "testpeer: history message after the history's end (seq %llu)\n",
                             static_cast<unsigned long long>(m.seq));
            }
            lastHistorySeq = m.seq;
        } else {
            ++received;
            if (!historyEnded) {
                ++bad;
                std::fprintf(stderr, "testpeer: live message before the history's end\n");
            }
        }
        if (anySeq && m.seq <= lastSeq) {
            ++bad;
            std::fprintf(stderr, "testpeer: seq %llu after %llu\n", static_cast<unsigned long long>(m.seq),
                         static_cast<unsigned long long>(lastSeq));
        }
        anySeq = true;
        lastSeq = m.seq;
        const std::optional<int> index = testtexts::indexOf(m.sender, m.text);
        if (!index) {
            ++bad;
            std::fprintf(stderr, "testpeer: unexpected text from %s\n", qPrintable(m.sender));
        } else {
            ++checked;
            Run &run = runs[m.sender];
            if (run.any && *index <= run.last) {
                ++duplicates;
                std::fprintf(stderr, "testpeer: %s#%d again after #%d (%s)\n", qPrintable(m.sender), *index, run.last,
                             m.history ? "history" : "live");
            } else if (run.any && *index != run.last + 1 && (m.history || missed == 0)) {
                ++gaps;
                std::fprintf(stderr, "testpeer: %s#%d after #%d: a gap (%s)\n", qPrintable(m.sender), *index, run.last,
                             m.history ? "history" : "live");
            }
            if (!m.history && !run.live) {
                run.live = true;
                if (run.any)
                    ++(missed == 0 ? seams : seamsExcused);
            }
            run.last = *index;
            run.any = true;
        }
        if (received >= live)
            QCoreApplication::quit();
    });
    QObject::connect(&bus, &MessageBus::historyReceived, [&](int count, quint64 lost) {
        historyEnded = true;
        unrecoverable = lost;
        if (count != history) {
            ++bad;
            std::fprintf(stderr, "testpeer: historyReceived(%d) after %lld history messages\n", count,
                         static_cast<long long>(history));
        }
    });
    QObject::connect(&bus, &MessageBus::messagesMissed, [&](quint64 n) { missed += n; });
    say("ready");
    QCoreApplication::exec();
    say("done history=" + QByteArray::number(history) + " live=" + QByteArray::number(received) + " checked="
        + QByteArray::number(checked) + " duplicates=" + QByteArray::number(duplicates) + " gaps="
        + QByteArray::number(gaps) + " unrecoverable=" + QByteArray::number(unrecoverable) + " missed="
        + QByteArray::number(missed) + " seams=" + QByteArray::number(seams) + " seamsExcused="
        + QByteArray::number(seamsExcused) + " senders=" + QByteArray::number(runs.size()) + " bad=" + QByteArray::number(bad)
        + " lastHistorySeq=" + QByteArray::number(lastHistorySeq));
    bus.leave();
    return duplicates == 0 && gaps == 0 && bad == 0 ? 0 : 3;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 4)
        return fail(u"usage: testpeer ROLE CHANNEL NAME ..."_s, 2);
    const QString role = args.at(1);
    if (role == u"probe") {
        // testpeer probe SHMKEY SEMID: try another user's segment by key and semaphore by id.
        // shmget() alone checks no permission; reading or writing needs shmat().
        const int id = ::shmget(key_t(args.at(2).toLongLong(nullptr, 16)), 0, 0);
        const int shm = id == -1 ? -1 : (::shmat(id, nullptr, SHM_RDONLY) == reinterpret_cast<void *>(-1) ? -1 : 0);
        const int shmErrno = errno;
        const int sem = ::semctl(args.at(3).toInt(), 0, GETVAL);
        const int semErrno = errno;
        say("shm " + QByteArray(shm == -1 ? ::strerrorname_np(shmErrno) : "OPENED") + " sem "
            + QByteArray(sem == -1 ? ::strerrorname_np(semErrno) : "OPENED"));
        return 0;
    }
    MessageBus bus(args.at(2));
    bus.setHistoryLimit(qEnvironmentVariableIntValue("TESTPEER_HISTORY"));   // 0 when unset
    if (!bus.join(args.at(3)))
        return fail(bus.errorString(), 1);
    if (role == u"hold")
        return hold(bus);
    if (role == u"burst" && args.size() == 7)
        return burst(bus, args.at(4).toInt(), args.at(5).toInt(), args.at(6));
    if ((role == u"ping" || role == u"pong") && args.size() == 5)
        return pingPong(bus, role == u"ping", args.at(4).toInt());
    if (role == u"flood" && (args.size() == 5 || (args.size() == 6 && args.at(5) == u"go")))
        return flood(bus, args.at(4).toInt(), args.size() == 6);
    if (role == u"mixed" && args.size() == 5)
        return mixed(bus, args.at(4).toInt());
    if (role == u"chatter" && args.size() == 6)
        return chatter(bus, args.at(4).toInt(), args.at(5).toInt());
    if (role == u"observe" && args.size() == 6)
        return observe(bus, args.at(4).toInt(), args.at(5));
    if (role == u"endure" && args.size() == 5)
        return endure(bus, args.at(4).toInt());
    if (role == u"stream" && args.size() == 4)
        return stream(bus);
    if (role == u"seam" && args.size() == 5)
        return seam(bus, args.at(4).toLongLong());
    if (role == u"slow" && (args.size() == 6 || args.size() == 7))
        return slow(bus, args.at(4), args.at(5).toLongLong(), args.value(6).toInt());
    if (role == u"lapsend" && args.size() == 6)
        return slow(bus, u"0"_s, args.at(4).toLongLong(), args.at(5).toInt(), true);
    return fail(u"unknown role or wrong arguments"_s, 2);
}
