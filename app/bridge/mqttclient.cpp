#include "mqttclient.h"

#include "bridgelogging.h"

#include <QSocketNotifier>

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {
constexpr int FirstBackoffMs = 250;
constexpr int MaxBackoffMs = 15000;
constexpr int KeepAliveSeconds = 30;

QString libraryError(int rc)
{
    if (rc == MOSQ_ERR_ERRNO)
        return QString::fromLocal8Bit(std::strerror(errno));
    return QString::fromUtf8(mosquitto_strerror(rc));
}
} // namespace

MqttClient::MqttClient(const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_miscTimer.setInterval(1s);
    connect(&m_miscTimer, &QTimer::timeout, this, [this] {
        if (!m_mosq || m_socket == -1)
            return;
        afterLoop(mosquitto_loop_misc(m_mosq));
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &MqttClient::connectNow);
}

MqttClient::~MqttClient()
{
    unwatchSocket();
    if (m_mosq)
        mosquitto_destroy(m_mosq);
}

QString MqttClient::address() const
{
    return u"%1:%2"_s.arg(m_settings.host).arg(m_settings.port);
}

bool MqttClient::start()
{
    const QByteArray id = m_settings.clientId.toUtf8();
    m_mosq = mosquitto_new(id.constData(), false, this);   // clean start off: a persistent session
    if (!m_mosq) {
        m_errorString = u"cannot create an MQTT client: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_v5_callback_set(m_mosq, &MqttClient::onConnect);
    mosquitto_disconnect_v5_callback_set(m_mosq, &MqttClient::onDisconnect);
    mosquitto_publish_v5_callback_set(m_mosq, &MqttClient::onPublish);
    mosquitto_message_v5_callback_set(m_mosq, &MqttClient::onMessage);
    mosquitto_subscribe_v5_callback_set(m_mosq, &MqttClient::onSubscribe);
    mosquitto_log_callback_set(m_mosq, &MqttClient::onLog);
    if (!m_settings.username.isEmpty()) {
        const int rc = mosquitto_username_pw_set(m_mosq, m_settings.username.constData(),
                                                 m_settings.password.isEmpty() ? nullptr : m_settings.password.constData());
        if (rc != MOSQ_ERR_SUCCESS) {
            m_errorString = u"cannot use the user name: %1"_s.arg(libraryError(rc));
            return false;
        }
    }
    if (m_settings.tls) {
        const QByteArray ca = m_settings.caFile.toLocal8Bit();
        int rc = MOSQ_ERR_SUCCESS;
        if (ca.isEmpty())
            rc = mosquitto_int_option(m_mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
        else
            rc = mosquitto_tls_set(m_mosq, ca.constData(), nullptr, nullptr, nullptr, nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            m_errorString = u"cannot use the CA file \"%1\": %2"_s.arg(m_settings.caFile, libraryError(rc));
            return false;
        }
    }
    if (!m_settings.willTopic.isEmpty()) {
        const QByteArray topic = m_settings.willTopic.toUtf8();
        const int rc = mosquitto_will_set_v5(m_mosq, topic.constData(), int(m_settings.willPayload.size()),
                                             m_settings.willPayload.constData(), 1, true, nullptr);
        if (rc != MOSQ_ERR_SUCCESS) {
            m_errorString = u"cannot set the last will: %1"_s.arg(libraryError(rc));
            return false;
        }
    }
    connectNow();
    return true;
}

void MqttClient::connectNow()
{
    if (m_stopping || m_refused)
        return;
    unwatchSocket();
    const QByteArray host = m_settings.host.toUtf8();
    int rc = MOSQ_ERR_SUCCESS;
    if (!m_everConnected && m_backoffMs == 0) {
        // The session expiry must go with every CONNECT, but only the blocking connect takes
        // properties. libmosquitto stores them before it checks the keep-alive, and every later
        // (re)connect sends the stored ones: so hand them over with an invalid keep-alive (no
        // connection is made), then connect without blocking. tst_bridge checks the session lasts.
        mosquitto_property *properties = nullptr;
        mosquitto_property_add_int32(&properties, MQTT_PROP_SESSION_EXPIRY_INTERVAL, m_settings.sessionExpiry);
        rc = mosquitto_connect_bind_v5(m_mosq, host.constData(), m_settings.port, 1, nullptr, properties);
        mosquitto_property_free_all(&properties);
        if (rc != MOSQ_ERR_INVAL) {
            m_errorString = u"libmosquitto did not take the session properties as expected (%1)"_s.arg(libraryError(rc));
            m_refused = true;
            emit refused(m_errorString);
            return;
        }
        rc = mosquitto_connect_bind_async(m_mosq, host.constData(), m_settings.port, KeepAliveSeconds, nullptr);
    } else {
        rc = mosquitto_reconnect_async(m_mosq);
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        lost(u"cannot connect to %1: %2"_s.arg(address(), libraryError(rc)));
        return;
    }
    watchSocket();
}

void MqttClient::watchSocket()
{
    m_socket = mosquitto_socket(m_mosq);
    if (m_socket < 0)
        return;
    m_readNotifier = std::make_unique<QSocketNotifier>(m_socket, QSocketNotifier::Read);
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_socket, QSocketNotifier::Write);
    connect(m_readNotifier.get(), &QSocketNotifier::activated, this, &MqttClient::readReady);
    connect(m_writeNotifier.get(), &QSocketNotifier::activated, this, &MqttClient::writeReady);
    m_writeNotifier->setEnabled(true);   // the TCP connect completes (or fails) as "writable"
    m_miscTimer.start();
}

void MqttClient::unwatchSocket()
{
    m_readNotifier.reset();
    m_writeNotifier.reset();
    m_socket = -1;
    m_miscTimer.stop();
}

void MqttClient::readReady()
{
    afterLoop(mosquitto_loop_read(m_mosq, 1));
}

void MqttClient::writeReady()
{
    int rc = mosquitto_loop_write(m_mosq, 1);
    // While TLS is still shaking hands, the library moves it on only from its read path (its own
    // select() loop calls an internal function here): let it.
    if (rc == MOSQ_ERR_SUCCESS && m_settings.tls && !m_connected && m_socket != -1)
        rc = mosquitto_loop_read(m_mosq, 1);
    afterLoop(rc);
}

void MqttClient::afterLoop(int rc)
{
    if (rc != MOSQ_ERR_SUCCESS) {
        QString why = libraryError(rc);
        if (rc == MOSQ_ERR_TLS && !m_lastLibraryError.isEmpty())
            why = m_lastLibraryError;
        if (rc == MOSQ_ERR_TLS && !m_everConnected) {
            m_refused = true;
            unwatchSocket();
            emit refused(u"TLS with %1 failed: %2"_s.arg(address(), why));
            return;
        }
        lost(why);
        return;
    }
    if (m_mosq && mosquitto_socket(m_mosq) != m_socket) {   // closed by the library meanwhile
        if (m_socket != -1 || !m_reconnectTimer.isActive())
            lost(u"the connection closed"_s);
        return;
    }
    updateWriteNotifier();
}

void MqttClient::updateWriteNotifier()
{
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(mosquitto_want_write(m_mosq));
}

void MqttClient::lost(const QString &why)
{
    const bool wasConnected = m_connected;
    m_connected = false;
    unwatchSocket();
    if (m_stopping) {
        if (!m_disconnectedEmitted) {
            m_disconnectedEmitted = true;
            emit disconnected();
        }
        return;
    }
    if (m_refused || m_reconnectTimer.isActive())
        return;
    m_backoffMs = m_backoffMs == 0 ? FirstBackoffMs : std::min(m_backoffMs * 2, MaxBackoffMs);
    qCWarning(lcBridge).noquote() << (wasConnected ? "connection to" : "cannot connect to") << address() << ":" << why
                                  << "; reconnecting in" << m_backoffMs << "ms";
    emit connectionLost(why);
    m_reconnectTimer.start(m_backoffMs);
}

int MqttClient::publish(const QString &topic, const QByteArray &payload, bool retain)
{
    int mid = 0;
    const QByteArray t = topic.toUtf8();
    const int rc = mosquitto_publish_v5(m_mosq, &mid, t.constData(), int(payload.size()), payload.constData(), 1,
                                        retain, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
        qCDebug(lcBridge) << "publish on" << topic << "not handed over:" << libraryError(rc);
        return -1;
    }
    if (m_socket != -1)
        updateWriteNotifier();
    return mid;
}

int MqttClient::subscribe(const QString &filter)
{
    const QByteArray f = filter.toUtf8();
    int mid = 0;
    // No-local (MQTT v5): the broker does not send us our own publishes back.
    const int rc = mosquitto_subscribe_v5(m_mosq, &mid, f.constData(), 1, MQTT_SUB_OPT_NO_LOCAL, nullptr);
    if (m_socket != -1)
        updateWriteNotifier();
    return rc == MOSQ_ERR_SUCCESS ? mid : -1;
}

void MqttClient::onSubscribe(mosquitto *, void *self, int mid, int count, const int *granted, const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    for (int i = 0; i < count; ++i) {
        if (granted[i] >= 0x80)
            qCWarning(lcBridge) << "the broker refused subscription" << mid << ":" << mosquitto_reason_string(granted[i]);
    }
    emit client->subscribed(mid);
}

void MqttClient::disconnectFromBroker()
{
    m_stopping = true;
    m_reconnectTimer.stop();
    if (!m_connected || m_socket == -1) {
        lost(u"stopped"_s);   // emits disconnected() once
        return;
    }
    mosquitto_disconnect_v5(m_mosq, 0, nullptr);   // the broker then drops our will
    // The DISCONNECT goes out from the write notifier; the library closes the socket after it.
    updateWriteNotifier();
}

void MqttClient::onConnect(mosquitto *, void *self, int rc, int flags, const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    if (rc != 0) {
        const QString why = QString::fromUtf8(mosquitto_reason_string(rc));
        // Refusals that retrying cannot cure: credentials, authorization, a banned or bad id.
        if (rc == MQTT_RC_BAD_USERNAME_OR_PASSWORD || rc == MQTT_RC_NOT_AUTHORIZED || rc == MQTT_RC_BANNED
            || rc == MQTT_RC_CLIENTID_NOT_VALID || rc == MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION || rc == 4 || rc == 5) {
            client->m_refused = true;
            QMetaObject::invokeMethod(client, [client, why] {
                client->unwatchSocket();
                emit client->refused(u"the broker at %1 refused the connection: %2"_s.arg(client->address(), why));
            }, Qt::QueuedConnection);
        }
        return;
    }
    client->m_connected = true;
    client->m_everConnected = true;
    client->m_backoffMs = 0;
    emit client->connected(flags & 1);
}

void MqttClient::onDisconnect(mosquitto *, void *self, int rc, const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    const QString why = rc == 0 ? u"disconnected"_s : libraryError(rc);
    QMetaObject::invokeMethod(client, [client, why] { client->lost(why); }, Qt::QueuedConnection);
}

void MqttClient::onPublish(mosquitto *, void *self, int mid, int reason, const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    if (reason >= 0x80) {
        // The broker took the message but will not deliver it (e.g. not authorized): say so.
        qCWarning(lcBridge).noquote() << "the broker refused message" << mid << ":" << mosquitto_reason_string(reason);
    }
    emit client->published(mid);
}

void MqttClient::onMessage(mosquitto *, void *self, const mosquitto_message *message, const mqtt5__property *)
{
    auto *client = static_cast<MqttClient *>(self);
    emit client->messageArrived(QString::fromUtf8(message->topic),
                                QByteArray(static_cast<const char *>(message->payload), message->payloadlen),
                                message->retain);
}

void MqttClient::onLog(mosquitto *, void *self, int level, const char *text)
{
    auto *client = static_cast<MqttClient *>(self);
    if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING))
        client->m_lastLibraryError = QString::fromUtf8(text);
    qCDebug(lcBridge) << "libmosquitto:" << text;
}
