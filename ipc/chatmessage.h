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
};

/// \brief A peer on the channel (MessageBus::peers(), peerJoined(), peerLeft()).
struct PeerInfo
{
    int slot = -1;            ///< The peer's place in the channel (0..63).
    QString name;             ///< Its peer name.
    qint64 pid = 0;           ///< Its process id.
    bool isSelf = false;      ///< True for the peer this process is.
    /// Equal when slot, name, pid and isSelf are.
    friend bool operator==(const PeerInfo &a, const PeerInfo &b)
    {
        return a.slot == b.slot && a.name == b.name && a.pid == b.pid && a.isSelf == b.isSelf;
    }
};

Q_DECLARE_METATYPE(ChatMessage)
Q_DECLARE_METATYPE(PeerInfo)
