#include "ringwriter.h"

#include "doorbellrecords.h"
#include "failpoint.h"
#include "ipckey.h"
#include "ipclogging.h"
#include "peerprocess.h"
#include "ringshared.h"
#include "slottable.h"

#include <QThread>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <ctime>
#include <sched.h>

using namespace layout;

namespace {

// How long a sender waits for a live reader before it stops waiting for it (marks it a laggard).
constexpr auto ReaderPatience = std::chrono::milliseconds(200);

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

// A record's time is for people (shown to the second): the coarse wall clock, one kernel tick
// (4 ms here) fine, costs 3.5 ns a call where the precise one costs 37 ns in this VM (kvm-clock),
// a few percent of a 64-byte message's whole cost to its sender.
quint64 recordTimeMs()
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
    return quint64(now.tv_sec) * 1000 + quint64(now.tv_nsec) / 1000000;
}
} // namespace

void RingWriter::continueOutbox(quint64 firstRead)
{
    // Our outbox continues after whatever the slot's previous owner wrote, on a fresh lap, so
    // stale ring cells that point into it fail the stamp check. Before overwriting the previous
    // owner's bytes we wait for readers that are still before `firstRead` (see waitForReaders).
    const quint64 frontier = m_map.slot(m_slots.slot())->frontier.load(std::memory_order_acquire);
    m_writeStamp = (frontier + OutboxSize - 1) / OutboxSize * OutboxSize;
    m_ownRecords.clear();
    if (m_writeStamp > 0 && firstRead > 0)
        m_ownRecords.push({m_writeStamp - OutboxSize, firstRead - 1});
}

// Waits (bounded) until every live reader that is not a laggard has read past `position`.
// All readers are waited for together, each with its own deadline that starts now and moves on
// only while that reader makes progress: k frozen readers cost one ReaderPatience in all, not k
// in turn, while a reader that keeps reading, however slowly, is waited for (back-pressure).
// A reader that does not get there in time is marked a laggard: no publish waits for it again
// until it catches up, and it will learn exactly what it missed. A reader whose process the
// kernel reports stopped (SIGSTOP, a debugger) or gone is marked at once, after 5 ms.
bool RingWriter::waitForReaders(quint64 position)
{
    Header *h = m_map.header();
    // Known already: every reader we wait for is past this (positions only grow) -- as long as
    // no laggard has come back since (it was not part of that minimum).
    if (position < m_readersPassed && h->laggardMask.load(std::memory_order_relaxed) == m_laggardsPassed)
        return true;
    // Records of this group published so far are announced before we wait: a sleeper must not
    // wait for the group's end (up to ReaderPatience) to learn of them.
    if (m_unrung)
        wakeSleepers();
    // Our own watcher may be among those we wait for: it must not wait for this thread meanwhile.
    struct WaitingHook
    {
        const std::function<void(bool)> &hook;
        explicit WaitingHook(const std::function<void(bool)> &h) : hook(h) { if (hook) hook(true); }
        ~WaitingHook() { if (hook) hook(false); }
    } waiting(m_waitHook);
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
            PeerSlot *s = m_map.slot(i);
            Wait &w = waits[std::size_t(i)];
            const quint64 owner = s->owner.load(std::memory_order_acquire);
            if (ownerState(owner) != SlotActive || (h->laggardMask.load(std::memory_order_acquire) & bit)) {
                pending &= ~bit;
                continue;
            }
            const quint64 readPos = s->readPos.load(std::memory_order_acquire);
            const bool ownBusy = i == m_slots.slot()
                && (m_senderIsOwnReader || (m_ownReaderBusy && m_ownReaderBusy->load(std::memory_order_acquire)));
            if (ownBusy) {
                // Our own watcher is in (or waits for) a send of its handler: it cannot read now.
                // That send, on the watcher's own thread, cannot wait for it: the watcher reads
                // ahead (if it cannot, it is passed and counts what it missed). Any other send
                // that needs it gives way rather than pass it; our caller lets that send go first.
                if (readPos <= position) {
                    if (!m_senderIsOwnReader)
                        return false;
                    if ((!m_ownReadAhead || !m_ownReadAhead(position)) && !m_warnedPassingOwn) {
                        m_warnedPassingOwn = true;
                        qCWarning(lcIpc) << "the direct handler sends faster than its bus reads; it passes its own"
                                         << "watcher, which will miss messages, on" << m_channel;
                    }
                }
                slowest = std::min(slowest, s->readPos.load(std::memory_order_acquire));
                pending &= ~bit;
                continue;
            }
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
    return true;
}

