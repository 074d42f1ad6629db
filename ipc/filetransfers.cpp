#include "filetransfers.h"

#include "failpoint.h"
#include "ipclogging.h"
#include "messagebus.h"
#include "peerprocess.h"
#include "runended_p.h"
#include "savedfile.h"
#include "sha256.h"
#include "transferarea.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeDatabase>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace transferarea;

namespace {

constexpr int WaitSliceMs = 50;        // one futex wait; then pids and flags are looked at again
// Transfers are background work: QThread::IdlePriority is SCHED_IDLE on Linux, so that any other
// thread that wakes (the chat's, the window's, other programs') runs first (DESIGN.md, "Who waits
// for whom": chat p99 during a 1 GiB transfer 1.16x of none; 2.7-3x niced 19 or 10).
constexpr QThread::Priority TransferPriority = QThread::IdlePriority;
constexpr qint64 LaggardMs = 2000;     // a receiver that holds the sender this long is dropped
constexpr int MaxPreviewBytes = 24 * 1024;   // an offer's preview picture (base64 in a 64 KiB message)
constexpr qint64 ProgressEveryMs = 100;

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString randomId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

} // namespace

// One transfer's thread: reads the file into the area (sending) or copies out of it (receiving).
// It reports to its FileTransfers by queued calls only; the owner waits for it before it goes.
class TransferJob : public QThread
{
public:
    TransferJob(FileTransfers *owner, const QString &id)
        : m_owner(owner)
        , m_id(id)
    {
    }
    // Ask the thread to stop: cancelled here (no arguments), cancelled by the sender
    // (cancelledBy), or failed for `failReason`.
    void stop(const QString &failReason = QString(), const QString &cancelledBy = QString())
    {
        {
            const std::lock_guard lock(m_mutex);
            m_failReason = failReason;
            m_cancelledBy = cancelledBy;
        }
        m_stopping.store(true, std::memory_order_release);
        if (AreaHeader *h = m_area.header()) {
            wakeAll(h->writtenSeq);
            wakeAll(h->readSeq);
        }
    }
    // QThread::wait(), made visible to ThreadSanitizer (runended_p.h): the members run() used
    // (the file's descriptor, the area) are destroyed right after.
    void join()
    {
        wait();
        m_ended.observe();
    }
    Area &area() { return m_area; }
    bool isSender() const { return m_sender; }
    // Whether the thread ended because this peer cancelled it (stop() without a reason).
    bool wasCancelledHere() const { return m_cancelledHere.load(std::memory_order_acquire); }

protected:
    // The transfer itself, on the job's thread.
    virtual void work() = 0;
    void run() final
    {
        const auto ended = m_ended.marker();
        work();
    }
    void markCancelledHere() { m_cancelledHere.store(true, std::memory_order_release); }
    bool stopping() const { return m_stopping.load(std::memory_order_acquire); }
    QString failReason() const
    {
        const std::lock_guard lock(m_mutex);
        return m_failReason;
    }
    QString cancelledBy() const
    {
        const std::lock_guard lock(m_mutex);
        return m_cancelledBy;
    }
    void reportProgress(quint64 done, quint64 total, bool force = false)
    {
        if (!force && m_progressTimer.isValid() && m_progressTimer.elapsed() < ProgressEveryMs)
            return;
        m_progressTimer.start();
        QMetaObject::invokeMethod(m_owner, [owner = m_owner, id = m_id, done, total] {
            emit owner->progress(id, done, total);
        }, Qt::QueuedConnection);
    }
    void sendToBus(FileTransfers::MessageType type, const QJsonObject &payload)
    {
        report([owner = m_owner, type, payload] { owner->send(type, payload); });
    }
    template<typename F>
    void report(F &&f)
    {
        QMetaObject::invokeMethod(m_owner, std::forward<F>(f), Qt::QueuedConnection);
    }

