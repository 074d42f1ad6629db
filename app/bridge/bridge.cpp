#include "bridge.h"

#include "bridgelogging.h"
#include "bridgepayload.h"
#include "failpoint.h"

#include <QSet>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {
// The seq whose low 32 bits are `tag` (a relay tag, ChatMessage::relayTag) nearest to `near`.
quint64 seqFromRelayTag(quint64 near, quint32 tag)
{
    constexpr quint64 Lap = quint64(1) << 32;
    quint64 seq = (near & ~(Lap - 1)) | tag;
    if (seq + Lap / 2 < near)
        seq += Lap;
    else if (seq > near + Lap / 2 && seq >= Lap)
        seq -= Lap;
    return seq;
}
} // namespace

Bridge::Bridge(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_store(options.channel)
    , m_bus(options.channel)
{
    connect(&m_bus, &MessageBus::messageReceived, this, &Bridge::onLocalMessage);
    connect(&m_bus, &MessageBus::historyReceived, this, &Bridge::onHistoryDone);
    connect(&m_bus, &MessageBus::peerJoined, this, &Bridge::onLocalPeersChanged);
    connect(&m_bus, &MessageBus::peerLeft, this, &Bridge::onLocalPeersChanged);
    connect(&m_bus, &MessageBus::errorOccurred, this, [this](MessageBus::Error error) {
        if (error == MessageBus::Error::SystemError && m_bus.isJoined())
            fail(m_bus.errorString());
        else
            qCWarning(lcBridge).noquote() << "channel" << m_options.channel << ":" << m_bus.errorString();
    });
    connect(&m_bus, &MessageBus::messagesMissed, this, [this](quint64 count) {
        qCWarning(lcBridge).noquote() << "missed" << count << "messages on channel" << m_options.channel
                                      << "(this bridge was too slow): they are not carried to MQTT";
    });
    m_gapTimer.setInterval(std::clamp(m_options.gapWaitMs / 4, 20, 1000));
    connect(&m_gapTimer, &QTimer::timeout, this, &Bridge::onGapTimer);
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcBridge) << "the broker did not acknowledge the offline presence in time";
        m_mqtt->disconnectFromBroker();
    });
}

Bridge::~Bridge() = default;

void Bridge::fail(const QString &text)
{
    std::fprintf(stderr, "peerchat-bridge: %s\n", qPrintable(text));
    std::fflush(stderr);
    m_bus.leave();
    emit finished(1);
}

int Bridge::start()
{
    if (!m_store.open(m_options.origin)) {
        std::fprintf(stderr, "peerchat-bridge: %s\n", qPrintable(m_store.errorString()));
        return 1;
    }
    // The bus's history is what an earlier run of this bridge left behind when it was killed:
    // local messages it had not read yet (carried now), and the relayed messages it had put on
    // the bus (not put there again). onHistoryMessage(); README, "Kill windows".
    m_bus.setHistoryLimit(MessageBus::MaxHistoryLimit);
    if (!m_bus.join(m_options.name)) {
        std::fprintf(stderr, "peerchat-bridge: %s\n", qPrintable(m_bus.errorString()));
        return 1;
    }
    m_catchUpAfter = m_store.busReadUpTo(m_bus.channelInstance());
    MqttClient::Settings settings = m_options.mqtt;
    settings.clientId = u"peerchat-%1-%2"_s.arg(m_store.origin(), m_options.channel);
    settings.willTopic = m_options.prefix + u"/presence/"_s + m_store.origin();
    settings.willPayload = bridgepayload::encodePresence({m_store.origin(), false, {}});
    m_mqtt = std::make_unique<MqttClient>(settings);
    connect(m_mqtt.get(), &MqttClient::connected, this, &Bridge::onConnected);
    connect(m_mqtt.get(), &MqttClient::subscribed, this, &Bridge::onSubscribed);
    connect(m_mqtt.get(), &MqttClient::published, this, &Bridge::onPublished);
    connect(m_mqtt.get(), &MqttClient::messageArrived, this, &Bridge::onMqttMessage);
    connect(m_mqtt.get(), &MqttClient::refused, this, &Bridge::fail);
    // m_inFlight survives a lost connection: the library sends those again itself, same ids.
    connect(m_mqtt.get(), &MqttClient::disconnected, this, [this] {
        m_bus.leave();
        qCInfo(lcBridge).noquote() << "stopped: forwarded" << m_forwarded << "delivered" << m_delivered
                                   << "duplicates dropped" << m_duplicates << "rejected" << m_rejected << "lost" << m_lost
                                   << "resent" << m_resent << "binary not carried" << m_skippedBinary;
        emit finished(0);
    });
    qCInfo(lcBridge).noquote() << "channel" << m_options.channel << "as origin" << m_store.origin() << "to"
                               << m_mqtt->address() << "prefix" << m_options.prefix << "; state in" << m_store.directory()
                               << ";" << m_store.unacknowledged().size() << "unacknowledged in the journal";
    if (!m_mqtt->start()) {
        std::fprintf(stderr, "peerchat-bridge: %s\n", qPrintable(m_mqtt->errorString()));
        m_bus.leave();
        return 1;
    }
    return 0;
}

