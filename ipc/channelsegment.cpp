#include "channelsegment.h"

#include "failpoint.h"
#include "ipckey.h"
#include "ipclogging.h"
#include "peerprocess.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <array>
#include <chrono>
#include <cstring>
#include <ctime>
#include <sched.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace layout;

namespace {

// How long a sender waits for a live reader before it stops waiting for it (marks it a laggard).
constexpr auto ReaderPatience = std::chrono::milliseconds(200);

// getpid() is a real system call on some kernels and VMs: ask once (measured: half of a
// sender's time went there).
quint64 ownPid()
{
    static const quint64 pid = quint64(::getpid());
    return pid;
}

// Brief, polite back-off for the (rare) waits of a sender: spin, then yield, then sleep.
class Backoff
{
public:
    void pause()
    {
        if (m_round < 64) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        } else if (m_round < 256) {
            ::sched_yield();
        } else {
            QThread::usleep(m_round < 2048 ? 20 : 200);
        }
        ++m_round;
    }

private:
    int m_round = 0;
};

} // namespace

ChannelSegment::ChannelSegment(const QString &channel, const QString &runtimeDir)
    : m_channel(channel)
    , m_runtimeDir(runtimeDir)
    , m_channelUtf8(channel.toUtf8())
    , m_keyFile(segmentKeyFile(runtimeDir, channel))
{
}

ChannelSegment::~ChannelSegment()
{
    if (m_memory)
        ipckey::detachSegment(*m_memory, m_keyFile);
}

quint64 ChannelSegment::createdMs() const
{
    return header()->createdMs;
}

qint64 ChannelSegment::processId()
{
    return qint64(ownPid());
}

QString ChannelSegment::segmentKeyFile(const QString &runtimeDir, const QString &channel)
{
    return runtimeDir + u'/' + channel + u".seg"_s;
}

// A record's time is for people (shown to the second): the coarse wall clock, one kernel tick
// (4 ms here) fine, costs 3.5 ns a call where the precise one costs 37 ns in this VM (kvm-clock),
// a few percent of a 64-byte message's whole cost to its sender.
namespace {
quint64 recordTimeMs()
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
    return quint64(now.tv_sec) * 1000 + quint64(now.tv_nsec) / 1000000;
}
} // namespace

// Doorbell records: <runtime dir>/<channel>.<slot>.bell holds "pid start-time semaphore-id" of
// the peer in that slot. They, not the (untrusted) segment, say which semaphore a dead peer
// left, so a damaged or replaced segment cannot make us remove someone else's semaphore.
namespace {
QString bellFile(const QString &runtimeDir, const QString &channel, int slot)
{
    return runtimeDir + u'/' + channel + u'.' + QString::number(slot) + u".bell"_s;
}

struct BellRecord
{
    qint64 pid = 0;
    quint64 startTime = 0;
    int semaphoreId = -1;
    QString keyFile;   // the semaphore's key file (Qt 6.4 puts it in the peer's TMPDIR)
};

std::optional<BellRecord> readBell(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = f.read(4096).split('\n');
    const QList<QByteArray> fields = lines.value(0).trimmed().split(' ');
    if (fields.size() != 3)
        return std::nullopt;
    BellRecord r;
    bool ok1 = false, ok2 = false, ok3 = false;
    r.pid = fields.at(0).toLongLong(&ok1);
    r.startTime = fields.at(1).toULongLong(&ok2);
    r.semaphoreId = fields.at(2).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3)
        return std::nullopt;
    r.keyFile = QFile::decodeName(lines.value(1));
    return r;
}

// Removes a dead peer's doorbell and its key file. Only a key file peerchat names is removed,
// whatever the record says.
void removeBell(const BellRecord &bell, const QString &recordFile)
{
    const QString name = QFileInfo(bell.keyFile).fileName();
    const bool ours = name.startsWith(u"qipc_systemsem_peerchat"_s) || (name.startsWith(u"peerchat-"_s) && name.endsWith(u".bell"_s));
    if (bell.semaphoreId >= 0)
        ipckey::removeDoorbell(bell.semaphoreId);
    else if (ours)
        ipckey::removeDoorbellAt(bell.keyFile);   // it died while creating it
    if (ours)
        QFile::remove(bell.keyFile);
    QFile::remove(recordFile);
}
} // namespace

void ChannelSegment::recordDoorbell(int id, const QString &keyFile, quint64 startTime)
{
    QFile bell(bellFile(m_runtimeDir, m_channel, m_slot));
    if (bell.open(QIODevice::WriteOnly | QIODevice::Truncate))
        bell.write(QByteArray::number(ownPid()) + ' ' + QByteArray::number(startTime) + ' ' + QByteArray::number(id)
                   + '\n' + QFile::encodeName(keyFile) + '\n');
}

