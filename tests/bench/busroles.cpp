// Child roles that talk through peerchat's bus, through its public API only (MessageBus).

#include "benchcommon.h"
#include "roles.h"

#include "messagebus.h"

#include <QCoreApplication>

#include <atomic>
#include <span>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

// Runs the event loop until "quit" (or a failure) and returns the exit code. The bus is a stack
// object of the caller, so it leaves the channel cleanly on every path.
class Session : public QObject
{
public:
    explicit Session(MessageBus &bus)
        : m_bus(bus)
    {
        connect(&m_control, &ControlChannel::lineReceived, this, [this](const QByteArray &line) {
            if (line == "quit")
                QCoreApplication::exit(m_exitCode);
            else if (line == "go" && m_onGo)
                m_onGo();
        });
        connect(&m_bus, &MessageBus::errorOccurred, this, [this](MessageBus::Error) {
            fail(u"bus error on %1: %2"_s.arg(m_bus.peerName(), m_bus.errorString()));
        });
    }

    void onGo(std::function<void()> handler) { m_onGo = std::move(handler); }
    bool failed() const { return m_exitCode != 0; }
    void fail(const QString &why)
    {
        if (m_exitCode != 0)
            return;
        complain(why);
        m_exitCode = 3;
        QCoreApplication::exit(m_exitCode);
    }
    int exec()
    {
        const int code = QCoreApplication::exec();
        return code != 0 ? code : m_exitCode;
    }

private:
    MessageBus &m_bus;
    ControlChannel m_control;
    std::function<void()> m_onGo;
    int m_exitCode = 0;
};

bool joinOrComplain(MessageBus &bus, const QString &name)
{
    if (bus.join(name))
        return true;
    complain(u"cannot join channel %1 as %2: %3"_s.arg(bus.channel(), name, bus.errorString()));
    return false;
}

void failOnMissed(MessageBus &bus, Session &session)
{
    QObject::connect(&bus, &MessageBus::messagesMissed, &session, [&bus, &session](quint64 count) {
        session.fail(u"%1 MISSED %2 messages: the bus marked it a laggard (back-pressure gave up after 200 ms without progress); "
                     "this run is invalid"_s.arg(bus.peerName()).arg(count));
    });
}

// Fails the session from any thread (the direct handler runs on the watcher thread).
void failSoon(Session &session, std::atomic<bool> &failed, const QString &why)
{
    if (failed.exchange(true))
        return;
    QMetaObject::invokeMethod(&session, [&session, why] { session.fail(why); }, Qt::QueuedConnection);
}

// Hands each message's sender and text to `onText` (which must outlive the bus's joined life):
// --api direct in the direct handler on the watcher thread, otherwise through messageReceived().
template<typename OnText>
void receiveTexts(MessageBus &bus, Session &session, bool direct, OnText &onText)
{
    if (direct) {
        bus.setDirectHandler([&onText](std::span<const BusMessage> messages) {
            for (const BusMessage &m : messages)
                onText(m.sender, m.text);
        });
    } else {
        QObject::connect(&bus, &MessageBus::messageReceived, &session,
                         [&onText](const ChatMessage &message) { onText(message.sender, message.text); });
    }
}

// Answers every ping with the same text. --api direct: in the direct handler, on the watcher
// thread (a console peer: one wake-up per hop); otherwise through messageReceived() (an event loop).
int busEcho(const RoleArgs &args)
{
    const int size = int(args.number(u"size"_s, 64));
    const bool direct = args.text(u"api"_s, u"signal"_s) == u"direct"_s;
    MessageBus bus(args.text(u"channel"_s));
    Session session(bus);
    std::atomic<bool> failed{false};
    quint64 expected = 0;
    auto echo = [&](const QString &sender, const QString &text) {
        if (failed.load(std::memory_order_relaxed) || sender != u"ping"_s)
            return;
        int from = 0;
        quint64 seq = 0;
        if (!checkPayload(text, size, &from, &seq) || seq != expected) {
            failSoon(session, failed, u"echo: ping %1 arrived corrupted or out of order (got seq %2)"_s.arg(expected).arg(seq));
            return;
        }
        ++expected;
        if (!bus.send(text))
            failSoon(session, failed, u"echo: cannot send ping %1's echo"_s.arg(seq));
    };
    receiveTexts(bus, session, direct, echo);
    if (!joinOrComplain(bus, u"echo"_s))
        return 2;
    failOnMissed(bus, session);
    say("ready");
    const int code = session.exec();
    bus.leave();   // the handler uses locals declared after the bus: no call after this
    return code;
}