void Bridge::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (!m_mqtt || !m_mqtt->isConnected()) {
        if (m_mqtt)
            m_mqtt->disconnectFromBroker();   // emits disconnected(): leave and finish
        else
            emit finished(0);
        return;
    }
    publishPresence(false);   // the will is not sent on a clean disconnect: say it ourselves
    m_stopTimer.start(2s);
}

void Bridge::onConnected(bool sessionPresent)
{
    qCInfo(lcBridge).noquote() << "connected to" << m_mqtt->address() << (sessionPresent ? "(session kept)" : "(new session)");
    // Subscribe on every connect: cheap, and a broker that lost our session gets it back.
    m_subscribeMid = m_mqtt->subscribe(m_options.prefix + u"/+/+"_s);
    // What the library had in flight it sends again itself, right after this callback returns;
    // the rest of the journal goes out after those, on the next turn of the event loop, so that
    // a receiver gets them in order (it would wait for the gap to close otherwise).
    m_replayPending = true;
    QTimer::singleShot(0, this, &Bridge::replayJournal);
    publishPresence(true);
    askEveryOrigin();
}

// After a run of ours was killed, once connected and the history is read: each origin we know is
// asked for what it still keeps after the last seq we put on the bus. What the broker had
// delivered to the killed run before it was on the bus (libmosquitto acknowledges first, and
// messages that came early waited in its memory) comes back this way. A gap that shows later is
// asked for by the gap timer (onGapTimer()).
void Bridge::askEveryOrigin()
{
    if (!m_store.lastRunDied() || !m_historyDone || m_resendAsked || !m_mqtt || !m_mqtt->isConnected())
        return;
    m_resendAsked = true;   // once per run
    const QStringList origins = m_store.origins();
    qCInfo(lcBridge).noquote() << "the last run was killed: asking" << origins.size()
                               << "origin(s) for what they keep after the last seq put on the bus";
    for (const QString &origin : origins)
        requestResend(origin);
}

void Bridge::requestResend(const QString &origin)
{
    if (!m_mqtt->isConnected())
        return;
    const quint64 after = m_store.delivered(origin);
    qCDebug(lcBridge).noquote() << "asking origin" << origin << "for its messages after seq" << after;
    (void)m_mqtt->publish(m_options.prefix + u"/resend/"_s + origin,
                          bridgepayload::encodeResend({m_store.origin(), after}), false);
}