void ChannelSegment::removeDoorbellOf(const QString &runtimeDir, const QString &channel, int slot, qint64 pid)
{
    const QString file = bellFile(runtimeDir, channel, slot);
    const std::optional<BellRecord> bell = readBell(file);
    if (!bell || bell->pid != pid || peerprocess::isAlive(bell->pid, bell->startTime))
        return;
    removeBell(*bell, file);
}

void ChannelSegment::removeDeadDoorbells(const QString &runtimeDir, const QString &channel)
{
    for (int slot = 0; slot < int(MaxPeers); ++slot) {
        const QString file = bellFile(runtimeDir, channel, slot);
        const std::optional<BellRecord> bell = readBell(file);
        if (bell && !peerprocess::isAlive(bell->pid, bell->startTime))
            removeBell(*bell, file);
    }
}

bool ChannelSegment::setError(Error error, const QString &text)
{
    m_error = error;
    m_errorString = text;
    return false;
}

PeerSlot *ChannelSegment::slotAt(int index) const
{
    return reinterpret_cast<PeerSlot *>(reinterpret_cast<char *>(m_base) + slotsOffset + slotStride * std::size_t(index));
}

std::atomic<quint64> *ChannelSegment::cellAt(quint64 position) const
{
    return reinterpret_cast<std::atomic<quint64> *>(reinterpret_cast<char *>(m_base) + ringOffset)
        + (position % RingCells);
}

uchar *ChannelSegment::outbox(int index) const
{
    return m_base + outboxesOffset + std::size_t(OutboxSize) * std::size_t(index);
}

void ChannelSegment::initializeHeader()
{
    // A new SysV segment is zero-filled: every atomic starts at 0, every slot is free, every
    // ring cell is free for lap 0.
    header()->createdMs = quint64(QDateTime::currentMSecsSinceEpoch());
    writeHeader(m_base, m_channelUtf8);
}

bool ChannelSegment::open()
{
    for (int attempt = 0; attempt < 4; ++attempt) {
        // A fresh QSharedMemory for every try: in Qt 6.4 a failed create() on a native key
        // leaves an error in its lock semaphore that makes the next attach() fail.
        m_memory = std::make_unique<QSharedMemory>();
        QString why;
        if (!ipckey::setSegmentKey(*m_memory, m_keyFile, &why))
            return setError(Error::SystemError, why);
        const ipckey::CreateResult created = ipckey::createSegment(*m_memory, m_keyFile, qsizetype(segmentSize), &why);
        if (created == ipckey::CreateResult::Created) {
            m_base = static_cast<uchar *>(m_memory->data());
            initializeHeader();
            qCDebug(lcIpc) << "created segment for" << m_channel;
            return true;
        }
        if (created != ipckey::CreateResult::Exists) {
            const Error error = created == ipckey::CreateResult::PermissionDenied ? Error::PermissionDenied
                                                                                 : Error::SystemError;
            return setError(error, u"cannot create the segment of channel \"%1\": %2"_s.arg(m_channel, why));
        }
        m_memory = std::make_unique<QSharedMemory>();
        if (!ipckey::setSegmentKey(*m_memory, m_keyFile, &why))
            return setError(Error::SystemError, why);
        if (!ipckey::attachSegment(*m_memory, m_keyFile)) {
            if (m_memory->error() == QSharedMemory::PermissionDenied)
                return setError(Error::PermissionDenied,
                                u"cannot attach to channel \"%1\": its segment belongs to another user"_s.arg(m_channel));
            continue;   // removed between create() and attach(): try again
        }
        const HeaderVerdict verdict = checkHeader(m_memory->constData(), std::size_t(m_memory->size()), m_channelUtf8);
        switch (verdict.check) {
        case HeaderCheck::Ok:
            m_base = static_cast<uchar *>(m_memory->data());
            qCDebug(lcIpc) << "attached to segment of" << m_channel;
            return true;
        case HeaderCheck::OtherVersion:
            ipckey::detachSegment(*m_memory, m_keyFile);
            return setError(Error::VersionMismatch,
                            u"channel \"%1\" uses segment layout version %2, but this peerchat uses layout version %3; "
                            "quit the peers of the other version, or run peerchat --purge %1"_s
                                .arg(m_channel).arg(verdict.foundVersion).arg(Version));
        case HeaderCheck::OtherChannel:
            ipckey::detachSegment(*m_memory, m_keyFile);
            return setError(Error::KeyCollision,
                            u"the System V key of channel \"%1\" is in use by channel \"%2\" (ftok collision); "
                            "choose another channel name"_s.arg(m_channel, QString::fromUtf8(verdict.foundChannel)));
        case HeaderCheck::TooSmall:
        case HeaderCheck::BadMagic:
        case HeaderCheck::BadGeometry:
            break;
        }
        const QString reason = verdict.check == HeaderCheck::BadMagic ? u"its header has no peerchat magic"_s
            : verdict.check == HeaderCheck::TooSmall                   ? u"its segment is too small"_s
                                                                       : u"its header has impossible sizes"_s;
        if (ipckey::segmentAttachCount(m_keyFile) > 1) {
            ipckey::detachSegment(*m_memory, m_keyFile);
            return setError(Error::Corrupted, u"channel %1 is damaged: %2"_s.arg(m_channel, reason));
        }
        // Nobody else is attached: a leftover of a crash. Remove it, and the doorbells its dead
        // peers left, and start afresh.
        qCWarning(lcIpc) << "replacing a damaged leftover segment of" << m_channel << ":" << reason;
        removeDeadDoorbells(m_runtimeDir, m_channel);
        ipckey::detachSegment(*m_memory, m_keyFile);   // the last detach removes it
        ipckey::removeSegment(m_keyFile);              // unless someone attached meanwhile
    }
    return setError(Error::SystemError, u"cannot create or attach the segment of channel \"%1\": %2"_s.arg(m_channel, m_memory->errorString()));
}