    FileTransfers *m_owner;
    QString m_id;
    Area m_area;
    bool m_sender = false;

private:
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_cancelledHere{false};
    RunEnded m_ended;
    mutable std::mutex m_mutex;
    QString m_failReason;
    QString m_cancelledBy;
    QElapsedTimer m_progressTimer;
};

namespace {

// The sender's side (DESIGN.md, "Files"): reads the file once into the ring of blocks; before a
// block is reused, waits (futex on readSeq, 50 ms at a time) until every active reader has read
// past it; a reader that holds it back for LaggardMs is dropped, a dead one is marked dead.
class SenderJob : public TransferJob
{
public:
    SenderJob(FileTransfers *owner, const QString &id, int fd, quint64 size, const QString &path, int expectedReaders,
              int settleMs)
        : TransferJob(owner, id)
        , m_fd(fd)
        , m_size(size)
        , m_path(path)
        , m_expectedReaders(expectedReaders)
        , m_settleMs(settleMs)
    {
        m_sender = true;
        m_sinceOffer.start();
    }
    // A peer declined the offer: one fewer to wait for before the first block is reused.
    // (Even when all it counted declined, the sender goes on waiting for a first reader: a peer
    // may have joined after the offer, or before the sender saw it join.)
    void declined()
    {
        m_declined.fetch_add(1, std::memory_order_release);
        if (AreaHeader *h = m_area.header())
            wakeAll(h->readSeq);
    }
    ~SenderJob() override
    {
        if (m_fd != -1)
            ::close(m_fd);
    }

protected:
    void work() override
    {
        AreaHeader *h = m_area.header();
        Sha256 hash;
        const quint64 capacity = m_area.capacity();
        const quint32 bs = m_area.blockSize();
        quint64 offset = 0;
        while (offset < m_size) {
            if (offset >= capacity) {
                // The first block is reused only once the readers came (started()): `floor`
                // tells a reader that comes later that it is too late.
                if (offset == capacity && !waitForStart())
                    return endStopped();
                const quint64 need = offset - capacity + bs;   // the bytes of the block to reuse
                h->floor.store(need, std::memory_order_seq_cst);
                if (!waitForReaders(need, true))
                    return endStopped();
            }
            const quint32 index = quint32((offset / bs) % m_area.blockCount());
            const quint32 length = quint32(std::min<quint64>(bs, m_size - offset));
            uchar *block = m_area.block(index);
            quint32 got = 0;
            while (got < length) {
                const ssize_t n = ::pread(m_fd, block + got, length - got, off_t(offset + got));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) {
                    const QString why = n < 0 ? errnoText(errno) : u"the file became shorter"_s;
                    return endFailed(FileTransfers::tr("cannot read %1: %2").arg(QFileInfo(m_path).fileName(), why));
                }
                got += quint32(n);
            }
            failpoint::hit(failpoint::Point::FileSenderBlock);
            BlockHeader *bh = m_area.blockHeader(index);
            bh->offset = offset;
            bh->length = length;
            bh->crc = crc32c(block, length);
            hash.addData(block, length);
            offset += length;
            h->written.store(offset, std::memory_order_release);
            h->writtenSeq.fetch_add(1, std::memory_order_release);
            wakeAll(h->writtenSeq);
            reportProgress(offset, m_size);
            if (stopping())
                return endStopped();
        }
        const QByteArray sha = hash.result();
        std::memcpy(h->sha256, sha.constData(), 32);
        h->state.store(quint32(AreaState::Complete), std::memory_order_release);
        h->writtenSeq.fetch_add(1, std::memory_order_release);
        wakeAll(h->writtenSeq);
        reportProgress(m_size, m_size, true);
        sendToBus(FileTransfers::DoneMessage, {{u"id"_s, m_id}, {u"sha256"_s, QString::fromLatin1(sha.toHex())}});
        // Stay (and keep the area) until every reader that came is done.
        if (!waitForReaders(m_size, false))
            return endStopped();
        report([owner = m_owner, id = m_id, path = m_path] {
            emit owner->finished(id, path);
        });
    }

private:
    // Whether the start condition holds: someone came, and everyone expected came or the
    // settle time is over.
    bool started() const
    {
        const quint32 registered = m_area.header()->registered.load(std::memory_order_acquire);
        const int answered = int(registered) + m_declined.load(std::memory_order_acquire);
        return registered >= 1 && (answered >= m_expectedReaders || m_sinceOffer.elapsed() >= m_settleMs);
    }

