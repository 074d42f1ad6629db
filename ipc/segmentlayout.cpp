#include "segmentlayout_p.h"

#include <QStringDecoder>

#include <algorithm>
#include <cstdint>
#include <cstring>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace layout {

void SegmentMap::mapAhead(uchar *from, std::size_t length, bool write) const
{
#ifdef Q_OS_LINUX
    // MADV_POPULATE_READ / MADV_POPULATE_WRITE (Linux 5.14; the values are the kernel's ABI). They
    // fill in the page tables without changing a byte: readers may be reading these pages.
    constexpr int PopulateRead = 22, PopulateWrite = 23;
    static const auto page = std::uintptr_t(::sysconf(_SC_PAGESIZE));   // 4 KiB, or 16/64 KiB on some arm64
    const auto start = reinterpret_cast<std::uintptr_t>(from) & ~(page - 1);
    (void)::madvise(reinterpret_cast<void *>(start), length + (reinterpret_cast<std::uintptr_t>(from) - start),
                    write ? PopulateWrite : PopulateRead);   // EINVAL on older kernels: nothing lost
#else
    Q_UNUSED(from);
    Q_UNUSED(length);
    Q_UNUSED(write);
#endif
}

void writeHeader(void *memory, const QByteArray &channel)
{
    auto *h = static_cast<Header *>(memory);
    h->version = Version;
    h->headerSize = sizeof(Header);
    h->segmentSize = segmentSize;
    h->maxPeers = MaxPeers;
    h->ringCells = RingCells;
    h->outboxSize = OutboxSize;
    h->maxTextBytes = MaxTextBytes;
    const auto length = std::min<std::size_t>(std::size_t(channel.size()), ChannelNameBytes);
    h->channelNameLength = quint32(length);
    std::memcpy(h->channelName, channel.constData(), length);
    std::atomic_thread_fence(std::memory_order_release);
    h->magic = Magic;
}

HeaderVerdict checkHeader(const void *memory, std::size_t size, const QByteArray &channel)
{
    HeaderVerdict verdict;
    // The first 16 bytes never move between layout versions: magic, version, header size.
    if (size < 16) {
        verdict.check = HeaderCheck::TooSmall;
        return verdict;
    }
    quint64 magic = 0;
    quint32 version = 0;
    std::memcpy(&magic, memory, sizeof magic);
    std::memcpy(&version, static_cast<const char *>(memory) + 8, sizeof version);
    if (magic != Magic) {
        verdict.check = HeaderCheck::BadMagic;
        return verdict;
    }
    verdict.foundVersion = version;
    if (version != Version) {
        verdict.check = HeaderCheck::OtherVersion;
        return verdict;
    }
    if (size < sizeof(Header)) {
        verdict.check = HeaderCheck::TooSmall;
        return verdict;
    }
    // Copy the plain fields out (never act on them in place: another process may write them).
    Header h;
    std::memcpy(static_cast<void *>(&h), memory, offsetof(Header, head));
    if (h.headerSize != sizeof(Header) || h.segmentSize != segmentSize || h.segmentSize > size
        || h.maxPeers != MaxPeers || h.ringCells != RingCells || h.outboxSize != OutboxSize
        || h.maxTextBytes != MaxTextBytes || h.channelNameLength > ChannelNameBytes) {
        verdict.check = HeaderCheck::BadGeometry;
        return verdict;
    }
    const QByteArray stored(h.channelName, h.channelNameLength);
    if (stored != channel) {
        verdict.check = HeaderCheck::OtherChannel;
        verdict.foundChannel = stored;
    }
    return verdict;
}

bool readRecordInto(const uchar *outbox, quint64 cell, ParsedRecord *out, NameCache *names, PayloadArena *arena)
{
    const quint32 offset = cellOffset(cell);
    if (offset + sizeof(RecordHeader) > OutboxSize)
        return false;
    ParsedRecord &record = *out;
    std::memcpy(&record.header, outbox + offset, sizeof(RecordHeader));
    const RecordHeader &h = record.header;
    if (h.stamp % RecordAlign != 0 || stampUnits(h.stamp) != cellStampUnits(cell))
        return false;
    if (h.kind < RecordMessage || h.kind > RecordBytes)
        return false;
    if (h.textBytes > MaxTextBytes || h.nameBytes > MaxNameBytes || h.subjectSlot >= MaxPeers)
        return false;
    const quint64 size = recordSize(h.nameBytes, h.textBytes);
    if (offset + size > OutboxSize)
        return false;
    const char *body = reinterpret_cast<const char *>(outbox) + offset + sizeof(RecordHeader);
    const char *text = body + h.nameBytes;
    // The bytes may be torn if the owner is overwriting them right now; the caller rechecks the
    // frontier before trusting them, but a torn record must still never be passed on as text.
    const bool binary = h.kind == RecordBytes;
    if (!binary && !isValidUtf8(text, h.textBytes))
        return false;
    if (names) {
        const QString *name = names->decode(cellSender(cell), body, h.nameBytes);
        if (!name)
            return false;
        record.name = QString(*name);   // the copy constructor is inline, the copy assignment is not
    } else {
        if (!isValidUtf8(body, h.nameBytes))
            return false;
        record.name = decodeExact(body, h.nameBytes);
    }
    // Copied (or decoded) out, then the caller checks the seqlock.
    if (binary)
        record.bytes = arena ? arena->bytes(text, qsizetype(h.textBytes)) : QByteArray(text, qsizetype(h.textBytes));
    else
        record.text = arena ? arena->text(text, qsizetype(h.textBytes)) : decodeExact(text, qsizetype(h.textBytes));
    return true;
}