bool ChannelSegment::reclaim(int index, quint64 owner, Departed *departed)
{
    PeerSlot *s = slotAt(index);
    const quint64 mine = makeOwner(SlotReclaiming, ownerGeneration(owner), quint32(ownPid()));
    failpoint::hit(failpoint::Point::BeforeReclaimCas);
    if (!s->owner.compare_exchange_strong(owner, mine, std::memory_order_acq_rel))
        return false;
    failpoint::hit(failpoint::Point::AfterReclaimCas);
    const quint32 nameLength = std::min<quint32>(s->nameLength.load(std::memory_order_relaxed), MaxNameBytes);
    departed->slot = index;
    departed->name = QByteArray(s->name, int(nameLength));
    if (!isValidUtf8(departed->name.constData(), std::size_t(departed->name.size())))
        departed->name = "?";
    departed->pid = ownerPid(owner);
    const quint64 bit = quint64(1) << index;
    removeDoorbellOf(m_runtimeDir, m_channel, index, departed->pid);
    s->doorbellId.store(0, std::memory_order_relaxed);
    // A free slot has no start time: a reaper that sees the next owner joining judges it by its
    // pid until it has written its own (see reapDeadSlots), never by ours.
    s->startTime.store(0, std::memory_order_relaxed);
    header()->sleepMask.fetch_and(~bit, std::memory_order_seq_cst);
    header()->laggardMask.fetch_and(~bit, std::memory_order_seq_cst);
    s->owner.store(makeOwner(SlotFree, ownerGeneration(owner) + 1, 0), std::memory_order_release);
    qCWarning(lcIpc) << "reclaimed slot" << index << "of dead pid" << departed->pid << "on" << m_channel;
    return true;
}

QList<ChannelSegment::Departed> ChannelSegment::reapDeadSlots()
{
    QList<Departed> departed;
    for (int i = 0; i < int(MaxPeers); ++i) {
        if (i == m_slot)
            continue;
        PeerSlot *s = slotAt(i);
        const quint64 owner = s->owner.load(std::memory_order_acquire);
        if (ownerState(owner) == SlotFree)
            continue;
        const quint64 start = s->startTime.load(std::memory_order_relaxed);
        // A joining peer writes its start time after claiming; give it that instant.
        if (ownerState(owner) == SlotJoining && start == 0 && peerprocess::startTime(ownerPid(owner)) != 0)
            continue;
        if (ownerState(owner) == SlotReclaiming && ownerPid(owner) != ownPid()
            && peerprocess::startTime(ownerPid(owner)) != 0)
            continue;   // another live peer is reclaiming it right now
        const quint64 expected = ownerState(owner) == SlotReclaiming ? peerprocess::startTime(ownerPid(owner)) : start;
        if (ownerState(owner) != SlotReclaiming && peerprocess::isAlive(ownerPid(owner), expected))
            continue;
        Departed d{};
        if (reclaim(i, owner, &d) && ownerState(owner) != SlotJoining)
            departed.append(d);
    }
    return departed;
}