    bool waitForStart()
    {
        AreaHeader *h = m_area.header();
        while (!stopping()) {
            const quint32 seq = h->readSeq.load(std::memory_order_acquire);
            if (started())
                return true;
            transferarea::wait(h->readSeq, seq, WaitSliceMs);
        }
        return false;
    }

    bool waitForReaders(quint64 need, bool dropLaggards)
    {
        AreaHeader *h = m_area.header();
        while (true) {
            if (stopping())
                return false;
            const quint32 seq = h->readSeq.load(std::memory_order_acquire);
            bool blocked = !started();
            for (int i = 0; i < MaxReaders; ++i) {
                ReaderEntry &e = h->readers[i];
                const qint32 pid = e.pid.load(std::memory_order_seq_cst);
                if (pid == 0)
                    break;   // entries are claimed in order
                if (e.state.load(std::memory_order_seq_cst) != quint32(ReaderState::Active))
                    continue;
                const quint64 read = e.bytesRead.load(std::memory_order_acquire);
                if (read >= need)
                    continue;
                if (read != m_lastRead[i] || !m_lastMove[i].isValid()) {
                    m_lastRead[i] = read;
                    m_lastMove[i].start();
                }
                quint32 active = quint32(ReaderState::Active);
                if (!peerprocess::isAlive(pid, e.startTime)) {
                    e.state.compare_exchange_strong(active, quint32(ReaderState::Dead));
                    continue;
                }
                if (dropLaggards && m_lastMove[i].elapsed() > LaggardMs) {
                    // Holding everyone back: dropped from the shared stream (it fails "too slow").
                    if (e.state.compare_exchange_strong(active, quint32(ReaderState::Dropped)))
                        wakeAll(h->writtenSeq);
                    continue;
                }
                blocked = true;
            }
            if (!blocked)
                return true;
            transferarea::wait(h->readSeq, seq, WaitSliceMs);
        }
    }

    void endStopped()
    {
        AreaHeader *h = m_area.header();
        const QString reason = failReason();
        h->state.store(quint32(reason.isEmpty() ? AreaState::Cancelled : AreaState::Failed), std::memory_order_release);
        h->writtenSeq.fetch_add(1);
        wakeAll(h->writtenSeq);
        if (!reason.isEmpty())
            report([owner = m_owner, id = m_id, reason] { emit owner->failed(id, reason); });
        else
            markCancelledHere();
    }

    void endFailed(const QString &reason)
    {
        AreaHeader *h = m_area.header();
        h->state.store(quint32(AreaState::Failed), std::memory_order_release);
        h->writtenSeq.fetch_add(1);
        wakeAll(h->writtenSeq);
        sendToBus(FileTransfers::FailedMessage, {{u"id"_s, m_id}, {u"reason"_s, reason}});
        report([owner = m_owner, id = m_id, reason] { emit owner->failed(id, reason); });
    }

    int m_fd;
    quint64 m_size;
    QString m_path;
    int m_expectedReaders;
    const int m_settleMs;
    std::atomic<int> m_declined{0};
    QElapsedTimer m_sinceOffer;
    quint64 m_lastRead[MaxReaders] = {};
    QElapsedTimer m_lastMove[MaxReaders];
};

} // namespace

namespace {

// The receiver's side: claims a reader entry, copies each block from the area straight into a
// hidden temporary file in the target folder, checks each block's CRC and the whole file's
// SHA-256, and only then gives the file its final name (savedfile::keep()).
class ReceiverJob : public TransferJob
{
public:
    ReceiverJob(FileTransfers *owner, const FileOffer &offer, const QString &folder)
        : TransferJob(owner, offer.id)
        , m_offer(offer)
        , m_folder(folder)
        , m_name(savedfile::safeName(offer.name))
    {
    }
    ~ReceiverJob() override { removeTemp(); }

