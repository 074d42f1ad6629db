#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>
#include <cstddef>

// The shared memory of one file transfer (DESIGN.md, "Files"): a System V segment of its own,
// separate from the channel's ring, that the sender fills once for all its receivers and that
// each receiver copies out of at its own pace.
//
//   [AreaHeader 8 KiB: geometry, counters, 64 reader entries][BlockHeader x blockCount][blocks]
//
// The segment is marked for removal (IPC_RMID) right after the sender made and attached it, and
// receivers attach it by its id (Linux lets a process attach a segment marked for removal while
// someone still has it attached): the kernel frees it when the last process that maps it detaches
// or dies, so a transfer never leaves shared memory behind, whoever is killed when.
//
// Who writes what:
// - the sender (SenderJob): the header's geometry (once), `written`, `floor`, `writtenSeq`,
//   `state`, `sha256`, every block and block header; a reader entry's `state` from Active to
//   Dropped (laggard) or Dead (its process is gone);
// - a receiver (ReceiverJob): its own reader entry (claimed by CAS on `pid`), `registered`
//   (fetch-add), `readSeq` (fetch-add, to wake the sender).
// Waiting is a futex on `writtenSeq` (receivers) or `readSeq` (the sender), shared (not
// FUTEX_PRIVATE: the words live in different processes' mappings), 50 ms at a time, so that a
// dead or frozen peer is noticed by its pid.
namespace transferarea {

constexpr quint64 Magic = 0x50434846494c4531ULL;   // "PCHFILE1"
constexpr quint32 Version = 1;
constexpr int MaxReaders = 64;
constexpr quint32 DefaultBlockSize = 1024 * 1024;
constexpr quint32 DefaultBlockCount = 16;
constexpr int IdBytes = 16;

enum class AreaState : quint32 { Running = 0, Complete = 1, Cancelled = 2, Failed = 3 };
enum class ReaderState : quint32 { Free = 0, Active = 1, Done = 2, Left = 3, Dropped = 4, Dead = 5 };

struct ReaderEntry
{
    std::atomic<qint32> pid;            // 0: free; claimed by CAS 0 -> pid by the receiver
    std::atomic<quint32> state;         // ReaderState
    std::atomic<quint64> bytesRead;     // written by the receiver only
    quint64 startTime;                  // the receiver's /proc start time (set before Active)
    quint64 reserved;
};
static_assert(sizeof(ReaderEntry) == 32);

struct AreaHeader
{
    quint64 magic;
    quint32 version;
    quint32 headerSize;                 // bytes before the blocks: AreaHeader + block headers
    quint8 id[IdBytes];                 // the transfer's id, as in the offer
    quint64 fileSize;
    quint32 blockSize;
    quint32 blockCount;
    qint64 senderPid;
    quint64 senderStartTime;
    alignas(64) std::atomic<quint64> written;      // bytes of the file in the area so far (sender)
    std::atomic<quint64> floor;                    // the lowest file offset still held (sender)
    std::atomic<quint32> writtenSeq;               // futex word: bumped per block published
    std::atomic<quint32> state;                    // AreaState
    alignas(64) std::atomic<quint32> readSeq;      // futex word: bumped by readers on progress
    std::atomic<quint32> registered;               // reader entries claimed so far
    alignas(64) quint8 sha256[32];                 // valid once state == Complete
    alignas(64) ReaderEntry readers[MaxReaders];
};
static_assert(sizeof(AreaHeader) <= 8192);
constexpr std::size_t HeaderBytes = 8192;

struct BlockHeader
{
    quint64 offset;                     // the file offset the block holds
    quint32 length;
    quint32 crc;                        // CRC-32C of the block's bytes
};

// A mapped area. The sender makes one with create(); a receiver attaches with attach().
class Area
{
public:
    Area() = default;
    ~Area();
    Area(const Area &) = delete;
    Area &operator=(const Area &) = delete;

    // Makes, attaches and marks for removal a segment for a file of `fileSize` bytes.
    [[nodiscard]] bool create(const QByteArray &id, quint64 fileSize, QString *why);
    // Attaches the segment `shmId` and checks that it is the user's own and holds transfer `id`.
    [[nodiscard]] bool attach(int shmId, const QByteArray &id, QString *why);
    void detach();

    int shmId() const { return m_shmId; }
    AreaHeader *header() const { return static_cast<AreaHeader *>(m_base); }
    BlockHeader *blockHeader(quint32 index) const
    {
        return reinterpret_cast<BlockHeader *>(static_cast<uchar *>(m_base) + HeaderBytes) + index;
    }
    uchar *block(quint32 index) const
    {
        return static_cast<uchar *>(m_base) + header()->headerSize + std::size_t(index) * header()->blockSize;
    }
    quint32 blockSize() const { return m_blockSize; }
    quint32 blockCount() const { return m_blockCount; }
    quint64 capacity() const { return quint64(m_blockSize) * m_blockCount; }

private:
    void *m_base = nullptr;
    std::size_t m_size = 0;
    int m_shmId = -1;
    quint32 m_blockSize = 0;       // as validated at attach; never re-read from the segment
    quint32 m_blockCount = 0;
};

// Waits while `word` still holds `expected`, for at most `timeoutMs` (a shared futex).
void wait(std::atomic<quint32> &word, quint32 expected, int timeoutMs);
// Wakes every process waiting on `word`.
void wakeAll(std::atomic<quint32> &word);

// CRC-32C (Castagnoli), with SSE4.2 where the CPU has it.
quint32 crc32c(const uchar *data, std::size_t length);

} // namespace transferarea