// The doorbell of the peer in slot `index`, as its own record in the runtime directory says, not
// as the (untrusted) segment says: a forged id there would make us set any semaphore of the user
// to 1. Read once per owner of the slot; -1 when there is no record for that owner (yet).
int RingWriter::doorbellOf(int index)
{
    if (index == m_slots.slot())
        return m_slots.doorbellId();
    const quint64 owner = m_map.slot(index)->owner.load(std::memory_order_acquire);
    KnownBell &known = m_knownBells[std::size_t(index)];
    if (known.owner == owner)
        return known.id;
    const std::optional<DoorbellRecords::Record> bell = m_bells.read(index);
    const bool valid = ownerState(owner) == SlotActive && bell && bell->pid == qint64(ownerPid(owner)) && bell->semaphoreId >= 0;
    if (!valid)
        return -1;   // not remembered: asked again next time (the record may come)
    known.owner = owner;
    known.id = bell->semaphoreId;
    if (!ipckey::doorbellExists(known.id))
        known.id = -1;
    return known.id;
}

void RingWriter::wakeIfAsleep(int index)
{
    PeerSlot *s = m_map.slot(index);
    quint64 word = s->sleepWord.load(std::memory_order_seq_cst);
    if (sleepState(word) != SleepAsleep)
        return;   // awake, or already rung for this sleep
    ipckey::ringDoorbell(doorbellOf(index));
    failpoint::hit(failpoint::Point::BetweenRingAndRung);
    // Mark it rung only after ringing: a ringer frozen here cannot silence the others.
    s->sleepWord.compare_exchange_strong(word, rungSleepWord(word), std::memory_order_seq_cst);
}

void RingWriter::wakeOwnWatcher()
{
    wakeIfAsleep(m_slots.slot());
}

void RingWriter::wakeSleepers()
{
    m_unrung = false;
    quint64 sleepers = m_map.header()->sleepMask.load(std::memory_order_seq_cst) & ~(quint64(1) << m_slots.slot());
    while (sleepers) {
        const int i = __builtin_ctzll(sleepers);
        sleepers &= sleepers - 1;
        wakeIfAsleep(i);
    }
}

std::optional<quint64> RingWriter::publish(RecordKind kind, const QByteArray &name, const QByteArray &text,
                                          int subjectSlot, qint64 subjectPid, quint32 tag)
{
    const OutgoingRecord record{kind, name, text, subjectSlot, subjectPid, tag};
    quint64 position = 0;
    if (publishAll(std::span(&record, 1), &position) == 0)
        return std::nullopt;
    return position;
}

std::size_t RingWriter::publishAll(std::span<const OutgoingRecord> records, quint64 *lastPosition)
{
    std::size_t done = 0;
    while (done < records.size()) {
        // A group: as many records as fit in an eighth of the outbox (at least one), at most 64.
        std::size_t count = 0;
        quint64 bytes = 0;
        while (done + count < records.size() && count < MaxGroup) {
            const OutgoingRecord &r = records[done + count];
            bytes += recordSize(quint32(r.name.size()), quint32(r.text.size()));
            if (count > 0 && bytes > OutboxSize / 8)
                break;
            ++count;
        }
        const std::size_t published = publishGroup(records.subspan(done, count), lastPosition);
        done += published;
        if (published < count)
            break;   // gave way to our own watcher
    }
    return done;
}