    // Before start(): makes the temporary file. False and why when it cannot.
    bool prepare(QString *why)
    {
        // Our pid in it too: two receivers may save into one folder.
        m_tempPath = QDir(m_folder).filePath(u".peerchat-part-%1-%2"_s.arg(m_offer.id).arg(peerprocess::ownPid()));
        m_fd = ::open(QFile::encodeName(m_tempPath).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_fd == -1) {
            *why = FileTransfers::tr("cannot save into %1: %2").arg(m_folder, errnoText(errno));
            m_tempPath.clear();
            return false;
        }
        return true;
    }

protected:
    void work() override
    {
        AreaHeader *h = m_area.header();
        ReaderEntry *entry = nullptr;
        for (int i = 0; i < MaxReaders && !entry; ++i) {
            qint32 free = 0;
            if (h->readers[i].pid.compare_exchange_strong(free, qint32(peerprocess::ownPid())))
                entry = &h->readers[i];
        }
        if (!entry)
            return fail(FileTransfers::tr("%1 has too many receivers already").arg(m_name));
        m_entry = entry;
        entry->startTime = peerprocess::startTime(peerprocess::ownPid());
        entry->bytesRead.store(0, std::memory_order_relaxed);
        entry->state.store(quint32(ReaderState::Active), std::memory_order_seq_cst);
        h->registered.fetch_add(1, std::memory_order_seq_cst);
        wakeAll(h->readSeq);
        if (h->floor.load(std::memory_order_seq_cst) > 0)   // the sender reused the first block already
            return fail(FileTransfers::tr("%1 started before this peer accepted it").arg(m_name));

        Sha256 hash;
        const quint32 bs = m_area.blockSize();
        const quint64 size = m_offer.size;
        quint64 offset = 0;
        while (true) {
            if (const QString why = checkGoingOn(); !why.isEmpty())
                return why == u"cancel"_s ? cancelled() : why == u"cancelled-by-sender"_s ? cancelledBySender() : fail(why);
            if (offset == size && h->state.load(std::memory_order_acquire) == quint32(AreaState::Complete))
                break;
            const quint32 seq = h->writtenSeq.load(std::memory_order_acquire);
            const quint64 written = h->written.load(std::memory_order_acquire);
            if (written <= offset) {
                if (offset == size && h->state.load(std::memory_order_acquire) == quint32(AreaState::Complete))
                    break;
                transferarea::wait(h->writtenSeq, seq, WaitSliceMs);
                continue;
            }
            const quint32 index = quint32((offset / bs) % m_area.blockCount());
            const BlockHeader bh = *m_area.blockHeader(index);
            const quint32 length = quint32(std::min<quint64>(bs, size - offset));
            const uchar *block = m_area.block(index);
            if (bh.offset != offset || bh.length != length || crc32c(block, length) != bh.crc) {
                // A reader dropped as a laggard finds its block reused: that is why, not damage.
                if (const QString why = checkGoingOn(); !why.isEmpty())
                    continue;
                if (bh.offset != offset || bh.length != length)
                    return fail(FileTransfers::tr("%1: the transfer's shared memory is damaged").arg(m_name));
                return fail(FileTransfers::tr("%1: a block failed its check (at byte %2)").arg(m_name).arg(offset));
            }
            hash.addData(block, length);
            quint32 put = 0;
            while (put < length) {
                const ssize_t n = ::write(m_fd, block + put, length - put);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0) {
                    const int error = errno;
                    if (error == ENOSPC || error == EDQUOT)
                        return fail(FileTransfers::tr("disk full: %1 not saved").arg(m_name));
                    return fail(FileTransfers::tr("cannot write %1: %2").arg(m_name, errnoText(error)));
                }
                put += quint32(n);
            }
            if (entry->state.load(std::memory_order_acquire) != quint32(ReaderState::Active))
                continue;   // dropped meanwhile: checkGoingOn() says so
            offset += length;
            entry->bytesRead.store(offset, std::memory_order_release);
            h->readSeq.fetch_add(1, std::memory_order_release);
            wakeAll(h->readSeq);
            reportProgress(offset, size);
        }
        if (QByteArrayView(reinterpret_cast<const char *>(h->sha256), 32) != QByteArrayView(hash.result()))
            return fail(FileTransfers::tr("%1 failed its SHA-256 check: not saved").arg(m_name));
        if (::close(std::exchange(m_fd, -1)) == -1) {
            const int error = errno;
            return fail(error == ENOSPC || error == EDQUOT ? FileTransfers::tr("disk full: %1 not saved").arg(m_name)
                                                           : FileTransfers::tr("cannot write %1: %2").arg(m_name, errnoText(error)));
        }
        QString why;
        const std::optional<QString> saved = savedfile::keep(m_tempPath, m_folder, m_name, &why);
        if (!saved)
            return fail(FileTransfers::tr("cannot save %1: %2").arg(m_name, why));
        m_tempPath.clear();
        leave(ReaderState::Done);
        reportProgress(size, size, true);
        sendToBus(FileTransfers::DoneMessage, {{u"id"_s, m_id}, {u"saved"_s, true}});
        report([owner = m_owner, id = m_id, path = *saved] { emit owner->finished(id, path); });
    }

private:
    // Empty while the transfer goes on; "cancel" when this peer cancelled, "cancelled-by-sender";
    // else why it ends.
    QString checkGoingOn()
    {
        const AreaHeader *h = m_area.header();
        if (stopping()) {
            if (!cancelledBy().isEmpty())
                return u"cancelled-by-sender"_s;
            const QString reason = failReason();
            return reason.isEmpty() ? u"cancel"_s : reason;
        }
        if (m_entry->state.load(std::memory_order_acquire) == quint32(ReaderState::Dropped))
            return FileTransfers::tr("too slow: %1 failed for this peer (the others went on)").arg(m_name);
        const quint32 state = h->state.load(std::memory_order_acquire);
        if (state == quint32(AreaState::Cancelled))
            return u"cancelled-by-sender"_s;
        if (state == quint32(AreaState::Failed))
            return FileTransfers::tr("%1 failed on the side of %2").arg(m_name, m_offer.sender);
        if (state != quint32(AreaState::Complete) && !peerprocess::isAlive(h->senderPid, h->senderStartTime))
            return FileTransfers::tr("%1 is gone: %2 not saved").arg(m_offer.sender, m_name);
        return QString();
    }