// Sends a ping, waits for its echo, sleeps, repeats. --api direct: the echo is taken, and the
// next ping sent, in the direct handler on the watcher thread; otherwise through messageReceived().
int busPing(const RoleArgs &args)
{
    const int size = int(args.number(u"size"_s, 64));
    const qint64 warmup = args.number(u"warmup"_s);
    const qint64 rounds = args.number(u"rounds"_s, 1000);
    const int pauseUs = int(args.number(u"pause-us"_s, 300));
    const bool direct = args.text(u"api"_s, u"signal"_s) == u"direct"_s;
    MessageBus bus(args.text(u"channel"_s));
    Session session(bus);
    std::atomic<bool> failed{false};
    std::vector<double> oneWayNs;
    oneWayNs.reserve(std::size_t(rounds));
    QByteArray payload(size, Qt::Uninitialized);
    quint64 seq = 0;
    qint64 sentAt = 0;
    auto sendNext = [&] {
        fillPayload(payload.data(), size, 0, seq);
        sentAt = nowNs();
        if (!bus.sendUtf8(payload))
            failSoon(session, failed, u"ping: cannot send ping %1"_s.arg(seq));
    };
    auto onEcho = [&](const QString &sender, const QString &text) {
        const qint64 now = nowNs();
        if (failed.load(std::memory_order_relaxed) || sender != u"echo"_s)
            return;
        int from = 0;
        quint64 got = 0;
        if (!checkPayload(text, size, &from, &got) || got != seq || from != 0) {
            failSoon(session, failed, u"ping: echo of %1 arrived corrupted or out of order (got seq %2)"_s.arg(seq).arg(got));
            return;
        }
        if (qint64(seq) >= warmup)
            oneWayNs.push_back(double(now - sentAt) / 2);
        ++seq;
        if (qint64(seq) == warmup + rounds) {
            say("result p50=" + QByteArray::number(percentile(oneWayNs, 50)) + " p99="
                + QByteArray::number(percentile(oneWayNs, 99)));
            return;
        }
        sleepUs(pauseUs);   // the echo's watcher goes to sleep on its doorbell meanwhile
        sendNext();
    };
    receiveTexts(bus, session, direct, onEcho);
    if (!joinOrComplain(bus, u"ping"_s))
        return 2;
    failOnMissed(bus, session);
    session.onGo(sendNext);
    say("ready");
    const int code = session.exec();
    bus.leave();   // the handler uses locals declared after the bus: no call after this
    return code;
}

// Sends n messages as fast as the bus takes them (--batch at a time); between slices it lets its
// own event loop run (peer events still come through it).
int busSend(const RoleArgs &args)
{
    const int size = int(args.number(u"size"_s, 64));
    const qint64 count = args.number(u"n"_s, 1000);
    const int id = int(args.number(u"id"_s));
    const bool bytes = args.number(u"bytes"_s) != 0;   // sendBytes() instead of sendUtf8()
    const qint64 batch = args.number(u"batch"_s, 1);
    MessageBus bus(args.text(u"channel"_s));
    // A sender that has no use for what others send reads nothing (the socket senders receive
    // nothing at all); --reads 1: it joins as a full peer and drops what it reads on the watcher
    // thread, the cheapest way for a peer that reads.
    if (args.number(u"reads"_s) != 0)
        bus.setDirectHandler([](std::span<const BusMessage>) {});
    else
        bus.setDelivery(MessageBus::Delivery::None);
    if (!joinOrComplain(bus, u"s%1"_s.arg(id)))
        return 2;
    Session session(bus);
    bool started = false;
    session.onGo([&] {
        if (started)
            return;
        started = true;
        // --batch N: N messages per sendUtf8Batch()/sendBytesBatch() call (1: sendUtf8()/sendBytes()).
        QList<QByteArray> group(std::max<qsizetype>(1, batch), QByteArray(size, Qt::Uninitialized));
        const qint64 start = nowNs();
        for (qint64 i = 0; i < count && !session.failed();) {
            const qint64 n = std::min<qint64>(group.size(), count - i);
            if (n < group.size())
                group.resize(n);
            for (qint64 k = 0; k < n; ++k)
                fillPayload(group[k].data(), size, id, quint64(i + k));
            const bool sent = batch > 1 ? (bytes ? bus.sendBytesBatch(PayloadType, group) : bus.sendUtf8Batch(group))
                                        : (bytes ? bus.sendBytes(PayloadType, group[0]) : bus.sendUtf8(group[0]));
            if (!sent) {
                session.fail(u"s%1: cannot send messages %2 to %3: %4"_s.arg(id).arg(i).arg(i + n - 1).arg(bus.errorString()));
                return;
            }
            if (((i + n) & ~qint64(255)) != (i & ~qint64(255)))
                QCoreApplication::processEvents();
            i += n;
        }
        const qint64 end = nowNs();
        say("result start=" + QByteArray::number(start) + " end=" + QByteArray::number(end));
    });
    say("ready");
    return session.exec();
}

