#pragma once

// What lives inside a channel's shared-memory segment. Private to ipc/.
//
// The segment is untrusted input: it holds POD and offsets only (no pointers), starts with a magic
// and a layout version that never move, and every length and offset read from it is checked
// before it is followed. The protocol that uses this layout is described in ipc/DESIGN.md.
//
//   [Header 512 B][PeerSlot x 64][ring: RingCells x 8 B][outbox 0][outbox 1]...[outbox 63]

#include <QByteArray>
#include <QString>
#include <QStringDecoder>
#include <QtGlobal>

#include <array>
#include <atomic>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace layout {

constexpr quint64 Magic = 0x5441484352454550ull;   // "PEERCHAT" in memory order
constexpr quint32 Version = 2;                     // bump on any change below (2: publishedCount on a line of its own, kind 7)
constexpr quint32 MaxPeers = 64;
constexpr quint32 RingCells = 4096;                // power of two
constexpr quint32 OutboxSize = 1024 * 1024;        // per peer; power of two (16 largest records)
constexpr quint32 RecordAlign = 64;
constexpr quint32 MaxTextBytes = 64 * 1024;
constexpr quint32 MaxNameBytes = 128;              // UTF-8 bytes of a peer name
constexpr quint32 ChannelNameBytes = 64;

static_assert(std::atomic<quint64>::is_always_lock_free, "the bus needs lock-free 64-bit atomics");
static_assert((RingCells & (RingCells - 1)) == 0 && (OutboxSize & (OutboxSize - 1)) == 0);

// The first 16 bytes are the same in every layout version, so any peerchat can name the version.
struct Header
{
    quint64 magic;
    quint32 version;
    quint32 headerSize;
    quint64 segmentSize;
    quint32 maxPeers;
    quint32 ringCells;
    quint32 outboxSize;
    quint32 maxTextBytes;
    quint32 channelNameLength;
    char channelName[ChannelNameBytes];
    quint32 reserved0;
    quint64 createdMs;
    alignas(64) std::atomic<quint64> head;       // next ring position to publish (a hint: cells decide)
    alignas(64) std::atomic<quint64> sleepMask;  // bit n: peer n's watcher may be asleep (set and cleared by n only)
    alignas(64) std::atomic<quint64> laggardMask;// bit n: peer n fell behind; senders do not wait for it
    // Statistics only, on a line of its own: every publish adds to it, and every watcher reads
    // laggardMask after each batch; on one line, each message moved that line to the sender's
    // core and back.
    alignas(64) std::atomic<quint64> publishedCount;   // no longer written (--channels counts with head); kept for the layout
};

// --- The packed words, each with its named accessors (no shifts or masks at call sites) ---------

// PeerSlot::owner: state (top byte) | generation (24 bits) | pid (32 bits).
enum SlotState : quint8 { SlotFree = 0, SlotJoining = 1, SlotActive = 2, SlotReclaiming = 3 };

constexpr quint64 makeOwner(SlotState state, quint32 generation, quint32 pid)
{
    return quint64(state) << 56 | quint64(generation & 0xffffffu) << 32 | pid;
}
constexpr SlotState ownerState(quint64 owner) { return SlotState(owner >> 56); }
constexpr quint32 ownerGeneration(quint64 owner) { return quint32(owner >> 32) & 0xffffffu; }
constexpr quint32 ownerPid(quint64 owner) { return quint32(owner); }
// The same slot in `state` for `pid`, in the same generation (a claim, an activation, a reclaim).
constexpr quint64 ownerWithState(quint64 owner, SlotState state, quint32 pid)
{
    return makeOwner(state, ownerGeneration(owner), pid);
}
// The owner word of the slot once freed: no pid, the next generation.
constexpr quint64 freedOwner(quint64 owner) { return makeOwner(SlotFree, ownerGeneration(owner) + 1, 0); }

// PeerSlot::sleepWord: sleep generation << 2 | SleepState.
enum SleepState : quint64 { SleepAwake = 0, SleepAsleep = 1, SleepRung = 2 };

constexpr quint64 makeSleepWord(quint64 generation, SleepState state) { return generation << 2 | state; }
constexpr SleepState sleepState(quint64 word) { return SleepState(word & 3); }
constexpr quint64 sleepGeneration(quint64 word) { return word >> 2; }
// The same sleep, marked rung (CASed in by the sender that rang it).
constexpr quint64 rungSleepWord(quint64 word) { return makeSleepWord(sleepGeneration(word), SleepRung); }