void Bridge::onResendRequest(const QString &topic, const QString &topicOrigin, const QByteArray &payload)
{
    if (topicOrigin != m_store.origin())
        return;   // for another bridge
    QString why;
    const std::optional<bridgepayload::Resend> resend = bridgepayload::decodeResend(payload, &why);
    if (!resend) {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a resend request on" << topic << ":" << why;
        return;
    }
    if (resend->origin == m_store.origin())
        return;
    const auto kept = m_store.keptAfter(resend->after);
    for (const auto &[seq, message] : kept)
        (void)m_mqtt->publish(m_options.prefix + u"/msg/"_s + m_store.origin(), message, false);
    m_resent += kept.size();
    if (!kept.empty())
        qCInfo(lcBridge).noquote() << "origin" << resend->origin << "asked for messages after seq" << resend->after
                                   << ": published again" << kept.size() << "(seq" << kept.front().first << "to"
                                   << kept.back().first << ")";
    if (resend->after < m_store.lastSeq() && resend->after + 1 < (kept.empty() ? m_store.lastSeq() + 1 : kept.front().first))
        qCWarning(lcBridge).noquote() << "origin" << resend->origin << "asked for messages after seq" << resend->after
                                      << "; the oldest this bridge still keeps is later: it reports the rest as lost";
}

void Bridge::replayJournal()
{
    m_replayPending = false;
    if (!m_mqtt->isConnected())
        return;   // lost again: the next connect replays
    // What the library does not hold already (after a restart, the journal's unacknowledged
    // messages, same seq; new ones read while disconnected). Keys are seqs: in order.
    QSet<quint64> handed;
    for (const quint64 seq : std::as_const(m_inFlight))
        handed.insert(seq);
    for (const auto &[seq, payload] : m_store.unacknowledged()) {
        if (!handed.contains(seq))
            handOver(seq, payload);
    }
}

void Bridge::onSubscribed(int mid)
{
    if (mid != m_subscribeMid || m_ready)
        return;
    m_ready = true;
    qCInfo(lcBridge).noquote() << "ready: subscribed to" << m_options.prefix + u"/+/+"_s;
}

void Bridge::handOver(quint64 seq, const QByteArray &payload)
{
    const int mid = m_mqtt->publish(m_options.prefix + u"/msg/"_s + m_store.origin(), payload, false);
    if (mid >= 0)
        m_inFlight.insert(mid, seq);
}

void Bridge::onPublished(int mid)
{
    if (mid == m_offlineMid && m_stopping) {
        m_stopTimer.stop();
        m_mqtt->disconnectFromBroker();
        return;
    }
    const auto it = m_inFlight.constFind(mid);
    if (it == m_inFlight.cend())
        return;   // a presence message
    m_store.acknowledge(it.value());
    m_inFlight.erase(it);
}

void Bridge::onLocalMessage(const ChatMessage &message)
{
    if (message.history) {
        onHistoryMessage(message);
        return;
    }
    if (message.relayed)
        return;   // came from another machine through a bridge: never sent on (no loops)
    forward(message);
}

// What the bus still holds from before this bridge joined. A relayed message with a relay tag
// was put there by an earlier run of ours: its seq is done, whether or not that run lived to
// record it. A local message after the last one in our journal (same life of the bus) was said
// while no bridge read the bus, or read by a run that died before its journal had it: carried now.
void Bridge::onHistoryMessage(const ChatMessage &message)
{
    m_historySeq = std::max(m_historySeq, message.seq);
    if (message.relayed) {
        const QString origin = message.sender.section(u'@', -1);
        if (message.relayTag == 0 || !bridgepayload::isValidOrigin(origin) || origin == m_store.origin())
            return;
        const quint64 seq = seqFromRelayTag(m_store.delivered(origin), message.relayTag);
        if (seq > m_store.delivered(origin)) {
            ++m_recovered;
            if (!m_store.markSeen(origin, seq))
                qCWarning(lcBridge) << "cannot record" << origin << seq << "as delivered";
        }
        return;
    }
    if (m_catchUpAfter && message.seq > *m_catchUpAfter) {
        ++m_caughtUp;
        forward(message);
    }
}

