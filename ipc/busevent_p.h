#pragma once

#include "chatmessage.h"

#include <QList>

// What the watcher thread hands to the bus's thread, in ring order. Slim: a message is a
// BusMessage (milliseconds, no QDateTime); a peer event reuses its sender/senderPid fields for the
// peer's name and pid; no per-event error text (the bus words it from the position).
struct BusEvent
{
    enum class Kind : quint8 { Message, Joined, Left, Missed, Damaged, RemoteJoined, RemoteLeft, HistoryEnd };
    Kind kind = Kind::Message;
    qint8 slot = -1;          // Joined, Left, RemoteJoined, RemoteLeft: the peer's slot
    BusMessage message;       // Message; peer events: sender = name, senderPid = pid; Damaged: seq
    quint64 missed = 0;       // Missed, Damaged; HistoryEnd: positions whose records could not be recovered
    quint64 count = 0;        // HistoryEnd: messages delivered as history
    qsizetype bytes() const { return message.text.size() * 2 + message.bytes.size() + 128; }
    PeerInfo peer() const
    {
        PeerInfo p;
        p.slot = slot;
        p.name = message.sender;
        p.pid = message.senderPid;
        p.remote = kind == Kind::RemoteJoined || kind == Kind::RemoteLeft;
        return p;
    }
};