template <typename Array>
auto PayloadArena::Blocks<Array>::take(qsizetype units) -> Unit *
{
    // A new batch, and nobody holds a slice of the block any more (the direct handler returned
    // with the last batch): start it again, while its lines are still in this core's cache.
    // Checked here, not in endBatch(): that runs before the batch is handed out.
    if (batchStart) {
        batchStart = false;
        if (released())
            used = 0;
    }
    if (!block.d || block.d->alloc - used < units) {
        // Full. Nobody holds a slice of it any more: start it again. Else a new block.
        if (released() && block.d->alloc >= units) {
            used = 0;
        } else {
            // As big as the last batch, or as this one so far (so a burst after a quiet spell
            // doubles its blocks instead of taking one per message), at most BlockBytes.
            const qsizetype size = std::max(lastBatch, batchUsed);
            Array fresh(std::clamp(size, units, BlockBytes / qsizetype(sizeof(Unit))), Qt::Uninitialized);
            block = fresh.data_ptr();
            used = 0;
        }
    }
    Unit *at = block.data() + used;
    used += units;
    batchUsed += units;
    return at;
}

template <typename Array>
Array PayloadArena::Blocks<Array>::slice(Unit *at, qsizetype size)
{
    at[size] = Unit(0);
    typename Array::DataPointer part(block);   // one more reference to the block
    part.ptr = at;
    part.size = size;
    return Array(std::move(part));
}

template <typename Array>
void PayloadArena::Blocks<Array>::endBatch()
{
    lastBatch = batchUsed;
    batchUsed = 0;
    batchStart = true;
}

QByteArray PayloadArena::bytes(const char *data, qsizetype size)
{
    if (size == 0 || size > SmallBytes)
        return QByteArray(data, size);
    char *at = m_bytes.take(size + 1);
    std::memcpy(at, data, std::size_t(size));
    return m_bytes.slice(at, size);
}

QString PayloadArena::text(const char *utf8, qsizetype size)
{
    if (size == 0 || size > SmallBytes)
        return decodeExact(utf8, size);
    // n bytes of UTF-8 are at most n UTF-16 units; the units the text did not need are given back.
    char16_t *at = m_text.take(size + 1);
    const qsizetype units = reinterpret_cast<char16_t *>(m_decoder.appendToBuffer(reinterpret_cast<QChar *>(at),
                                                                                 QByteArrayView(utf8, size)))
        - at;
    m_text.used -= size - units;
    m_text.batchUsed -= size - units;
    return m_text.slice(at, units);
}

void PayloadArena::endBatch()
{
    m_bytes.endBatch();
    m_text.endBatch();
}

QString decodeExact(const char *utf8, qsizetype size)
{
    if (size < 3 || std::memcmp(utf8, "\xEF\xBB\xBF", 3) != 0)
        return QString::fromUtf8(utf8, size);
    QStringDecoder decoder(QStringConverter::Utf8, ExactUtf8Flags);
    return decoder(QByteArrayView(utf8, size));
}

const QString *NameCache::decode(quint32 slot, const char *utf8, qsizetype size)
{
    QByteArray &bytes = m_bytes[slot % MaxPeers];
    QString &name = m_names[slot % MaxPeers];
    if (bytes.size() != size || std::memcmp(bytes.constData(), utf8, std::size_t(size)) != 0) {
        QByteArray copy(utf8, size);   // checked and decoded from the copy: the outbox may change under us
        if (!isValidUtf8(copy.constData(), std::size_t(size)))
            return nullptr;
        bytes = std::move(copy);
        name = decodeExact(bytes.constData(), size);
    }
    return &name;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(const char *data, std::size_t size)
{
    const auto *s = reinterpret_cast<const unsigned char *>(data);
    std::size_t i = 0;
    while (i < size) {
        // ASCII runs, eight bytes at a time
        while (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            extra = 1;
        } else if (c == 0xe0) {
            extra = 2; lo = 0xa0;
        } else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) {
            extra = 2;
        } else if (c == 0xed) {
            extra = 2; hi = 0x9f;
        } else if (c == 0xf0) {
            extra = 3; lo = 0x90;
        } else if (c >= 0xf1 && c <= 0xf3) {
            extra = 3;
        } else if (c == 0xf4) {
            extra = 3; hi = 0x8f;
        } else {
            return false;
        }
        if (size - i <= std::size_t(extra))
            return false;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (int k = 2; k <= extra; ++k) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
        }
        i += std::size_t(extra) + 1;
    }
    return true;
}

} // namespace layout
