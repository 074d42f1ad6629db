#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

struct mosquitto;
struct mosquitto_message;
class QSocketNotifier;

// One MQTT v5 client (libmosquitto) driven by the Qt event loop: the library's socket is watched
// by QSocketNotifiers (write only while mosquitto_want_write()), and a 1 s timer runs
// mosquitto_loop_misc() for keep-alives. No thread of its own. Reconnects with back-off.
//
// QoS 1 only. Note libmosquitto's order on receipt: it queues (and, outside a callback, writes)
// the PUBACK *before* it calls on_message, so messageArrived() is emitted after the broker was
// told "delivered" (README, "Across machines": what this means for a SIGKILL).
class MqttClient : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString host;
        int port = 1883;
        bool tls = false;
        QString caFile;               // tls: the CA to trust; empty: the system's CAs
        QString clientId;             // fixed: the broker keeps the session under it
        QByteArray username;          // empty: none
        QByteArray password;
        quint32 sessionExpiry = 7 * 24 * 3600;   // seconds the broker keeps the session while we are away
        QString willTopic;            // published (retained) by the broker when we vanish
        QByteArray willPayload;
    };

    explicit MqttClient(const Settings &settings, QObject *parent = nullptr);
    ~MqttClient() override;
    MqttClient(const MqttClient &) = delete;
    MqttClient &operator=(const MqttClient &) = delete;

    // Sets up the library and starts connecting; false (and errorString()) when the settings are
    // unusable (bad CA file, ...). Connection failures are reported by signals.
    [[nodiscard]] bool start();
    // Hands a QoS 1 message to the library (which queues it while disconnected); its id, or -1.
    int publish(const QString &topic, const QByteArray &payload, bool retain);
    int subscribe(const QString &filter);   // its id, or -1
    void disconnectFromBroker();
    bool isConnected() const { return m_connected; }
    QString errorString() const { return m_errorString; }
    QString address() const;

signals:
    void connected(bool sessionPresent);
    // The broker said no (bad credentials, not authorized) or TLS failed: permanent, no retry.
    void refused(const QString &why);
    void connectionLost(const QString &why);
    void messageArrived(const QString &topic, const QByteArray &payload, bool retained);
    void published(int mid);          // the broker acknowledged (PUBACK) message `mid`
    void subscribed(int mid);         // SUBACK: from now on the broker keeps what we subscribed to
    void disconnected();              // after disconnectFromBroker()

private:
    static void onConnect(mosquitto *, void *self, int rc, int flags, const struct mqtt5__property *);
    static void onDisconnect(mosquitto *, void *self, int rc, const struct mqtt5__property *);
    static void onPublish(mosquitto *, void *self, int mid, int reason, const struct mqtt5__property *);
    static void onMessage(mosquitto *, void *self, const mosquitto_message *message, const struct mqtt5__property *);
    static void onSubscribe(mosquitto *, void *self, int mid, int count, const int *granted, const struct mqtt5__property *);
    static void onLog(mosquitto *, void *self, int level, const char *text);

    void connectNow();
    void watchSocket();
    void unwatchSocket();
    void readReady();
    void writeReady();
    void afterLoop(int rc);
    void lost(const QString &why);
    void updateWriteNotifier();

    Settings m_settings;
    mosquitto *m_mosq = nullptr;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    int m_socket = -1;
    QTimer m_miscTimer;
    QTimer m_reconnectTimer;
    int m_backoffMs = 0;
    bool m_connected = false;
    bool m_everConnected = false;
    bool m_stopping = false;
    bool m_disconnectedEmitted = false;
    bool m_refused = false;
    QString m_errorString;
    QString m_lastLibraryError;       // the library's last error log line (TLS reasons)
};