// Receives and checks every message, through the API given by --api: "direct" (the default:
// setDirectHandler(), on the watcher thread: what a throughput consumer picks, README
// "Receiving"), "batch" (messagesAvailable() + takeMessages()) or "signal" (messageReceived()).
// Text (default): checks the QString the bus made; --bytes 1: checks the payload bytes in place.
int busReceive(const RoleArgs &args)
{
    const int size = int(args.number(u"size"_s, 64));
    const int senders = int(args.number(u"senders"_s, 1));
    const int id = int(args.number(u"id"_s));
    const bool bytes = args.number(u"bytes"_s) != 0;
    const QString api = args.text(u"api"_s, u"direct"_s);
    StreamChecker checker(senders, quint64(args.number(u"n"_s, 1000)));
    MessageBus bus(args.text(u"channel"_s));
    Session session(bus);
    std::atomic<bool> failed{false};
    // Called on one thread at a time (the watcher's or this one), never on two at once.
    auto accept = [&](const QString &sender, bool binary, quint16 type, const QString &text, const QByteArray &payload) {
        if (failed.load(std::memory_order_relaxed))
            return;
        int from = 0;
        quint64 seq = 0;
        const bool ok = binary == bytes
            && (bytes ? type == PayloadType && checkPayload(payload.constData(), payload.size(), size, &from, &seq)
                      : checkPayload(text, size, &from, &seq));
        QString why;
        if (!ok || from > 9 || sender.size() != 2 || sender.at(0) != u's' || sender.at(1) != QChar(u'0' + from)) {
            why = u"r%1: message %2 from %3 arrived CORRUPTED (%4 characters, %5 bytes, binary %6)"_s.arg(id)
                      .arg(checker.count()).arg(sender).arg(text.size()).arg(payload.size()).arg(binary);
        } else if (!checker.accept(from, seq)) {
            why = u"r%1: %2"_s.arg(id).arg(checker.errorString());
        }
        if (!why.isEmpty()) {
            failed.store(true, std::memory_order_relaxed);
            QMetaObject::invokeMethod(&session, [&session, why] { session.fail(why); }, Qt::QueuedConnection);
            return;
        }
        if (checker.isDone())
            say(checker.resultLine());
    };
    if (api == u"direct"_s) {
        bus.setDirectHandler([&](std::span<const BusMessage> messages) {
            for (const BusMessage &m : messages)
                accept(m.sender, m.binary, m.type, m.text, m.bytes);
        });
    } else if (api == u"batch"_s) {
        bus.setDelivery(MessageBus::Delivery::Batch);
        QObject::connect(&bus, &MessageBus::messagesAvailable, &session, [&] {
            const QList<BusMessage> messages = bus.takeMessages();
            for (const BusMessage &m : messages)
                accept(m.sender, m.binary, m.type, m.text, m.bytes);
        });
    } else {
        QObject::connect(&bus, &MessageBus::messageReceived, &session, [&](const ChatMessage &m) {
            accept(m.sender, m.binary, m.type, m.text, m.bytes);
        });
    }
    if (!joinOrComplain(bus, u"r%1"_s.arg(id)))
        return 2;
    failOnMissed(bus, session);
    say("ready");
    const int code = session.exec();
    bus.leave();   // the handler uses locals declared after the bus: no call after this
    return code;
}

int busIdle(const RoleArgs &args)
{
    MessageBus bus(args.text(u"channel"_s));
    if (!joinOrComplain(bus, u"idle%1"_s.arg(args.number(u"id"_s))))
        return 2;
    Session session(bus);
    say("ready");
    return session.exec();
}

} // namespace

int runBusRole(const RoleArgs &args)
{
    const QString role = args.role();
    if (role == u"bus-echo"_s)
        return busEcho(args);
    if (role == u"bus-ping"_s)
        return busPing(args);
    if (role == u"bus-send"_s)
        return busSend(args);
    if (role == u"bus-recv"_s)
        return busReceive(args);
    if (role == u"bus-idle"_s)
        return busIdle(args);
    return -1;
}

} // namespace bench
