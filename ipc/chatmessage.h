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
    // Published by a bridge (peerchat-bridge) on behalf of `sender`, a peer on another machine
    // ("anna@panel"); senderPid is then the bridge's. A bridge never sends these on again.
    bool relayed = false;

    bool history = false;     // sent before this peer joined: delivered from the bus's memory
};

// A peer on the channel, as the peer list shows it.
struct PeerInfo
{
    int slot = -1;            // the peer's place in the channel (0..63)
    QString name;
    qint64 pid = 0;
    bool isSelf = false;      // true for the peer this process is
    // A peer on another machine ("anna@panel"), announced by the bridge in `slot`/`pid`; it
    // leaves when the bridge withdraws it or the bridge itself leaves or dies.
    bool remote = false;
    // The same peer: a local one is its slot and process; a remote one also its name.
    bool isSamePeer(const PeerInfo &other) const
    {
        return slot == other.slot && pid == other.pid && remote == other.remote && (!remote || name == other.name);
    }
    friend bool operator==(const PeerInfo &a, const PeerInfo &b)
    {
        return a.slot == b.slot && a.name == b.name && a.pid == b.pid && a.isSelf == b.isSelf && a.remote == b.remote;
    }
};

Q_DECLARE_METATYPE(ChatMessage)
Q_DECLARE_METATYPE(PeerInfo)