void Bridge::onHistoryDone()
{
    m_historyDone = true;
    if (!m_catchUpAfter && !m_store.startBus(m_bus.channelInstance(), m_historySeq))
        qCWarning(lcBridge) << "cannot record which life of the bus this is: a crash now may repeat or lose messages";
    if (m_caughtUp > 0 || m_recovered > 0)
        qCInfo(lcBridge).noquote() << "from the bus's history:" << m_caughtUp
                                   << "message(s) said while no bridge read them, carried now;" << m_recovered
                                   << "relayed message(s) an earlier run had put on the bus";
    const QList<Arrived> waiting = std::exchange(m_beforeHistory, {});
    for (const Arrived &arrived : waiting)
        onMqttMessage(arrived.topic, arrived.payload, arrived.retained);
    askEveryOrigin();
}

void Bridge::forward(const ChatMessage &message)
{
    if (message.binary) {
        // The MQTT payload carries text only (bridgepayload): binary messages stay on this
        // machine. Said once per run in the log, counted always.
        if (m_skippedBinary++ == 0)
            qCWarning(lcBridge) << "not carrying binary messages to MQTT (the bridge carries text only); first from"
                                << message.sender << "type" << message.type << "size" << message.bytes.size();
        return;
    }
    bridgepayload::Message out;
    out.origin = m_store.origin();
    out.seq = m_store.nextSeq();
    out.from = message.sender;
    out.text = message.text;
    out.time = message.time;
    out.epoch = m_store.ownEpoch();
    const QByteArray payload = bridgepayload::encodeMessage(out);
    // A SIGKILL before the journal has it: the next run finds it in the bus's history.
    failpoint::hit(failpoint::Point::BridgeBeforeJournal);
    // On disk before it goes anywhere: a SIGKILL from here on is repaired by the journal.
    if (!m_store.journal(out.seq, message.seq, payload))
        qCWarning(lcBridge) << "message" << out.seq << "is not in the journal: a crash now would lose it";
    ++m_forwarded;
    if (m_mqtt->isConnected() && !m_replayPending)
        handOver(out.seq, payload);   // else in the journal: the replay after connecting sends it
}

void Bridge::onLocalPeersChanged(const PeerInfo &peer)
{
    if (peer.isSelf || peer.remote)
        return;
    publishPresence(true);
    // A peer that joined after we announced the remote peers learns them now (announcing a known
    // one again changes nothing for the others).
    for (auto it = m_remotePeers.cbegin(); it != m_remotePeers.cend(); ++it) {
        for (const QString &name : it.value())
            (void)m_bus.announceRemotePeer(name + u'@' + it.key());
    }
}

void Bridge::publishPresence(bool online)
{
    if (!m_mqtt || !m_mqtt->isConnected() || (m_stopping && online))
        return;
    bridgepayload::Presence presence;
    presence.origin = m_store.origin();
    presence.online = online;
    if (online) {
        const QList<PeerInfo> peers = m_bus.peers();
        for (const PeerInfo &peer : peers) {
            if (!peer.isSelf && !peer.remote)
                presence.peers << peer.name;
        }
    }
    const int mid = m_mqtt->publish(m_options.prefix + u"/presence/"_s + m_store.origin(),
                                    bridgepayload::encodePresence(presence), true);
    if (!online)
        m_offlineMid = mid;
}

void Bridge::onMqttMessage(const QString &topic, const QByteArray &payload, bool retained)
{
    if (!m_historyDone) {
        m_beforeHistory.append({topic, payload, retained});   // onHistoryDone() takes them
        return;
    }
    const QStringList levels = topic.mid(m_options.prefix.size() + 1).split(u'/');
    if (!topic.startsWith(m_options.prefix + u'/') || levels.size() != 2) {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a message on" << topic << ": not PREFIX/msg|presence/ORIGIN";
        return;
    }
    if (!bridgepayload::isValidOrigin(levels.at(1))) {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a message on" << topic << ": the last level is not an origin";
        return;
    }
    if (levels.at(0) == u"msg"_s && retained) {
        // A retained chat line would come again with every (re)subscription.
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a message on" << topic << ": retained (publish chat lines without -r)";
    } else if (levels.at(0) == u"msg"_s)
        onRemoteMessage(topic, levels.at(1), payload);
    else if (levels.at(0) == u"presence"_s)
        onRemotePresence(topic, levels.at(1), payload);
    else if (levels.at(0) == u"resend"_s && !retained)
        onResendRequest(topic, levels.at(1), payload);
    else
        qCDebug(lcBridge) << "ignored" << topic;
}

