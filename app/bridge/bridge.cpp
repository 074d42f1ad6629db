#include "bridge.h"

#include "bridgelogging.h"
#include "bridgepayload.h"

#include <QSet>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Bridge::Bridge(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_store(options.channel)
    , m_bus(options.channel)
{
    connect(&m_bus, &MessageBus::messageReceived, this, &Bridge::onLocalMessage);
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
    // No history: what was said before the bridge joined may have been carried already by an
    // earlier run (its own seq numbers are gone with the bus), so it would reach MQTT twice.
    m_bus.setHistoryLimit(0);
    if (!m_bus.join(m_options.name)) {
        std::fprintf(stderr, "peerchat-bridge: %s\n", qPrintable(m_bus.errorString()));
        return 1;
    }
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
                                   << "binary not carried" << m_skippedBinary;
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
    if (message.relayed || message.history)
        return;   // came from another machine through a bridge (no loops), or from before we joined
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
    const QByteArray payload = bridgepayload::encodeMessage(out);
    // On disk before it goes anywhere: a SIGKILL from here on is repaired by the journal.
    if (!m_store.journal(out.seq, payload))
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
    if (!m_store.knows(origin) && !m_held.contains(origin)) {
        deliver(*message);   // the first of an origin we never heard of: its stream starts here
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
        deliver(first->second);
        held.messages.erase(first);
    }
    m_held.erase(found);
}

void Bridge::onGapTimer()
{
    QStringList expired;
    for (auto it = m_held.cbegin(); it != m_held.cend(); ++it) {
        if (it->waiting.isValid() && it->waiting.hasExpired(m_options.gapWaitMs))
            expired << it.key();
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
    // refusal is counted and logged here, not retried.
    if (m_bus.sendAs(message.from + u'@' + message.origin, message.text)) {
        ++m_delivered;
    } else {
        ++m_rejected;
        qCWarning(lcBridge).noquote() << "rejected a message from" << message.origin << ":" << m_bus.errorString();
    }
    // After the bus has it (README: the kill windows). Foreign messages (no seq) are not tracked.
    if (!m_store.markSeen(message.origin, message.seq))
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
