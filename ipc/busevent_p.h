#pragma once

#include "chatmessage.h"

#include <QList>

// What the watcher thread hands to the bus's thread, in ring order.
struct BusEvent
{
    enum class Kind { Message, Joined, Left, Missed, Damaged, RemoteJoined, RemoteLeft };
    Kind kind = Kind::Message;
    ChatMessage message;      // Message
    PeerInfo peer;            // Joined, Left, RemoteJoined, RemoteLeft
    quint64 missed = 0;       // Missed
    QString why;              // Damaged
    qsizetype bytes() const { return message.text.size() * 2 + 128; }
};
