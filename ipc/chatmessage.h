#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

/// \file chatmessage.h
/// \brief The values that MessageBus hands out: ChatMessage and PeerInfo.

/// \brief A message as a peer receives it (MessageBus::messageReceived()).
/// Values only: safe to copy across threads.
///
/// Memory: the `text` or `bytes` of small messages (up to 1 KiB) that arrive in one burst share
/// one allocation of up to 16 KiB (implicit sharing, like any QString or QByteArray: a change
/// copies just that message's text or bytes). A message kept long after a flood keeps that block
/// alive; `squeeze()` on its `text` or `bytes` gives it an allocation of its own. A message that
/// came alone, history and larger messages have one of their own already.
struct ChatMessage
{
    quint64 seq = 0;          ///< The bus's total-order number (the same on every peer).
    QString sender;           ///< The sender's peer name.
    qint64 senderPid = 0;     ///< The sender's process id.
    QString text;             ///< Exactly the UTF-8 the sender sent (empty for a binary message).
    QDateTime time;           ///< The sender's clock when it sent the message (UTC).
    /// Published by a bridge (peerchat-bridge) on behalf of `sender`, a peer on another machine
    /// ("anna@panel"); senderPid is then the bridge's. A bridge never sends these on again.
    bool relayed = false;
    /// A relayed message's tag, as the bridge gave it to MessageBus::sendAs() (peerchat-bridge: the
    /// low 32 bits of the origin's sequence number, so that a restarted bridge can read in the
    /// bus's history what it put on the bus already). 0 when none, and for every other message.
    quint32 relayTag = 0;
    /// Sent before this peer joined: delivered from the bus's memory (MessageBus::setHistoryLimit()).
    bool history = false;
    /// Sent with MessageBus::sendBytes(): `bytes` holds the payload and `type` its tag; `text` is
    /// empty. Never show a binary message's bytes as text.
    bool binary = false;
    quint16 type = 0;         ///< A binary message's type tag (the sender's choice).
    QByteArray bytes;         ///< A binary message's payload, exactly as sent.
};

/// \brief A message as the batch and direct receive paths hand it out (MessageBus::takeMessages(),
/// MessageBus::setDirectHandler()): the same facts as ChatMessage, slimmer (milliseconds instead
/// of a QDateTime). Values only: safe to copy and move across threads. Memory: as ChatMessage.
struct BusMessage
{
    quint64 seq = 0;          ///< The bus's total-order number (the same on every peer).
    QString sender;           ///< The sender's peer name (shared by all of a sender's messages).
    qint64 senderPid = 0;     ///< The sender's process id.
    qint64 timeMs = 0;        ///< The sender's clock when it sent the message: ms since the epoch, UTC.
    QString text;             ///< A text message's text (empty when binary).
    QByteArray bytes;         ///< A binary message's payload (empty when text).
    quint16 type = 0;         ///< A binary message's type tag.
    bool binary = false;      ///< Sent with MessageBus::sendBytes().
    bool relayed = false;     ///< See ChatMessage::relayed.
    quint32 relayTag = 0;     ///< See ChatMessage::relayTag.
    bool history = false;     ///< See ChatMessage::history.

    /// The same message as messageReceived() hands it out.
    ChatMessage toChatMessage() const
    {
        static const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(0).toUTC();   // UTC on Qt 6.4 and 6.8 alike
        ChatMessage m;
        m.seq = seq;
        m.sender = sender;
        m.senderPid = senderPid;
        m.text = text;
        m.time = epoch.addMSecs(timeMs);
        m.relayed = relayed;
        m.relayTag = relayTag;
        m.history = history;
        m.binary = binary;
        m.type = type;
        m.bytes = bytes;
        return m;
    }
};

/// \brief A peer on the channel (MessageBus::peers(), peerJoined(), peerLeft()).
struct PeerInfo
{
    int slot = -1;            ///< The peer's place in the channel (0..63).
    QString name;             ///< Its peer name.
    qint64 pid = 0;           ///< Its process id.
    bool isSelf = false;      ///< True for the peer this process is.
    /// A peer on another machine ("anna@panel"), announced by the bridge in `slot`/`pid`; it
    /// leaves when the bridge withdraws it or the bridge itself leaves or dies.
    bool remote = false;
    /// The same peer: a local one is its slot and process; a remote one also its name.
    bool isSamePeer(const PeerInfo &other) const
    {
        return slot == other.slot && pid == other.pid && remote == other.remote && (!remote || name == other.name);
    }
    /// Equal when slot, name, pid, isSelf and remote are.
    friend bool operator==(const PeerInfo &a, const PeerInfo &b)
    {
        return a.slot == b.slot && a.name == b.name && a.pid == b.pid && a.isSelf == b.isSelf && a.remote == b.remote;
    }
};

Q_DECLARE_METATYPE(ChatMessage)
Q_DECLARE_METATYPE(BusMessage)
Q_DECLARE_METATYPE(PeerInfo)