    void leave(ReaderState state)
    {
        if (m_entry) {
            m_entry->state.store(quint32(state), std::memory_order_seq_cst);
            m_area.header()->readSeq.fetch_add(1);
            wakeAll(m_area.header()->readSeq);
        }
    }

    void removeTemp()
    {
        if (m_fd != -1)
            ::close(std::exchange(m_fd, -1));
        if (!m_tempPath.isEmpty())
            ::unlink(QFile::encodeName(std::exchange(m_tempPath, QString())).constData());
    }

    void fail(const QString &reason)
    {
        leave(ReaderState::Left);
        removeTemp();
        sendToBus(FileTransfers::FailedMessage, {{u"id"_s, m_id}, {u"reason"_s, reason}});
        report([owner = m_owner, id = m_id, reason] { emit owner->failed(id, reason); });
    }

    void cancelledBySender()
    {
        leave(ReaderState::Left);
        removeTemp();
        report([owner = m_owner, id = m_id, by = m_offer.sender] { emit owner->cancelled(id, by); });
    }

    void cancelled()
    {
        leave(ReaderState::Left);
        removeTemp();
        sendToBus(FileTransfers::CancelMessage, {{u"id"_s, m_id}});
        markCancelledHere();
    }

    FileOffer m_offer;
    QString m_folder;
    QString m_name;
    QString m_tempPath;
    int m_fd = -1;
    ReaderEntry *m_entry = nullptr;
};

} // namespace