int ChannelSegment::claimSlot(quint64 startTime)
{
    for (int i = 0; i < int(MaxPeers); ++i) {
        PeerSlot *s = slotAt(i);
        quint64 owner = s->owner.load(std::memory_order_acquire);
        if (ownerState(owner) != SlotFree)
            continue;
        const quint64 joining = makeOwner(SlotJoining, ownerGeneration(owner), quint32(ownPid()));
        if (s->owner.compare_exchange_strong(owner, joining, std::memory_order_acq_rel)) {
            m_slot = i;
            m_owner = joining;
            failpoint::hit(failpoint::Point::AfterClaimCas);
            // The slot's start time is 0 until here (freed slots have none): a reaper meanwhile
            // sees a joining slot with no start time and a live pid, and leaves it alone.
            s->startTime.store(startTime, std::memory_order_release);
            return i;
        }
    }
    return -1;
}

bool ChannelSegment::activate(const QByteArray &name, int doorbellId, const QString &doorbellKeyFile, quint64 startTime)
{
    PeerSlot *s = slotAt(m_slot);
    Header *h = header();
    s->startTime.store(startTime, std::memory_order_relaxed);
    const auto length = std::min<quint32>(quint32(name.size()), MaxNameBytes);
    std::memcpy(s->name, name.constData(), length);
    s->nameLength.store(length, std::memory_order_relaxed);
    m_doorbellId = doorbellId;
    s->doorbellId.store(doorbellId + 1, std::memory_order_relaxed);   // 0 means "none"
    recordDoorbell(doorbellId, doorbellKeyFile, startTime);
    s->sleepWord.store(0, std::memory_order_relaxed);
    h->sleepMask.fetch_and(~(quint64(1) << m_slot), std::memory_order_seq_cst);
    h->laggardMask.fetch_and(~(quint64(1) << m_slot), std::memory_order_seq_cst);

    // Start reading after everything already published. `head` is only a hint (a sender may be
    // frozen between its publishing CAS and moving head), so step over published cells.
    quint64 position = h->head.load(std::memory_order_acquire);
    while (cellTag(cellAt(position)->load(std::memory_order_acquire)) == publishedTag(position))
        ++position;
    s->readPos.store(position, std::memory_order_release);
    s->joinedPos.store(position, std::memory_order_relaxed);

    // Our outbox continues after whatever the slot's previous owner wrote, on a fresh lap, so
    // stale ring cells that point into it fail the stamp check. Before overwriting the previous
    // owner's bytes we wait for readers that are still before `position` (see waitForReaders).
    const quint64 frontier = s->frontier.load(std::memory_order_acquire);
    m_writeStamp = (frontier + OutboxSize - 1) / OutboxSize * OutboxSize;
    m_ownRecords.clear();
    if (m_writeStamp > 0 && position > 0)
        m_ownRecords.push_back({m_writeStamp - OutboxSize, position - 1});

    // A CAS, not a store: if the slot is no longer ours as a joiner (a reaper took it), we must
    // not take it back from whoever holds it now.
    quint64 expected = m_owner;
    const quint64 active = makeOwner(SlotActive, ownerGeneration(m_owner), quint32(ownPid()));
    if (!s->owner.compare_exchange_strong(expected, active, std::memory_order_seq_cst)) {
        const int lost = m_slot;
        m_slot = -1;
        return setError(Error::SystemError,
                        u"lost slot %1 of channel \"%2\" while joining (its owner word changed)"_s.arg(lost).arg(m_channel));
    }
    m_owner = active;
    return true;
}

void ChannelSegment::releaseSlot()
{
    if (m_slot < 0)
        return;
    PeerSlot *s = slotAt(m_slot);
    const quint64 bit = quint64(1) << m_slot;
    header()->sleepMask.fetch_and(~bit, std::memory_order_seq_cst);
    header()->laggardMask.fetch_and(~bit, std::memory_order_seq_cst);
    s->doorbellId.store(0, std::memory_order_relaxed);
    QFile::remove(bellFile(m_runtimeDir, m_channel, m_slot));
    s->startTime.store(0, std::memory_order_relaxed);   // as in reclaim(): a free slot has none
    quint64 expected = m_owner;
    s->owner.compare_exchange_strong(expected, makeOwner(SlotFree, ownerGeneration(m_owner) + 1, 0),
                                     std::memory_order_acq_rel);
    m_slot = -1;
}

bool ChannelSegment::hasOtherPeers() const
{
    for (int i = 0; i < int(MaxPeers); ++i) {
        if (i != m_slot && ownerState(slotAt(i)->owner.load(std::memory_order_acquire)) != SlotFree)
            return true;
    }
    return false;
}