void Bridge::onRemoteMessage(const QString &topic, const QString &topicOrigin, const QByteArray &payload)
{
    QString why;
    const std::optional<bridgepayload::Message> message = bridgepayload::decodeMessage(payload, topicOrigin, &why);
    if (!message) {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a message on" << topic << ":" << why;
        return;
    }
    if (message->origin == m_store.origin())
        return;   // ours, back again (no-local covers our own client; this covers a copy of us)
    if (message->seq == 0) {
        deliver(*message);   // a foreign client's: no seq, no order to keep, never de-duplicated
        return;
    }
    const QString &origin = message->origin;
    const quint64 knownEpoch = m_store.epoch(origin);
    if (message->epoch != 0 && knownEpoch != 0 && message->epoch != knownEpoch) {
        if (message->epoch < knownEpoch) {
            ++m_duplicates;   // from before the origin started again: done or reported then
            qCDebug(lcBridge) << "message" << origin << message->seq << "of an earlier life of the origin dropped";
            return;
        }
        // The origin's state is new (wiped, or a new machine under the same --origin): its seqs
        // count from 1 again. What waited for a gap of its old life goes on the bus first.
        qCWarning(lcBridge).noquote() << "origin" << origin << "started again (its state is new): its messages count from seq 1 again";
        while (m_held.contains(origin))
            release(origin, true);
        if (!m_store.restartOrigin(origin, message->epoch))
            qCWarning(lcBridge) << "cannot record that" << origin << "started again";
    }
    if (!m_store.knows(origin) && !m_held.contains(origin)) {
        // An origin we never heard of: its stream starts here -- unless a run of ours was killed
        // with its first messages taken from the broker (libmosquitto acknowledges before it
        // hands them over) but neither on the bus nor recorded. Then a later first seq is a gap
        // from seq 1 on: held, and the origin asked for what it keeps (the gap timer reports as
        // lost what does not come).
        if (!m_store.lastRunDied() || message->seq == 1) {
            deliver(*message);
            return;
        }
        qCInfo(lcBridge).noquote() << "the first message of origin" << origin << "after our last run was killed is seq"
                                   << message->seq << ": asking it for the earlier ones";
        Held &held = m_held[origin];
        held.messages.emplace(message->seq, *message);
        held.asked = true;   // now: the gap timer gives up after one wait
        requestResend(origin);
        release(origin, false);
        return;
    }
    const auto held = m_held.constFind(origin);
    if (message->seq <= m_store.delivered(origin) || (held != m_held.cend() && held->messages.count(message->seq) != 0)) {
        ++m_duplicates;
        qCDebug(lcBridge) << "duplicate" << origin << message->seq << "dropped";
        return;
    }
    m_held[origin].messages.emplace(message->seq, *message);
    release(origin, false);
}

