#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QtGlobal>

#include <cstddef>

// SHA-256 for the file transfers, with the CPU's SHA instructions where it has them (x86-64 SHA
// extensions: about 1.5-2 GB/s on one core here, against about 0.3 GB/s for QCryptographicHash in
// Qt 6.4, which has none), else QCryptographicHash. The same digest either way
// (tst_files sha256MatchesQt). Not thread-safe; one object per file.
class Sha256
{
public:
    Sha256();
    void addData(const uchar *data, std::size_t length);
    QByteArray result();   // 32 bytes; call once
    // Whether this machine's CPU does SHA-256 in hardware (the fast path).
    static bool hardware();

private:
    void compress(const uchar *blocks, std::size_t count);

    const bool m_hardware;
    QCryptographicHash m_qt{QCryptographicHash::Sha256};   // the fallback
    quint32 m_state[8];
    uchar m_buffer[64];
    std::size_t m_buffered = 0;
    quint64 m_total = 0;
};