struct FileTransfers::Transfer
{
    std::unique_ptr<TransferJob> job;
    QString name;
    qint64 senderPid = 0;   // receiving: the sender's
    QString sender;
};

FileTransfers::FileTransfers(MessageBus *bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    qRegisterMetaType<FileOffer>();
    {
        // Only with Delivery::Signal does the bus emit messageReceived(); otherwise the owner
        // hands the messages to takeMessage().
        connect(bus, &MessageBus::messageReceived, this, [this](const ChatMessage &message) {
            if (message.binary && isFileMessage(message.type) && !message.history
                && m_bus->delivery() == MessageBus::Delivery::Signal) {
                BusMessage m;
                m.sender = message.sender;
                m.senderPid = message.senderPid;
                m.bytes = message.bytes;
                m.type = message.type;
                m.binary = true;
                handleMessage(m);
            }
        });
    }
    connect(bus, &MessageBus::peerLeft, this, [this](const PeerInfo &peer) {
        if (!peer.remote)
            onPeerLeft(peer.pid, peer.name);
    });
}

FileTransfers::~FileTransfers()
{
    cancelAll();
    for (auto &[id, transfer] : m_transfers)
        transfer->job->join();
}

QString FileTransfers::offerFile(const QString &path, QString *why, const QString &name, const QByteArray &preview)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        *why = errnoText(errno);
        return QString();
    }
    struct stat st{};
    if (::fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
        *why = tr("not a regular file");
        ::close(fd);
        return QString();
    }
    if (!m_bus->isJoined()) {
        *why = tr("not on a channel");
        ::close(fd);
        return QString();
    }
    const QString id = randomId();
    int others = 0;
    for (const PeerInfo &peer : m_bus->peers()) {
        if (!peer.isSelf && !peer.remote)
            ++others;
    }
    auto job = std::make_unique<SenderJob>(this, id, fd, quint64(st.st_size), path, others, m_settleMs);
    QString areaWhy;
    if (!job->area().create(QByteArray::fromHex(id.toLatin1()), quint64(st.st_size), &areaWhy)) {
        *why = areaWhy;
        return QString();
    }
    const QString shownName = name.isEmpty() ? QFileInfo(path).fileName() : name;
    m_names.insert(id, shownName);
    m_outgoing.insert(id);
    const QString mime = QMimeDatabase().mimeTypeForFile(shownName, QMimeDatabase::MatchExtension).name();
    QJsonObject offer{{u"id"_s, id}, {u"name"_s, shownName}, {u"size"_s, qint64(st.st_size)}, {u"mime"_s, mime},
                      {u"area"_s, job->area().shmId()}};
    if (!preview.isEmpty() && preview.size() <= MaxPreviewBytes)
        offer.insert(u"preview"_s, QString::fromLatin1(preview.toBase64()));
    if (!m_bus->sendBytes(OfferMessage, QJsonDocument(offer).toJson(QJsonDocument::Compact))) {
        *why = m_bus->errorString();
        return QString();
    }
    auto transfer = std::make_unique<Transfer>();
    transfer->name = shownName;
    transfer->job = std::move(job);
    TransferJob *started = transfer->job.get();
    connect(started, &QThread::finished, this, [this, id] { jobEnded(id); });
    m_transfers.emplace(id, std::move(transfer));
    started->start(TransferPriority);
    return id;
}