// Step 1 for the whole group, then step 2 (one CAS) per record, then one look at the sleepers:
// the group's stores travel to the other cores together, while the first CAS waits for them,
// instead of each record's stores on their own before its CAS (DESIGN.md, "Publishing a group").
std::size_t RingWriter::publishGroup(std::span<const OutgoingRecord> records, quint64 *lastPosition)
{
    const int slot = m_slots.slot();
    Q_ASSERT(slot >= 0);
    Q_ASSERT(!records.empty() && records.size() <= MaxGroup);
    PeerSlot *me = m_map.slot(slot);

    // 1. Write the records into our own outbox (nobody else writes there).
    std::array<quint64, MaxGroup> stamps;   // the first records.size() are set below
    quint64 end = m_writeStamp;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const OutgoingRecord &r = records[i];
        Q_ASSERT(r.name.size() <= qsizetype(MaxNameBytes) && r.text.size() <= qsizetype(MaxTextBytes));
        const quint32 size = recordSize(quint32(r.name.size()), quint32(r.text.size()));
        quint64 stamp = end;
        if (stamp % OutboxSize + size > OutboxSize)
            stamp = (stamp / OutboxSize + 1) * OutboxSize;   // records never wrap
        stamps[i] = stamp;
        end = stamp + size;
    }
    if (end > OutboxSize) {
        const quint64 overwriteLimit = end - OutboxSize;   // stamps below this get overwritten
        std::size_t overwritten = 0;
        while (overwritten < m_ownRecords.size() && m_ownRecords.at(overwritten).stamp < overwriteLimit)
            ++overwritten;
        if (overwritten > 0) {
            if (!waitForReaders(m_ownRecords.at(overwritten - 1).position))
                return 0;   // gave way before writing anything
            for (; overwritten > 0; --overwritten)
                m_ownRecords.pop();
        }
    }
    me->frontier.store(end, std::memory_order_relaxed);     // seqlock "begin": these bytes change
    std::atomic_thread_fence(std::memory_order_release);
    const quint64 timeMs = recordTimeMs();
    uchar *outbox = m_map.outbox(slot);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const OutgoingRecord &r = records[i];
        RecordHeader rh{};
        rh.stamp = stamps[i];
        rh.timeMs = timeMs;
        rh.textBytes = quint32(r.text.size());
        rh.subjectPid = quint32(r.subjectPid);
        rh.kind = r.kind;
        rh.nameBytes = quint8(r.name.size());
        rh.subjectSlot = quint8(r.subjectSlot);
        setRecordTag(&rh, r.tag);
        uchar *at = outbox + stamps[i] % OutboxSize;
        std::memcpy(at, &rh, sizeof rh);
        // A view of an empty QByteArray may have no data at all (nullptr): memcpy must not see it.
        if (!r.name.isEmpty())
            std::memcpy(at + sizeof rh, r.name.data(), std::size_t(r.name.size()));
        if (!r.text.isEmpty())
            std::memcpy(at + sizeof rh + r.name.size(), r.text.data(), std::size_t(r.text.size()));
    }
    m_writeStamp = end;

    // 2. One CAS per record claims and publishes its ring cell, in order: there is no
    //    claimed-but-unwritten state, so a sender frozen or killed at any instruction costs the
    //    others nothing. Records of the group left unpublished (we gave way) are read by nobody:
    //    no cell points at them, and the next publish writes after them.
    std::size_t published = 0;
    for (; published < records.size(); ++published) {
        const std::optional<quint64> position = publishCell(stamps[published], slot);
        if (!position)
            break;   // gave way to our own watcher
        *lastPosition = *position;
        m_unrung = true;
    }

    // 3. Wake only the peers that are asleep: once for the group. Every CAS above was seq_cst and
    //    the sleep mask is loaded after the last of them, so a reader that announced its sleep
    //    before any of them is seen here, and one that announced it later sees the cells.
    if (published > 0) {
        failpoint::hit(failpoint::Point::BeforeRing);
        wakeSleepers();
    }
    return published;
}

// Step 2 for one record written at `stamp`: the publishing CAS at the next free position, our
// own position recorded, `head` moved on. Returns nullopt when it gave way to our own watcher.
std::optional<quint64> RingWriter::publishCell(quint64 stamp, int slot)
{
    Header *h = m_map.header();
    failpoint::hit(failpoint::Point::BeforePublishCas);
    quint64 position = 0;
    Backoff backoff;
    while (true) {
        position = h->head.load(std::memory_order_acquire);
        std::atomic<quint64> *cell = m_map.cell(position);
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
                m_shared.repairCell(cell, position, current);
                continue;
            }
            continue;                               // we read a stale head
        }
        if (position >= RingCells && !waitForReaders(position - RingCells))
            return std::nullopt;
        const quint64 desired = makeCell(position, quint32(slot), stamp);
        // Our own position is recorded under the lock our watcher counts with, in one step with
        // the CAS: a watcher lapped in between would otherwise count our record as missed.
        const bool published = m_shared.publishOwn(position, [&] {
            if (!cell->compare_exchange_strong(current, desired, std::memory_order_seq_cst))
                return false;
            failpoint::hit(failpoint::Point::AfterPublishCas);
            return true;
        });
        if (published)
            break;
    }
    m_ownRecords.push({stamp, position});
    failpoint::hit(failpoint::Point::BeforeHeadCas);
    quint64 expected = position;
    h->head.compare_exchange_strong(expected, position + 1, std::memory_order_acq_rel);
    return position;
}
