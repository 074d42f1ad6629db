#include "bridgepayload.h"

#include "messagebus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace bridgepayload {
namespace {

std::optional<QJsonObject> parseObject(const QByteArray &payload, QString *why)
{
    if (payload.size() > MaxPayloadBytes) {
        *why = u"%1 bytes, over the limit of %2"_s.arg(payload.size()).arg(MaxPayloadBytes);
        return std::nullopt;
    }
    if (!MessageBus::isValidUtf8(payload)) {   // QJsonDocument would quietly replace bad bytes
        *why = u"not valid UTF-8"_s;
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError) {
        *why = u"not JSON: %1"_s.arg(error.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *why = u"not a JSON object"_s;
        return std::nullopt;
    }
    return document.object();
}

std::optional<QString> resolveOrigin(const QJsonObject &object, const QString &topicOrigin, QString *why)
{
    const QJsonValue origin = object.value(u"origin"_s);
    if (origin.isUndefined())
        return topicOrigin;
    if (!origin.isString() || !isValidOrigin(origin.toString())) {
        *why = u"\"origin\" is not 1 to %1 letters, digits, '.', '_' or '-'"_s.arg(MaxOriginLength);
        return std::nullopt;
    }
    return origin.toString();
}

// A JSON number that is a whole seq from `lowest` to 2^53 (what a double holds exactly).
std::optional<quint64> sequenceNumber(const QJsonValue &value, quint64 lowest)
{
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < double(lowest) || number > 9007199254740992.0 || number != double(qint64(number)))
        return std::nullopt;
    return quint64(number);
}

} // namespace

bool isValidOrigin(const QString &origin)
{
    if (origin.isEmpty() || origin.size() > MaxOriginLength)
        return false;
    return MessageBus::isValidChannelName(origin);   // the same alphabet
}

QByteArray encodeMessage(const Message &message)
{
    QJsonObject object{{u"origin"_s, message.origin}, {u"seq"_s, qint64(message.seq)}, {u"from"_s, message.from},
                       {u"text"_s, message.text}, {u"time"_s, message.time.toUTC().toString(Qt::ISODateWithMs)}};
    if (message.epoch != 0)
        object.insert(u"epoch"_s, qint64(message.epoch));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray encodePresence(const Presence &presence)
{
    QJsonObject object{{u"origin"_s, presence.origin}, {u"online"_s, presence.online},
                       {u"peers"_s, QJsonArray::fromStringList(presence.peers)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<Message> decodeMessage(const QByteArray &payload, const QString &topicOrigin, QString *why)
{
    const std::optional<QJsonObject> object = parseObject(payload, why);
    if (!object)
        return std::nullopt;
    Message message;
    const std::optional<QString> origin = resolveOrigin(*object, topicOrigin, why);
    if (!origin)
        return std::nullopt;
    message.origin = *origin;
    const QJsonValue from = object->value(u"from"_s);
    const QJsonValue text = object->value(u"text"_s);
    if (!from.isString()) {
        *why = u"\"from\" is missing or not a string"_s;
        return std::nullopt;
    }
    const std::optional<QString> name = MessageBus::normalizedPeerName(from.toString(), why);
    if (!name) {
        *why = u"\"from\" is not a peer name: %1"_s.arg(*why);
        return std::nullopt;
    }
    message.from = *name;
    if (!text.isString()) {
        *why = u"\"text\" is missing or not a string"_s;
        return std::nullopt;
    }
    message.text = text.toString();
    if (message.text.toUtf8().size() > MessageBus::MaxTextBytes) {
        *why = u"\"text\" is over %1 bytes"_s.arg(MessageBus::MaxTextBytes);
        return std::nullopt;
    }
    const QJsonValue seq = object->value(u"seq"_s);
    if (!seq.isUndefined()) {
        const std::optional<quint64> value = sequenceNumber(seq, 1);
        if (!value) {
            *why = u"\"seq\" is not a whole number from 1 to 2^53"_s;
            return std::nullopt;
        }
        message.seq = *value;
    }
    const QJsonValue epoch = object->value(u"epoch"_s);
    if (!epoch.isUndefined()) {
        const std::optional<quint64> value = sequenceNumber(epoch, 1);
        if (!value || message.seq == 0) {
            *why = u"\"epoch\" is not a whole number from 1 to 2^53, or comes without \"seq\""_s;
            return std::nullopt;
        }
        message.epoch = *value;
    }
    if (message.seq != 0 && object->value(u"origin"_s).isUndefined()) {
        *why = u"\"seq\" without \"origin\""_s;
        return std::nullopt;
    }
    const QJsonValue time = object->value(u"time"_s);
    if (time.isString())
        message.time = QDateTime::fromString(time.toString(), Qt::ISODateWithMs);
    else if (!time.isUndefined()) {
        *why = u"\"time\" is not a string"_s;
        return std::nullopt;
    }
    return message;
}

std::optional<Presence> decodePresence(const QByteArray &payload, const QString &topicOrigin, QString *why)
{
    const std::optional<QJsonObject> object = parseObject(payload, why);
    if (!object)
        return std::nullopt;
    Presence presence;
    const std::optional<QString> origin = resolveOrigin(*object, topicOrigin, why);
    if (!origin)
        return std::nullopt;
    presence.origin = *origin;
    const QJsonValue online = object->value(u"online"_s);
    const QJsonValue peers = object->value(u"peers"_s);
    if (!online.isBool() || (!peers.isUndefined() && !peers.isArray())) {
        *why = u"\"online\" is not true/false or \"peers\" is not a list"_s;
        return std::nullopt;
    }
    presence.online = online.toBool();
    const QJsonArray list = peers.toArray();
    if (list.size() > MessageBus::MaxPeers) {
        *why = u"more than %1 peers"_s.arg(MessageBus::MaxPeers);
        return std::nullopt;
    }
    for (const QJsonValue &peer : list) {
        if (!peer.isString() || !MessageBus::normalizedPeerName(peer.toString())) {
            *why = u"a peer in \"peers\" is not a peer name"_s;
            return std::nullopt;
        }
        presence.peers << *MessageBus::normalizedPeerName(peer.toString());
    }
    if (!presence.online)
        presence.peers.clear();
    return presence;
}

QByteArray encodeResend(const Resend &resend)
{
    QJsonObject object{{u"origin"_s, resend.origin}, {u"after"_s, qint64(resend.after)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<Resend> decodeResend(const QByteArray &payload, QString *why)
{
    const std::optional<QJsonObject> object = parseObject(payload, why);
    if (!object)
        return std::nullopt;
    Resend resend;
    const QJsonValue origin = object->value(u"origin"_s);
    if (!origin.isString() || !isValidOrigin(origin.toString())) {
        *why = u"\"origin\" is missing or not an origin"_s;
        return std::nullopt;
    }
    resend.origin = origin.toString();
    const std::optional<quint64> after = sequenceNumber(object->value(u"after"_s), 0);
    if (!after) {
        *why = u"\"after\" is not a whole number from 0 to 2^53"_s;
        return std::nullopt;
    }
    resend.after = *after;
    return resend;
}

} // namespace bridgepayload
