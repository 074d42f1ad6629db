#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

// The JSON that bridges (and any other MQTT client) exchange; README, "Across machines".
//   PREFIX/msg/<origin>       {"origin":"panel","seq":17,"from":"anna","text":"hi","time":"2026-12-02T08:15:00.123Z",
//                              "epoch":1796215200000}
//   PREFIX/presence/<origin>  {"origin":"panel","online":true,"peers":["anna","bob"]}   (retained)
//   PREFIX/resend/<origin>    {"origin":"gate","after":16}: bridge "gate" asks bridge "panel" to
//                             publish again what it still keeps of its messages after seq 16
namespace bridgepayload {

constexpr qsizetype MaxPayloadBytes = 512 * 1024;   // a 64 KiB text with every character escaped fits
constexpr qsizetype MaxOriginLength = 32;

struct Message
{
    QString origin;            // as resolved: the payload's, or the topic's last level for a foreign one
    quint64 seq = 0;           // 0: none (a foreign client's message: never de-duplicated)
    QString from;
    QString text;
    QDateTime time;            // invalid when absent
    // When the origin's bridge state was made (ms since the epoch; 0: not given). A later epoch
    // than the one known means the origin started again from seq 1 (its state was wiped).
    quint64 epoch = 0;
};

struct Presence
{
    QString origin;
    bool online = false;
    QStringList peers;
};

// A bridge's request for an origin's messages after `after` (it missed some: README, "Kill windows").
struct Resend
{
    QString origin;            // who asks
    quint64 after = 0;
};

bool isValidOrigin(const QString &origin);
QByteArray encodeMessage(const Message &message);
QByteArray encodePresence(const Presence &presence);
// `topicOrigin`: the last level of the topic it came on. Nothing (and *why) when malformed.
std::optional<Message> decodeMessage(const QByteArray &payload, const QString &topicOrigin, QString *why);
std::optional<Presence> decodePresence(const QByteArray &payload, const QString &topicOrigin, QString *why);
QByteArray encodeResend(const Resend &resend);
std::optional<Resend> decodeResend(const QByteArray &payload, QString *why);

} // namespace bridgepayload