void ChannelSegment::detach(bool removeSegment)
{
    if (!m_memory || !m_memory->isAttached())
        return;
    // Detach first: with the segment and its lock still there, Qt (6.6+) takes that lock to
    // detach, rather than making a lock of its own that it would remove, with the key file, later.
    ipckey::detachSegment(*m_memory, m_keyFile);
    if (removeSegment) {
        ipckey::removeSegment(m_keyFile);
        QFile::remove(m_keyFile);
    }
}

QList<PeerInfo> ChannelSegment::activePeers() const
{
    QList<PeerInfo> peers;
    for (int i = 0; i < int(MaxPeers); ++i) {
        const PeerSlot *s = slotAt(i);
        const quint64 owner = s->owner.load(std::memory_order_acquire);
        if (ownerState(owner) != SlotActive)
            continue;
        const quint32 length = std::min<quint32>(s->nameLength.load(std::memory_order_relaxed), MaxNameBytes);
        const QByteArray name(s->name, int(length));
        PeerInfo peer;
        peer.slot = i;
        peer.name = isValidUtf8(name.constData(), std::size_t(name.size())) ? QString::fromUtf8(name) : u"?"_s;
        peer.pid = ownerPid(owner);
        peer.isSelf = i == m_slot;
        peers.append(peer);
    }
    return peers;
}

// Waits (bounded) until every live reader that is not a laggard has read past `position`.
// All readers are waited for together, each with its own deadline that starts now and moves on
// only while that reader makes progress: k frozen readers cost one ReaderPatience in all, not k
// in turn, while a reader that keeps reading, however slowly, is waited for (back-pressure).
// A reader that does not get there in time is marked a laggard: no publish waits for it again
// until it catches up, and it will learn exactly what it missed. A reader whose process the
// kernel reports stopped (SIGSTOP, a debugger) or gone is marked at once, after 5 ms.
void ChannelSegment::waitForReaders(quint64 position)
{
    Header *h = header();
    // Known already: every reader we wait for is past this (positions only grow) -- as long as
    // no laggard has come back since (it was not part of that minimum).
    if (position < m_readersPassed && h->laggardMask.load(std::memory_order_relaxed) == m_laggardsPassed)
        return;
    m_laggardsPassed = h->laggardMask.load(std::memory_order_acquire);
    // A peer that joins later starts reading at the head of its time, never below this.
    quint64 slowest = h->head.load(std::memory_order_acquire);
    struct Wait
    {
        quint64 seen = 0;
        std::chrono::steady_clock::time_point deadline{};
        std::chrono::steady_clock::time_point checkAt{};
        bool rung = false;
    };
    std::array<Wait, MaxPeers> waits{};
    // Our own watcher too: it must read the others' records in the cells we are about to reuse.
    quint64 pending = ~quint64(0);
    Backoff backoff;
    while (pending) {
        const auto now = std::chrono::steady_clock::now();
        for (quint64 rest = pending; rest; rest &= rest - 1) {
            const int i = __builtin_ctzll(rest);
            const quint64 bit = quint64(1) << i;
            PeerSlot *s = slotAt(i);
            Wait &w = waits[std::size_t(i)];
            const quint64 owner = s->owner.load(std::memory_order_acquire);
            if (ownerState(owner) != SlotActive || (h->laggardMask.load(std::memory_order_acquire) & bit)) {
                pending &= ~bit;
                continue;
            }
            const quint64 readPos = s->readPos.load(std::memory_order_acquire);
            if (readPos > position) {
                slowest = std::min(slowest, readPos);
                pending &= ~bit;
                continue;
            }
            if (!w.rung && (h->sleepMask.load(std::memory_order_seq_cst) & bit)) {
                wakeIfAsleep(i);
                w.rung = true;
            }
            if (w.deadline == std::chrono::steady_clock::time_point{} || readPos != w.seen) {
                w.seen = readPos;
                w.deadline = now + ReaderPatience;
                w.checkAt = now + std::chrono::milliseconds(5);
                continue;
            }
            bool giveUp = now >= w.deadline;
            const char *why = "is too slow or frozen";
            if (!giveUp && now >= w.checkAt) {
                // Stuck for 5 ms: if its process is stopped or gone (or the slot is garbage),
                // stop now; asked again every 5 ms (a SIGSTOP takes a moment to take effect).
                w.checkAt = now + std::chrono::milliseconds(5);
                const peerprocess::State state =
                    peerprocess::state(ownerPid(owner), s->startTime.load(std::memory_order_relaxed));
                if (state != peerprocess::State::Running) {
                    giveUp = true;
                    why = state == peerprocess::State::Stopped ? "is stopped" : "is gone";
                }
            }
            if (giveUp) {
                h->laggardMask.fetch_or(bit, std::memory_order_seq_cst);
                qCWarning(lcIpc) << "peer in slot" << i << why << "; not waiting for it on" << m_channel;
                pending &= ~bit;
            }
        }
        if (pending)
            backoff.pause();
    }
    m_readersPassed = slowest;
}