// PeerSlot::doorbellId holds the semaphore id plus one, so that 0 (a free slot's) means "none".
// Nothing reads it back to ring: the peer's doorbell record says which semaphore to ring.
constexpr qint32 storedDoorbellId(int semaphoreId) { return qint32(semaphoreId + 1); }

struct PeerSlot
{
    std::atomic<quint64> owner;        // state | generation | pid: claimed and released by CAS
    std::atomic<quint64> startTime;    // /proc/<pid>/stat field 22: tells a reused pid apart
    std::atomic<qint32> doorbellId;    // storedDoorbellId(): SysV semaphore id of the peer's doorbell, + 1
    std::atomic<quint32> nameLength;
    char name[MaxNameBytes];
    alignas(64) std::atomic<quint64> readPos;   // written by the owner's watcher only
    alignas(64) std::atomic<quint64> frontier;  // outbox seqlock: bytes below it may be overwritten
    std::atomic<quint64> joinedPos;             // ring position when the owner joined
    // The watcher's sleep state (makeSleepWord(): generation | awake/asleep/rung). Written by
    // the owner when it goes to sleep or wakes, CASed to Rung by the sender that rang it.
    alignas(64) std::atomic<quint64> sleepWord;
};

// A record in an outbox: this header, then the sender's name, then the text. 64-byte aligned,
// never wraps around the end of the outbox.
// Kinds 4-6 are for bridges to other machines (DESIGN.md, "Remote peers"): the record's name is
// the remote sender ("anna@panel"), subjectSlot/subjectPid are the bridge's own.
// Kind 7 carries bytes (MessageBus::sendBytes()): the "text" part is a payload that is never
// checked as UTF-8 nor decoded, and payloadType holds the sender's type tag. It came with layout
// version 2, so a peer of version 1 never joins a channel that has one (DESIGN.md, "Binary messages").
enum RecordKind : quint16 {
    RecordMessage = 1, RecordJoined = 2, RecordLeft = 3,
    RecordRelayed = 4, RecordRemoteJoined = 5, RecordRemoteLeft = 6,
    RecordBytes = 7,
};

struct RecordHeader
{
    quint64 stamp;        // monotonic outbox offset of this record (its place = stamp % OutboxSize)
    quint64 timeMs;       // sender's wall clock, ms since the epoch (UTC)
    quint32 textBytes;
    quint32 subjectPid;   // for Joined/Left: the peer concerned
    quint16 kind;
    quint8 nameBytes;
    quint8 subjectSlot;
    quint16 payloadType;  // low half of the record's tag (recordTag())
    quint16 reserved;     // high half of the record's tag
};
static_assert(sizeof(RecordHeader) == 32);

// payloadType and reserved together are the record's 32-bit tag: RecordBytes, the sender's type
// (16 bits, MessageBus::sendBytes()); RecordRelayed, the bridge's relay tag (MessageBus::sendAs());
// 0 for every other kind. Readers of layout version 2 before the relay tag ignore both for kind 4.
constexpr quint32 recordTag(const RecordHeader &header)
{
    return quint32(header.payloadType) | quint32(header.reserved) << 16;
}
constexpr void setRecordTag(RecordHeader *header, quint32 tag)
{
    header->payloadType = quint16(tag);
    header->reserved = quint16(tag >> 16);
}

constexpr std::size_t headerOffset = 0;
constexpr std::size_t slotsOffset = 512;
static_assert(sizeof(Header) <= slotsOffset);
constexpr std::size_t slotStride = (sizeof(PeerSlot) + 63) / 64 * 64;
constexpr std::size_t ringOffset = slotsOffset + slotStride * MaxPeers;
constexpr std::size_t outboxesOffset = (ringOffset + RingCells * sizeof(quint64) + 4095) / 4096 * 4096;
constexpr std::size_t segmentSize = outboxesOffset + std::size_t(OutboxSize) * MaxPeers;

constexpr quint32 recordSize(quint32 nameBytes, quint32 textBytes)
{
    return (sizeof(RecordHeader) + nameBytes + textBytes + RecordAlign - 1) / RecordAlign * RecordAlign;
}
static_assert(recordSize(MaxNameBytes, MaxTextBytes) * 4 <= OutboxSize);

// A ring cell: lap tag (28 bits) | sender slot (6 bits) | record stamp / 64 (30 bits).
// A cell for position p is free when its tag is lap(p), published when it is lap(p) + 1.
constexpr int TagBits = 28, SenderBits = 6, StampBits = 30;
constexpr quint64 TagMask = (quint64(1) << TagBits) - 1;
constexpr quint64 StampMask = (quint64(1) << StampBits) - 1;
static_assert(MaxPeers == 1u << SenderBits);

