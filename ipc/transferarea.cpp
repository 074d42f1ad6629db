#include "transferarea.h"

#include "peerprocess.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <linux/futex.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

using namespace Qt::StringLiterals;

namespace transferarea {

namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

quint32 headerBytes(quint32 blockCount)
{
    // Blocks start on a page boundary.
    const std::size_t bytes = HeaderBytes + sizeof(BlockHeader) * blockCount;
    return quint32((bytes + 4095) & ~std::size_t(4095));
}

} // namespace

Area::~Area()
{
    detach();
}

bool Area::create(const QByteArray &id, quint64 fileSize, QString *why)
{
    // Small files get a small area: whole blocks of at most 1 MiB, at most 16 of them.
    quint32 blockSize = DefaultBlockSize;
    quint32 blockCount = DefaultBlockCount;
    if (fileSize < quint64(blockSize) * blockCount) {
        if (fileSize < blockSize) {
            blockSize = quint32(std::max<quint64>(4096, (fileSize + 4095) & ~quint64(4095)));
            blockCount = 1;
        } else {
            blockCount = quint32((fileSize + blockSize - 1) / blockSize);
        }
    }
    const quint32 headerSize = headerBytes(blockCount);
    const std::size_t size = headerSize + std::size_t(blockSize) * blockCount;
    const int shmId = ::shmget(IPC_PRIVATE, size, IPC_CREAT | IPC_EXCL | 0600);
    if (shmId == -1) {
        *why = u"cannot make shared memory for the transfer (%1 bytes): %2"_s.arg(size).arg(systemError());
        return false;
    }
    void *base = ::shmat(shmId, nullptr, 0);
    // Marked for removal at once: the kernel frees it after the last detach, also a dying one's.
    ::shmctl(shmId, IPC_RMID, nullptr);
    if (base == reinterpret_cast<void *>(-1)) {
        *why = u"cannot map the transfer's shared memory: %1"_s.arg(systemError());
        return false;
    }
    m_base = base;
    m_size = size;
    m_shmId = shmId;
    m_blockSize = blockSize;
    m_blockCount = blockCount;
    AreaHeader *h = header();   // zero-filled by the kernel: every atomic starts at 0
    h->version = Version;
    h->headerSize = headerSize;
    std::memcpy(h->id, id.constData(), std::min<qsizetype>(IdBytes, id.size()));
    h->fileSize = fileSize;
    h->blockSize = blockSize;
    h->blockCount = blockCount;
    h->senderPid = peerprocess::ownPid();
    h->senderStartTime = peerprocess::startTime(h->senderPid);
    std::atomic_thread_fence(std::memory_order_release);
    h->magic = Magic;
    return true;
}

bool Area::attach(int shmId, const QByteArray &id, QString *why)
{
    shmid_ds ds{};
    if (shmId < 0 || ::shmctl(shmId, IPC_STAT, &ds) == -1) {
        *why = u"the transfer's shared memory is gone"_s;
        return false;
    }
    if (ds.shm_perm.uid != ::geteuid() || (ds.shm_perm.mode & 0077) != 0) {
        *why = u"the transfer's shared memory is not the user's own"_s;
        return false;
    }
    const std::size_t size = std::size_t(ds.shm_segsz);
    if (size < HeaderBytes + 4096) {
        *why = u"the transfer's shared memory is too small"_s;
        return false;
    }
    void *base = ::shmat(shmId, nullptr, 0);
    if (base == reinterpret_cast<void *>(-1)) {
        *why = u"cannot map the transfer's shared memory: %1"_s.arg(systemError());
        return false;
    }
    m_base = base;
    m_size = size;
    m_shmId = shmId;
    const AreaHeader *h = header();
    const bool sameId = id.size() == IdBytes && std::memcmp(h->id, id.constData(), IdBytes) == 0;
    const quint32 blockSize = h->blockSize;
    const quint32 blockCount = h->blockCount;
    const quint32 headerSize = h->headerSize;
    const bool geometryOk = blockSize >= 4096 && blockSize <= 64 * DefaultBlockSize && blockCount >= 1
        && blockCount <= 1024 && headerSize == headerBytes(blockCount)
        && std::size_t(headerSize) + std::size_t(blockSize) * blockCount <= size;
    if (h->magic != Magic || h->version != Version || !sameId || !geometryOk) {
        detach();
        *why = u"the transfer's shared memory holds another transfer (it ended)"_s;
        return false;
    }
    m_blockSize = blockSize;
    m_blockCount = blockCount;
    return true;
}

void Area::detach()
{
    if (m_base) {
        ::shmdt(m_base);
        m_base = nullptr;
    }
}

void wait(std::atomic<quint32> &word, quint32 expected, int timeoutMs)
{
    timespec timeout{timeoutMs / 1000, long(timeoutMs % 1000) * 1'000'000L};
    // Not FUTEX_PRIVATE_FLAG: the waker is another process with its own mapping of the word.
    ::syscall(SYS_futex, reinterpret_cast<quint32 *>(&word), FUTEX_WAIT, expected, &timeout, nullptr, 0);
}

void wakeAll(std::atomic<quint32> &word)
{
    ::syscall(SYS_futex, reinterpret_cast<quint32 *>(&word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

namespace {

quint32 crcTable(int index)
{
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    return table[std::size_t(index)];
}

#if defined(__x86_64__)
[[gnu::target("sse4.2")]] quint32 crc32cHardware(const uchar *data, std::size_t length)
{
    quint64 crc = 0xFFFFFFFFu;
    while (length >= 8) {
        quint64 word;
        std::memcpy(&word, data, 8);
        crc = _mm_crc32_u64(crc, word);
        data += 8;
        length -= 8;
    }
    quint32 c = quint32(crc);
    while (length--)
        c = _mm_crc32_u8(c, *data++);
    return c ^ 0xFFFFFFFFu;
}
#endif

} // namespace

quint32 crc32c(const uchar *data, std::size_t length)
{
#if defined(__x86_64__)
    static const bool hardware = __builtin_cpu_supports("sse4.2");
    if (hardware)
        return crc32cHardware(data, length);
#endif
    quint32 c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < length; ++i)
        c = crcTable(int((c ^ data[i]) & 0xFF)) ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

} // namespace transferarea