// The doorbell of the peer in slot `index`, as its own record in the runtime directory says, not
// as the (untrusted) segment says: a forged id there would make us set any semaphore of the user
// to 1. Read once per owner of the slot; -1 when there is no record for that owner (yet).
int ChannelSegment::doorbellOf(int index)
{
    if (index == m_slot)
        return m_doorbellId;
    const quint64 owner = slotAt(index)->owner.load(std::memory_order_acquire);
    KnownBell &known = m_knownBells[std::size_t(index)];
    if (known.owner == owner)
        return known.id;
    const std::optional<BellRecord> bell = readBell(bellFile(m_runtimeDir, m_channel, index));
    const bool valid = ownerState(owner) == SlotActive && bell && bell->pid == qint64(ownerPid(owner)) && bell->semaphoreId >= 0;
    if (!valid)
        return -1;   // not remembered: asked again next time (the record may come)
    known.owner = owner;
    known.id = bell->semaphoreId;
    if (!ipckey::doorbellExists(known.id))
        known.id = -1;
    return known.id;
}

void ChannelSegment::wakeIfAsleep(int index)
{
    PeerSlot *s = slotAt(index);
    quint64 word = s->sleepWord.load(std::memory_order_seq_cst);
    if ((word & 3) != SleepAsleep)
        return;   // awake, or already rung for this sleep
    ipckey::ringDoorbell(doorbellOf(index));
    failpoint::hit(failpoint::Point::BetweenRingAndRung);
    // Mark it rung only after ringing: a ringer frozen here cannot silence the others.
    s->sleepWord.compare_exchange_strong(word, (word & ~quint64(3)) | SleepRung, std::memory_order_seq_cst);
}

void ChannelSegment::wakeSleepers()
{
    quint64 sleepers = header()->sleepMask.load(std::memory_order_seq_cst) & ~(quint64(1) << m_slot);
    while (sleepers) {
        const int i = __builtin_ctzll(sleepers);
        sleepers &= sleepers - 1;
        wakeIfAsleep(i);
    }
}

