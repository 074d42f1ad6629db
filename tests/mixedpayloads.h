#pragma once

// Text and binary messages interleaved, the same in the test and in `testpeer mixed`: message i
// of a run is mixedpayloads::item(i). Binary payloads start with 0xff (never valid UTF-8), hold
// NULs and newlines, and range from 0 bytes to MessageBus::MaxTextBytes.

#include "messagebus.h"

#include <QByteArray>
#include <QString>

namespace mixedpayloads {

struct Item
{
    bool binary = false;
    quint16 type = 0;
    QByteArray bytes;
    QString text;
};

inline Item item(int i)
{
    Item it;
    it.binary = i % 3 != 0;
    if (!it.binary) {
        it.text = QStringLiteral("text %1 ✓ grüße").arg(i);
        return it;
    }
    it.type = quint16(quint32(i) * 7919u);
    const int size = i % 50 == 1 ? MessageBus::MaxTextBytes : (i % 17) * 13;
    it.bytes = QByteArray(size, Qt::Uninitialized);
    quint32 x = quint32(i) * 2654435761u + 1;
    for (int k = 0; k < size; ++k) {
        x = x * 1103515245u + 12345u;
        it.bytes[k] = char(x >> 24);
    }
    if (size > 0)
        it.bytes[0] = char(0xff);
    if (size > 2) {
        it.bytes[1] = '\0';
        it.bytes[2] = '\n';
    }
    return it;
}

} // namespace mixedpayloads