constexpr quint64 freeTag(quint64 position) { return (position / RingCells) & TagMask; }
constexpr quint64 publishedTag(quint64 position) { return (position / RingCells + 1) & TagMask; }
// The low bits of a record's stamp that a cell keeps (in RecordAlign units).
constexpr quint64 stampUnits(quint64 stamp) { return (stamp / RecordAlign) & StampMask; }
constexpr quint64 makeCell(quint64 position, quint32 slot, quint64 stamp)
{
    return publishedTag(position) << (SenderBits + StampBits) | quint64(slot) << StampBits | stampUnits(stamp);
}
constexpr quint64 cellTag(quint64 cell) { return cell >> (SenderBits + StampBits); }
constexpr quint32 cellSender(quint64 cell) { return quint32(cell >> StampBits) & (MaxPeers - 1); }
constexpr quint64 cellStampUnits(quint64 cell) { return cell & StampMask; }
constexpr quint32 cellOffset(quint64 cell)
{
    return quint32((cellStampUnits(cell) * RecordAlign) % OutboxSize);
}
// A cell freed again for `position`'s lap (what a repair writes over bytes no peer wrote).
constexpr quint64 freeCell(quint64 position) { return freeTag(position) << (SenderBits + StampBits); }
// The full stamp of the record a cell points at, rebuilt from the cell's low bits and the
// sender's outbox frontier: the largest stamp at or below the frontier with those low bits.
constexpr quint64 cellStamp(quint64 cell, quint64 frontier)
{
    const quint64 frontierUnits = (frontier + RecordAlign - 1) / RecordAlign;
    return (frontierUnits - ((frontierUnits - cellStampUnits(cell)) & StampMask)) * RecordAlign;
}
// Whether the outbox still holds the record at `stamp`, its frontier (seqlock end) being `frontier`.
constexpr bool outboxHolds(quint64 stamp, quint64 frontier) { return stamp + OutboxSize >= frontier; }

// Where the words are in a mapped segment: the layout's offsets as pointers. Only checked
// geometry gets here (the segment was validated, or is an image made by writeHeader()).
struct SegmentMap
{
    uchar *base = nullptr;

    Header *header() const { return reinterpret_cast<Header *>(base); }
    PeerSlot *slot(int index) const
    {
        return reinterpret_cast<PeerSlot *>(base + slotsOffset + slotStride * std::size_t(index));
    }
    std::atomic<quint64> *cell(quint64 position) const
    {
        return reinterpret_cast<std::atomic<quint64> *>(base + ringOffset) + (position % RingCells);
    }
    uchar *outbox(int index) const { return base + outboxesOffset + std::size_t(OutboxSize) * std::size_t(index); }

    // Maps pages before they are used, so that the first lap through them takes no page fault
    // (one costs about as much as a wake-up in a VM: DESIGN.md, "Mapping ahead"). `write`: the
    // pages are this peer's to write (its outbox, the ring); else only read (others' outboxes).
    // Where the kernel cannot (before Linux 5.14), the pages fault in as they are used.
    void mapAhead(uchar *from, std::size_t length, bool write) const;
    void mapOutboxAhead(int index, bool write) const { mapAhead(outbox(index), OutboxSize, write); }
    void mapRingAhead() const { mapAhead(base + ringOffset, RingCells * sizeof(quint64), true); }
};

// --- Pure checks, also the fuzz target's entry points (see tests/fuzz/) -------------------------

enum class HeaderCheck { Ok, TooSmall, BadMagic, OtherVersion, BadGeometry, OtherChannel };

struct HeaderVerdict
{
    HeaderCheck check = HeaderCheck::Ok;
    quint32 foundVersion = 0;
    QByteArray foundChannel;   // for OtherChannel
};

// Writes the header of a new segment for `channel` (UTF-8, at most ChannelNameBytes): the
// geometry, then the magic. The memory must be zero-filled, as a new SysV segment is.
void writeHeader(void *memory, const QByteArray &channel);

// Checks the header of a segment of `size` bytes at `memory` for channel `channel` (UTF-8).
HeaderVerdict checkHeader(const void *memory, std::size_t size, const QByteArray &channel);