std::optional<quint64> ChannelSegment::publish(RecordKind kind, const QByteArray &name, const QByteArray &text,
                                              int subjectSlot, qint64 subjectPid, quint32 tag)
{
    Q_ASSERT(m_slot >= 0);
    Q_ASSERT(name.size() <= qsizetype(MaxNameBytes) && text.size() <= qsizetype(MaxTextBytes));
    Header *h = header();
    PeerSlot *me = slotAt(m_slot);
    const quint32 size = recordSize(quint32(name.size()), quint32(text.size()));

    // 1. Write the record into our own outbox (nobody else writes there).
    quint64 stamp = m_writeStamp;
    if (stamp % OutboxSize + size > OutboxSize)
        stamp = (stamp / OutboxSize + 1) * OutboxSize;   // records never wrap
    const quint64 end = stamp + size;
    if (end > OutboxSize) {
        const quint64 overwriteLimit = end - OutboxSize;   // stamps below this get overwritten
        std::optional<quint64> lastPosition;
        while (!m_ownRecords.empty() && m_ownRecords.front().stamp < overwriteLimit) {
            lastPosition = m_ownRecords.front().position;
            m_ownRecords.pop_front();
        }
        if (lastPosition)
            waitForReaders(*lastPosition);
    }
    me->frontier.store(end, std::memory_order_relaxed);     // seqlock "begin": these bytes change
    std::atomic_thread_fence(std::memory_order_release);
    RecordHeader rh{};
    rh.stamp = stamp;
    rh.timeMs = recordTimeMs();
    rh.textBytes = quint32(text.size());
    rh.subjectPid = quint32(subjectPid);
    rh.kind = kind;
    rh.nameBytes = quint8(name.size());
    rh.subjectSlot = quint8(subjectSlot);
    setRecordTag(&rh, tag);
    uchar *at = outbox(m_slot) + stamp % OutboxSize;
    std::memcpy(at, &rh, sizeof rh);
    std::memcpy(at + sizeof rh, name.constData(), std::size_t(name.size()));
    std::memcpy(at + sizeof rh + name.size(), text.constData(), std::size_t(text.size()));
    m_writeStamp = end;

    // 2. One CAS claims and publishes the ring cell: there is no claimed-but-unwritten state, so
    //    a sender frozen or killed at any instruction costs the others nothing.
    failpoint::hit(failpoint::Point::BeforePublishCas);
    quint64 position = 0;
    Backoff backoff;
    while (true) {
        position = h->head.load(std::memory_order_acquire);
        std::atomic<quint64> *cell = cellAt(position);
        quint64 current = cell->load(std::memory_order_acquire);
        const quint64 tag = cellTag(current);
        if (tag == publishedTag(position)) {       // someone published here: help move head on
            h->head.compare_exchange_weak(position, position + 1, std::memory_order_acq_rel);
            continue;
        }
        if (tag != freeTag(position)) {
            if (h->head.load(std::memory_order_acquire) == position) {
                backoff.pause();
                if (cellTag(cell->load(std::memory_order_acquire)) != tag
                    || h->head.load(std::memory_order_acquire) != position)
                    continue;
                // Bytes no peer writes (a cell at the head holds neither this lap's free tag nor
                // its published one): free the cell again and go on, and say so once.
                repairCell(position, current);
                continue;
            }
            continue;                               // we read a stale head
        }
        if (position >= RingCells)
            waitForReaders(position - RingCells);
        const quint64 desired = makeCell(position, quint32(m_slot), stamp);
        // Our own position is recorded under the mutex our watcher counts with, in one step with
        // the CAS: a watcher lapped in between would otherwise count our record as missed.
        QMutexLocker locker(&m_ownMutex);
        if (cell->compare_exchange_strong(current, desired, std::memory_order_seq_cst)) {
            failpoint::hit(failpoint::Point::AfterPublishCas);
            m_ownPositions.push_back(position);
            break;
        }
    }
    m_ownRecords.push_back({stamp, position});
    failpoint::hit(failpoint::Point::BeforeHeadCas);
    quint64 expected = position;
    h->head.compare_exchange_strong(expected, position + 1, std::memory_order_acq_rel);
    h->publishedCount.fetch_add(1, std::memory_order_relaxed);
    failpoint::hit(failpoint::Point::BeforeRing);

    // 3. Wake only the peers that are asleep.
    wakeSleepers();
    return position;
}

// Frees a ring cell that holds bytes no peer writes, at or beyond the head (where nothing can
// have been published for a later lap). A CAS from what was seen: if anyone changed it since,
// it is left alone.
void ChannelSegment::repairCell(quint64 position, quint64 seen)
{
    const quint64 free = freeTag(position) << (SenderBits + StampBits);
    if (cellAt(position)->compare_exchange_strong(seen, free, std::memory_order_seq_cst)) {
        m_repairs.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcIpc) << "repaired ring cell" << position % RingCells << "of" << m_channel << ": it held"
                         << Qt::hex << seen << "at position" << Qt::dec << position;
    }
}

// A "left" record we published for a dead peer (reapDeadPeers): our watcher delivers it in ring
// order like the others' records, so that the dead peer's last messages come before it.
bool ChannelSegment::isLeftOnBehalf(quint64 cell) const
{
    RecordHeader rh;
    std::memcpy(&rh, outbox(m_slot) + cellOffset(cell), sizeof rh);
    return rh.kind == RecordLeft && rh.subjectSlot != quint8(m_slot);
}

void ChannelSegment::wakeOwnWatcher()
{
    wakeIfAsleep(m_slot);
}

quint64 ChannelSegment::countOwn(quint64 from, quint64 to)
{
    QMutexLocker locker(&m_ownMutex);
    quint64 count = 0;
    while (!m_ownPositions.empty() && m_ownPositions.front() < to) {
        if (m_ownPositions.front() >= from)
            ++count;
        m_ownPositions.pop_front();
    }
    return count;
}

bool ChannelSegment::hasDataAt(quint64 position) const
{
    // As read() says: nothing at the last position (else the watcher would spin there).
    return position != ~quint64(0) && cellTag(cellAt(position)->load(std::memory_order_seq_cst)) != freeTag(position);
}

quint64 ChannelSegment::readPosition() const
{
    return slotAt(m_slot)->readPos.load(std::memory_order_relaxed);
}

void ChannelSegment::commitReadPosition(quint64 position)
{
    slotAt(m_slot)->readPos.store(position, std::memory_order_release);
}

