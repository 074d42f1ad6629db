#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// A message as a peer receives it. Values only: safe to copy across threads.
struct ChatMessage
{
    quint64 seq = 0;          // the bus's total-order number (same on every peer)
    QString sender;           // the sender's peer name
    qint64 senderPid = 0;
    QString text;             // exactly the UTF-8 the sender sent
    QDateTime time;           // the sender's clock when it sent the message (UTC)
    bool history = false;     // sent before this peer joined: delivered from the bus's memory
};

// A peer on the channel, as the peer list shows it.
struct PeerInfo
{
    int slot = -1;            // the peer's place in the channel (0..63)
    QString name;
    qint64 pid = 0;
    bool isSelf = false;      // true for the peer this process is
    friend bool operator==(const PeerInfo &a, const PeerInfo &b)
    {
        return a.slot == b.slot && a.name == b.name && a.pid == b.pid && a.isSelf == b.isSelf;
    }
};

Q_DECLARE_METATYPE(ChatMessage)
Q_DECLARE_METATYPE(PeerInfo)