// Puts the held messages of `origin` on the bus while they are next in its order. A gap waits
// (the gap timer gives up on it after gapWaitMs); `giveUp` reports the first gap as lost now.
void Bridge::release(const QString &origin, bool giveUp)
{
    const auto found = m_held.find(origin);
    if (found == m_held.end())
        return;
    Held &held = found.value();
    while (!held.messages.empty()) {
        const auto first = held.messages.begin();
        const quint64 next = m_store.delivered(origin) + 1;
        if (first->first > next) {
            if (!giveUp) {
                if (!held.waiting.isValid())
                    held.waiting.start();
                if (!m_gapTimer.isActive())
                    m_gapTimer.start();
                return;
            }
            giveUp = false;
            const quint64 lost = first->first - next;
            const QString range = lost == 1 ? QString::number(next) : u"%1-%2"_s.arg(next).arg(first->first - 1);
            m_lost += lost;
            qCWarning(lcBridge).noquote() << lost << "message(s) from origin" << origin << "(seq" << range
                                          << ") never arrived here (the broker did not deliver them, or this bridge was stopped while it put them on the bus)";
            // Said on the channel too: the people waiting for them read it there.
            (void)m_bus.send(u"%1 message(s) from %2 were lost on the way here (seq %3 never arrived)"_s
                                 .arg(lost).arg(origin, range));
            if (!m_store.markSeen(origin, first->first - 1))
                qCWarning(lcBridge) << "cannot record" << origin << first->first - 1 << "as done";
        }
        held.waiting.invalidate();
        held.asked = false;
        deliver(first->second);
        held.messages.erase(first);
    }
    m_held.erase(found);
}

void Bridge::onGapTimer()
{
    QStringList expired;
    for (auto it = m_held.begin(); it != m_held.end(); ++it) {
        if (!it->waiting.isValid() || !it->waiting.hasExpired(m_options.gapWaitMs))
            continue;
        if (it->asked) {
            expired << it.key();
        } else {
            // First ask the origin: it may keep what the broker lost or handed to a run of ours
            // that was killed. Given up on after one more wait.
            it->asked = true;
            it->waiting.start();
            requestResend(it.key());
        }
    }
    for (const QString &origin : std::as_const(expired))
        release(origin, true);
    const bool anyWaiting = std::any_of(m_held.cbegin(), m_held.cend(), [](const Held &h) { return h.waiting.isValid(); });
    if (!anyWaiting)
        m_gapTimer.stop();
}

void Bridge::deliver(const bridgepayload::Message &message)
{
    // Recorded as done whether or not the bus takes it: the broker will not send it again, and a
    // refusal is counted and logged here, not retried. A SIGKILL here: the next run asks the
    // origin for it again (requestResend()).
    failpoint::hit(failpoint::Point::BridgeBeforeBus);
    // The relay tag tells the next run, from the bus's history, that this seq is on the bus.
    if (m_bus.sendAs(message.from + u'@' + message.origin, message.text, quint32(message.seq))) {
        ++m_delivered;
    } else {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a message from" << message.origin << ":" << m_bus.errorString();
    }
    // After the bus has it (README: the kill windows). Foreign messages (no seq) are not tracked.
    // A SIGKILL here: the next run finds the relay tag in the bus's history.
    failpoint::hit(failpoint::Point::BridgeAfterBus);
    if (!m_store.markSeen(message.origin, message.seq, message.epoch))
        qCWarning(lcBridge) << "cannot record" << message.origin << message.seq << "as delivered";
}

void Bridge::onRemotePresence(const QString &topic, const QString &topicOrigin, const QByteArray &payload)
{
    if (payload.isEmpty())
        return;   // a retained presence cleared by hand
    QString why;
    const std::optional<bridgepayload::Presence> presence = bridgepayload::decodePresence(payload, topicOrigin, &why);
    if (!presence) {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a presence on" << topic << ":" << why;
        return;
    }
    if (presence->origin == m_store.origin())
        return;
    setRemotePeers(presence->origin, presence->peers);
}

void Bridge::setRemotePeers(const QString &origin, const QStringList &peers)
{
    const QStringList before = m_remotePeers.value(origin);
    QStringList now;
    for (const QString &name : peers) {
        if (now.contains(name))
            continue;
        if (!before.contains(name) && !m_bus.announceRemotePeer(name + u'@' + origin)) {
            qCWarning(lcBridge).noquote() << "cannot show" << name + u'@' + origin << ":" << m_bus.errorString();
            continue;
        }
        now << name;
    }
    for (const QString &name : before) {
        if (!now.contains(name))
            (void)m_bus.withdrawRemotePeer(name + u'@' + origin);
    }
    if (now.isEmpty())
        m_remotePeers.remove(origin);
    else
        m_remotePeers.insert(origin, now);
}