// The sleep announcement (mask bit, then the sleep word) and publish()'s (cell CAS, then mask,
// then word) are all seq_cst, so either the sender sees this peer asleep and rings it, or the
// watcher's re-check after this call sees the new cell (DESIGN.md, "Doorbells").
void ChannelSegment::setSleeping(bool sleeping)
{
    const quint64 bit = quint64(1) << m_slot;
    PeerSlot *s = slotAt(m_slot);
    if (sleeping) {
        ++m_sleepGeneration;
        // Our doorbell id, again: another program may have overwritten the segment's copy,
        // and a sleeper that cannot be rung would stop receiving.
        s->doorbellId.store(m_doorbellId + 1, std::memory_order_relaxed);
        header()->sleepMask.fetch_or(bit, std::memory_order_seq_cst);
        s->sleepWord.store(m_sleepGeneration << 2 | SleepAsleep, std::memory_order_seq_cst);
    } else {
        s->sleepWord.store(m_sleepGeneration << 2 | SleepAwake, std::memory_order_seq_cst);
        header()->sleepMask.fetch_and(~bit, std::memory_order_seq_cst);
    }
}

bool ChannelSegment::isNearHead(quint64 position) const
{
    const quint64 head = header()->head.load(std::memory_order_relaxed);
    return head < position + RingCells / 4;
}

void ChannelSegment::clearLaggard()
{
    const quint64 bit = quint64(1) << m_slot;
    if (header()->laggardMask.load(std::memory_order_relaxed) & bit)
        header()->laggardMask.fetch_and(~bit, std::memory_order_seq_cst);
}

ChannelSegment::ReadResult ChannelSegment::read(quint64 position)
{
    ReadResult result;
    result.seq = position;
    result.next = position;
    if (position == ~quint64(0))
        return result;   // Empty: the end of the position space (only a forged head leads here)
    std::atomic<quint64> *cellPtr = cellAt(position);
    const quint64 cell = cellPtr->load(std::memory_order_acquire);
    const quint64 tag = cellTag(cell);
    if (tag == freeTag(position))
        return result;   // Empty
    if (tag != publishedTag(position)) {
        // Lapped: the ring moved on by a whole lap while we were away. Jump to an eighth of a ring
        // behind the head (near enough that the senders wait for us again, see isNearHead) and
        // count exactly what we skipped (minus our own records).
        const quint64 head = header()->head.load(std::memory_order_acquire);
        quint64 next = position + 1;
        if (head > position && head - position >= RingCells) {   // no overflow: next > position
            next = std::max(next, head - RingCells / 8);
        } else if (head <= position) {
            // Not published by anyone (nothing is published at or beyond the head for a later
            // lap): bytes written by someone else. Free the cell and wait there as usual.
            repairCell(position, cell);
            return result;   // Empty
        } else {
            result.damaged = true;   // a cell from the future with no head to match: damaged
        }
        result.status = ReadStatus::Missed;
        result.next = next;
        result.missed = (next - position) - countOwn(position, next);
        commitReadPosition(next);
        clearLaggard();   // we are near the head now: let senders wait for us again
        return result;
    }
    result.next = position + 1;
    const int sender = int(cellSender(cell));
    if (sender == m_slot && !isLeftOnBehalf(cell)) {
        // Forget our own positions below here now and then, not at every record: the mutex
        // is shared with publish() in the bus's thread, and taking it per message cost a
        // busy sender its lock bouncing between two threads. Counting stays exact: countOwn()
        // drops positions below `from` without counting them.
        if ((++m_ownSkips & 255) == 0)
            countOwn(position + 1, position + 1);
        result.status = ReadStatus::Skipped;
        return result;
    }
    std::optional<ParsedRecord> record = readRecord(outbox(sender), cell, &m_names);
    std::atomic_thread_fence(std::memory_order_acquire);   // seqlock "end": then check the frontier
    const quint64 frontier = slotAt(sender)->frontier.load(std::memory_order_relaxed);
    const bool cellUnchanged = cellPtr->load(std::memory_order_relaxed) == cell;
    // The record's full stamp: the largest stamp at or below the frontier with the cell's low bits.
    const quint64 frontierUnits = (frontier + RecordAlign - 1) / RecordAlign;
    const quint64 stampUnits = frontierUnits - ((frontierUnits - cellStampUnits(cell)) & StampMask);
    const bool intact = stampUnits * RecordAlign + OutboxSize >= frontier;
    if (record && intact && cellUnchanged) {
        result.status = ReadStatus::Record;
        result.record = std::move(*record);
        return result;
    }
    countOwn(position, position + 1);
    if (sender == m_slot) {
        result.status = ReadStatus::Skipped;   // our own record, overwritten meanwhile
        return result;
    }
    result.status = ReadStatus::Missed;
    result.missed = 1;
    result.damaged = intact && cellUnchanged;   // bytes that should be there are not a record
    return result;
}
