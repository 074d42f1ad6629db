#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

/// \file chatmessage.h
/// \brief The values that MessageBus hands out: ChatMessage and PeerInfo.

/// \brief A message as a peer receives it (MessageBus::messageReceived()).
/// Values only: safe to copy across threads.
struct ChatMessage
{
    quint64 seq = 0;          ///< The bus's total-order number (the same on every peer).
    QString sender;           ///< The sender's peer name.
    qint64 senderPid = 0;     ///< The sender's process id.
    QString text;             ///< Exactly the UTF-8 the sender sent.
    QDateTime time;           ///< The sender's clock when it sent the message (UTC).
    /// Published by a bridge (peerchat-bridge) on behalf of `sender`, a peer on another machine
    /// ("anna@panel"); senderPid is then the bridge's. A bridge never sends these on again.
    bool relayed = false;
    /// Sent before this peer joined: delivered from the bus's memory (MessageBus::setHistoryLimit()).
    bool history = false;
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
Q_DECLARE_METATYPE(PeerInfo)
