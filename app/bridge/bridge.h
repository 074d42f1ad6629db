#pragma once

#include "bridgepayload.h"
#include "bridgestore.h"
#include "messagebus.h"
#include "mqttclient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <map>
#include <optional>

// peerchat-bridge: one peer on a local channel and one MQTT client, carrying messages and
// presence both ways, exactly once (README, "Across machines").
class Bridge : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString channel;
        QString name;                 // the bridge's own peer name on the channel
        QString prefix;               // topic prefix
        QString origin;               // --origin, or empty: the stored random one
        int gapWaitMs = 5000;         // --gap-wait: how long a later message waits for an earlier one
        MqttClient::Settings mqtt;    // host, port, tls, credentials (clientId and will are set here)
    };

    explicit Bridge(const Options &options, QObject *parent = nullptr);
    ~Bridge() override;

    // On failure prints the error and returns the exit code; 0 once running.
    int start();
    void stop();                      // withdraw presence, disconnect, leave; then finished(0)

signals:
    void finished(int exitCode);

private:
    void onConnected(bool sessionPresent);
    void onSubscribed(int mid);
    void onPublished(int mid);
    void onLocalMessage(const ChatMessage &message);
    void onHistoryMessage(const ChatMessage &message);
    void onHistoryDone();
    void forward(const ChatMessage &message);
    void askEveryOrigin();
    void requestResend(const QString &origin);
    void onResendRequest(const QString &topic, const QString &topicOrigin, const QByteArray &payload);
    void onLocalPeersChanged(const PeerInfo &peer);
    void onMqttMessage(const QString &topic, const QByteArray &payload, bool retained);
    void onRemoteMessage(const QString &topic, const QString &topicOrigin, const QByteArray &payload);
    void release(const QString &origin, bool giveUp);
    void onGapTimer();
    void deliver(const bridgepayload::Message &message);
    void replayJournal();
    void onRemotePresence(const QString &topic, const QString &topicOrigin, const QByteArray &payload);
    void setRemotePeers(const QString &origin, const QStringList &peers);
    void handOver(quint64 seq, const QByteArray &payload);
    void publishPresence(bool online);
    void fail(const QString &text);

    Options m_options;
    BridgeStore m_store;
    MessageBus m_bus;
    std::unique_ptr<MqttClient> m_mqtt;
    QHash<int, quint64> m_inFlight;             // library message id -> seq
    QHash<QString, QStringList> m_remotePeers;  // origin -> peer names announced on the bus
    // Incoming order. QoS 1 can bring a message again, or after a later one (the sender's library
    // resends what was in flight after a reconnect): per origin, what came ahead of a missing seq
    // waits here, at most gapWaitMs; then the missing ones are reported as lost, never skipped
    // silently.
    struct Held
    {
        std::map<quint64, bridgepayload::Message> messages;   // seq -> message, all > delivered + 1
        QElapsedTimer waiting;                                 // since the gap was first seen
        bool asked = false;                                    // its origin was asked to resend
    };
    QHash<QString, Held> m_held;
    QTimer m_gapTimer;
    bool m_replayPending = false;               // connected; the journal goes out on the next turn
    // Until the bus's history is read (what the last run left on the bus: onHistoryMessage()),
    // MQTT messages wait here, and no resend is asked for.
    bool m_historyDone = false;
    struct Arrived
    {
        QString topic;
        QByteArray payload;
        bool retained = false;
    };
    QList<Arrived> m_beforeHistory;
    std::optional<quint64> m_catchUpAfter;      // bus seqs above this in the history: not carried yet
    quint64 m_historySeq = 0;                   // the highest bus seq of the history
    quint64 m_caughtUp = 0;                     // history messages carried to MQTT at start
    quint64 m_recovered = 0;                    // relayed seqs found in the history at start
    bool m_resendAsked = false;                 // after the last run died: once
    int m_subscribeMid = -1;
    int m_offlineMid = -1;
    bool m_ready = false;
    bool m_stopping = false;
    QTimer m_stopTimer;
    quint64 m_forwarded = 0;
    quint64 m_delivered = 0;
    quint64 m_duplicates = 0;
    quint64 m_rejected = 0;
    quint64 m_lost = 0;   // seqs given up on (reported on the channel)
    quint64 m_resent = 0; // messages published again for other bridges' resend requests
    quint64 m_skippedBinary = 0;   // binary messages not carried (MessageBus::sendBytes())
};