bool FileTransfers::accept(const QString &id, const QString &folder, QString *why)
{
    const auto found = m_offers.find(id);
    if (found == m_offers.end()) {
        *why = tr("no offer %1").arg(id);
        return false;
    }
    const FileOffer offer = found->second;
    m_offers.erase(found);
    removeDeadPartials(folder);
    auto job = std::make_unique<ReceiverJob>(this, offer, folder);
    if (!job->prepare(why))
        return false;
    QString areaWhy;
    const int shmId = m_offerAreas.value(id, -1);
    m_offerAreas.remove(id);
    if (!job->area().attach(shmId, QByteArray::fromHex(id.toLatin1()), &areaWhy)) {
        *why = tr("%1 is no longer offered (%2)").arg(offer.name, areaWhy);
        return false;
    }
    if (job->area().header()->fileSize != offer.size) {   // the offer and its area disagree: refused
        *why = tr("%1 is no longer offered (%2)").arg(offer.name, u"the offer's size is not its area's"_s);
        return false;
    }
    send(AcceptMessage, {{u"id"_s, id}});
    auto transfer = std::make_unique<Transfer>();
    transfer->name = offer.name;
    m_names.insert(id, offer.name);
    transfer->sender = offer.sender;
    transfer->senderPid = offer.senderPid;
    transfer->job = std::move(job);
    TransferJob *started = transfer->job.get();
    connect(started, &QThread::finished, this, [this, id] { jobEnded(id); });
    m_transfers.emplace(id, std::move(transfer));
    started->start(TransferPriority);
    return true;
}

void FileTransfers::removeDeadPartials(const QString &folder)
{
    // ".peerchat-part-<id>-<pid>" of a receiver that was killed: nobody else removes it.
    const QDir dir(folder);
    const QStringList partials = dir.entryList({u".peerchat-part-*-*"_s}, QDir::Files | QDir::Hidden);
    for (const QString &name : partials) {
        bool ok = false;
        const qint64 pid = name.mid(name.lastIndexOf(u'-') + 1).toLongLong(&ok);
        if (ok && pid > 0 && peerprocess::startTime(pid) == 0) {
            qCDebug(lcIpc) << "removing the partial file of a dead receiver:" << dir.filePath(name);
            QFile::remove(dir.filePath(name));
        }
    }
}

void FileTransfers::cancel(const QString &id)
{
    const auto found = m_transfers.find(id);
    if (found == m_transfers.end())
        return;
    Transfer &transfer = *found->second;
    if (!transfer.job->isRunning())
        return;
    // Never waits for the thread (it may be inside a write() to a slow disk): cancelled() is
    // emitted when it has ended (jobEnded()).
    transfer.job->stop();
    if (transfer.job->isSender())
        send(CancelMessage, {{u"id"_s, id}});
}

void FileTransfers::decline(const QString &id)
{
    const auto found = m_offers.find(id);
    if (found == m_offers.end())
        return;
    m_offers.erase(found);
    m_offerAreas.remove(id);
    send(CancelMessage, {{u"id"_s, id}, {u"declined"_s, true}});
}

void FileTransfers::setOfferPatience(int ms)
{
    m_settleMs = qMax(0, ms);
}

void FileTransfers::cancelAll()
{
    for (const QString &id : activeIds())
        cancel(id);
}

QStringList FileTransfers::activeIds() const
{
    QStringList ids;
    for (const auto &[id, transfer] : m_transfers) {
        if (transfer->job->isRunning())
            ids.append(id);
    }
    return ids;
}

QString FileTransfers::fileName(const QString &id) const
{
    const auto offered = m_offers.find(id);
    return offered != m_offers.end() ? offered->second.name : m_names.value(id);
}

void FileTransfers::takeMessage(const BusMessage &message)
{
    QMetaObject::invokeMethod(this, [this, message] { handleMessage(message); }, Qt::QueuedConnection);
}

void FileTransfers::send(MessageType type, const QJsonObject &payload)
{
    if (m_bus->isJoined() && !m_bus->sendBytes(type, QJsonDocument(payload).toJson(QJsonDocument::Compact)))
        qCWarning(lcIpc) << "file transfer message not sent:" << m_bus->errorString();
}