// Text decoded from UTF-8 exactly as it was sent: a leading byte order mark is kept
// (QString::fromUtf8 drops it). The bytes must have passed isValidUtf8().
QString decodeExact(const char *utf8, qsizetype size);
// The decoder flags that keep a leading byte order mark (decodeExact(), PayloadArena).
constexpr QStringConverter::Flags ExactUtf8Flags =
    QStringConverter::Flag::ConvertInitialBom | QStringConverter::Flag::Stateless;

// The name last decoded for each sender slot. A sender's name is then decoded once and shared by
// all its messages (implicit sharing); each record's bytes are still compared with the cached ones,
// and only bytes that differ from them are checked as UTF-8 again.
class NameCache
{
public:
    // The name, or nullptr when the bytes are not valid UTF-8.
    const QString *decode(quint32 slot, const char *utf8, qsizetype size);

private:
    std::array<QByteArray, MaxPeers> m_bytes;
    std::array<QString, MaxPeers> m_names;
};

// Where the small payloads that one reader copies out of the outboxes live. Each message's
// QByteArray or QString is a slice of a shared block (implicit sharing, as a QByteArray with free
// space at its start already is), '\0'-terminated like any other, instead of an allocation of its
// own: a flood of 64-byte messages costs one allocation per block, not a malloc and a free per
// message. A block is started again as soon as nobody holds a slice of it any more: at the next
// batch (the direct handler returned), or when it is full (takeMessages()' list was dropped), so
// a steady stream through the direct handler allocates nothing at all.
// Its size follows the last batch (at most BlockBytes), so a message that came alone keeps no
// more than itself alive; one kept from a flood keeps its block (≤ 16 KiB) until it is dropped or
// detached (squeeze(), or any change). Payloads above SmallBytes get an allocation of their own.
// One reader thread only. DESIGN.md, "Reading".
class PayloadArena
{
public:
    static constexpr qsizetype BlockBytes = 16 * 1024;
    static constexpr qsizetype SmallBytes = 1024;

    QByteArray bytes(const char *data, qsizetype size);
    // Valid UTF-8 (isValidUtf8()) decoded exactly as decodeExact() does.
    QString text(const char *utf8, qsizetype size);
    // The end of a batch: the next block is sized by what this one took.
    void endBatch();

private:
    template <typename Array>
    struct Blocks
    {
        using Unit = std::remove_pointer_t<decltype(std::declval<typename Array::DataPointer &>().data())>;
        typename Array::DataPointer block;
        qsizetype used = 0;        // units of `block` handed out (with their terminators)
        qsizetype batchUsed = 0;   // units taken in this batch
        qsizetype lastBatch = 0;   // units taken in the last one
        bool batchStart = true;    // no take() since endBatch()
        // Nobody but us holds the block (acquire: pairs with the release of the last slice's
        // deref, on whichever thread that was).
        bool released() const { return block.d && block.d->ref_.loadAcquire() == 1; }
        Unit *take(qsizetype units);
        Array slice(Unit *at, qsizetype size);
        void endBatch();
    };
    Blocks<QByteArray> m_bytes;
    Blocks<QString> m_text;
    QStringDecoder m_decoder{QStringConverter::Utf8, ExactUtf8Flags};
};

struct ParsedRecord
{
    RecordHeader header;
    QString name;             // decoded from checked UTF-8
    QString text;             // decoded from checked UTF-8 (not for RecordBytes)
    QByteArray bytes;         // RecordBytes: the payload, copied out as it is (never decoded)
};

// Checks the record that `cell` points at in `outbox` (OutboxSize bytes, possibly being written
// by its owner at the same time) and decodes its name and text straight out of the outbox, with
// no intermediate copy (a RecordBytes payload is copied out, unchecked). Fails when the record
// does not match the cell, fails a bound or is not valid UTF-8. The bytes may change under the
// decoder if the owner overwrites them: the caller must then check the outbox's frontier (the
// seqlock's end) and drop the record if it was overwritten; it also decides between
// "overwritten" and "damaged" that way. `names` (may be null) saves decoding the same sender name
// again and again. `arena` (may be null): where the payload is copied to (PayloadArena).
// Reads into `*record`, a default-constructed one (the read's result, in place: no record built
// elsewhere and moved per message). On failure (false), `*record` holds whatever was read
// before the check that failed: not a record.
bool readRecordInto(const uchar *outbox, quint64 cell, ParsedRecord *record, NameCache *names = nullptr,
                    PayloadArena *arena = nullptr);

bool isValidUtf8(const char *data, std::size_t size);

} // namespace layout