void FileTransfers::handleMessage(const BusMessage &message)
{
    const QJsonObject payload = QJsonDocument::fromJson(message.bytes).object();
    const QString id = payload.value(u"id"_s).toString();
    if (id.size() != 32 || QByteArray::fromHex(id.toLatin1()).size() != 16)
        return;   // not ours, or damaged: ignored
    const auto found = m_transfers.find(id);
    Transfer *transfer = found != m_transfers.end() ? found->second.get() : nullptr;
    const bool weSend = m_outgoing.contains(id);   // also after our job ended
    switch (message.type) {
    case OfferMessage: {
        if (transfer || m_offers.count(id))
            return;
        FileOffer offer;
        offer.id = id;
        offer.name = payload.value(u"name"_s).toString();
        offer.size = quint64(payload.value(u"size"_s).toInteger(-1));
        offer.mime = payload.value(u"mime"_s).toString();
        offer.sender = message.sender;
        offer.senderPid = message.senderPid;
        if (payload.value(u"size"_s).toInteger(-1) < 0)
            return;
        // At most MaxPreviewBytes of valid base64; anything else is no preview (still untrusted
        // bytes: whoever shows them decodes them with care).
        const auto preview = QByteArray::fromBase64Encoding(payload.value(u"preview"_s).toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (preview && preview.decoded.size() <= MaxPreviewBytes)
            offer.preview = preview.decoded;
        m_offers.emplace(id, offer);
        m_names.insert(id, offer.name);
        m_offerAreas.insert(id, payload.value(u"area"_s).toInt(-1));
        emit offered(offer);
        return;
    }
    case AcceptMessage:
        if (weSend)
            emit receiverAccepted(id, message.sender);
        return;
    case CancelMessage:
        if (weSend) {
            if (payload.value(u"declined"_s).toBool()) {
                if (transfer && transfer->job->isRunning())
                    static_cast<SenderJob *>(transfer->job.get())->declined();
                emit receiverDeclined(id, message.sender);
            } else {
                emit receiverCancelled(id, message.sender);
            }
        } else if (transfer && message.senderPid == transfer->senderPid && transfer->job->isRunning()) {
            transfer->job->stop(QString(), message.sender);
        } else if (m_offers.count(id) && m_offers.at(id).senderPid == message.senderPid) {
            m_offers.erase(id);
            m_offerAreas.remove(id);
            emit cancelled(id, message.sender);
        }
        return;
    case DoneMessage:
        if (weSend)
            emit receiverFinished(id, message.sender);
        return;
    case FailedMessage:
        if (weSend)
            emit receiverFailed(id, message.sender, payload.value(u"reason"_s).toString());
        else if (transfer && message.senderPid == transfer->senderPid && transfer->job->isRunning())
            transfer->job->stop(tr("%1 failed on the side of %2: %3")
                                    .arg(savedfile::safeName(transfer->name), message.sender,
                                         payload.value(u"reason"_s).toString()));
        return;
    default:
        return;
    }
}

void FileTransfers::onPeerLeft(qint64 pid, const QString &name)
{
    for (auto &[id, transfer] : m_transfers) {
        if (!transfer->job->isSender() && transfer->senderPid == pid && transfer->job->isRunning())
            transfer->job->stop(tr("%1 left: %2 not saved").arg(name, savedfile::safeName(transfer->name)));
    }
    for (auto it = m_offers.begin(); it != m_offers.end();) {
        if (it->second.senderPid == pid) {
            const QString id = it->first;
            m_offerAreas.remove(id);
            it = m_offers.erase(it);
            emit failed(id, tr("%1 left: the offer of %2 ended").arg(name, savedfile::safeName(m_names.value(id))));
        } else {
            ++it;
        }
    }
}

void FileTransfers::jobEnded(const QString &id)
{
    // Queued after the job's last reports (they were posted before its thread finished).
    QMetaObject::invokeMethod(this, [this, id] {
        const auto found = m_transfers.find(id);
        if (found != m_transfers.end() && !found->second->job->isRunning()) {
            found->second->job->join();
            const bool cancelledHere = found->second->job->wasCancelledHere();
            m_transfers.erase(found);   // detaches the area: the last user's detach frees it
            if (cancelledHere)
                emit cancelled(id, m_bus->peerName());
        }
    }, Qt::QueuedConnection);
}
