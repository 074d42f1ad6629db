#include "ringreader.h"

#include "ringshared.h"
#include "slottable.h"

#include <algorithm>
#include <cstring>

using namespace layout;

quint64 RingReader::startAtHead()
{
    // `head` is only a hint (a sender may be frozen between its publishing CAS and moving
    // head), so step over published cells.
    quint64 position = m_map.header()->head.load(std::memory_order_acquire);
    while (cellTag(m_map.cell(position)->load(std::memory_order_acquire)) == publishedTag(position))
        ++position;
    PeerSlot *s = m_map.slot(m_slots.slot());
    s->readPos.store(position, std::memory_order_release);
    s->joinedPos.store(position, std::memory_order_relaxed);
    return position;
}

bool RingReader::readChecked(const SegmentMap &map, quint64 position, quint64 cell, ParsedRecord *record,
                             bool *stillThere, NameCache *names, PayloadArena *arena)
{
    const int sender = int(cellSender(cell));
    const bool parsed = readRecordInto(map.outbox(sender), cell, record, names, arena);
    std::atomic_thread_fence(std::memory_order_acquire);   // seqlock "end": then check the frontier
    const quint64 frontier = map.slot(sender)->frontier.load(std::memory_order_relaxed);
    const bool cellUnchanged = map.cell(position)->load(std::memory_order_relaxed) == cell;
    *stillThere = outboxHolds(cellStamp(cell, frontier), frontier) && cellUnchanged;
    return parsed;
}

// Every member given (aggregate initialization): no zero-filling of the whole BusMessage first,
// which a value-initialized one (emplace_back()) costs with each message.
BusMessage RingReader::messageOf(ParsedRecord *record, quint64 seq)
{
    const RecordHeader &h = record->header;
    const bool binary = h.kind == RecordBytes;
    const bool relayed = h.kind == RecordRelayed;
    return BusMessage{seq,
                      std::move(record->name),
                      qint64(h.subjectPid),
                      qint64(h.timeMs),
                      binary ? QString() : std::move(record->text),
                      binary ? std::move(record->bytes) : QByteArray(),
                      binary ? h.payloadType : quint16(0),
                      binary,
                      relayed,
                      relayed ? recordTag(h) : 0,
                      false};
}

// A "left" record we published for a dead peer (reapDeadPeers): our watcher delivers it in ring
// order like the others' records, so that the dead peer's last messages come before it.
bool RingReader::isLeftOnBehalf(quint64 cell) const
{
    RecordHeader rh;
    std::memcpy(&rh, m_map.outbox(m_slots.slot()) + cellOffset(cell), sizeof rh);
    return rh.kind == RecordLeft && rh.subjectSlot != quint8(m_slots.slot());
}

bool RingReader::hasDataAt(quint64 position) const
{
    // As read() says: nothing at the last position (else the watcher would spin there).
    return position != ~quint64(0) && cellTag(m_map.cell(position)->load(std::memory_order_seq_cst)) != freeTag(position);
}

quint64 RingReader::readPosition() const
{
    return m_map.slot(m_slots.slot())->readPos.load(std::memory_order_relaxed);
}

void RingReader::commitReadPosition(quint64 position)
{
    m_map.slot(m_slots.slot())->readPos.store(position, std::memory_order_release);
}

// The sleep announcement (mask bit, then the sleep word) and publish()'s (cell CAS, then mask,
// then word) are all seq_cst, so either the sender sees this peer asleep and rings it, or the
// watcher's re-check after this call sees the new cell (DESIGN.md, "Doorbells").
void RingReader::setSleeping(bool sleeping)
{
    const int slot = m_slots.slot();
    const quint64 bit = quint64(1) << slot;
    PeerSlot *s = m_map.slot(slot);
    if (sleeping) {
        ++m_sleepGeneration;
        // Our doorbell id, again: another program may have overwritten the segment's copy,
        // and a sleeper that cannot be rung would stop receiving.
        s->doorbellId.store(storedDoorbellId(m_slots.doorbellId()), std::memory_order_relaxed);
        m_map.header()->sleepMask.fetch_or(bit, std::memory_order_seq_cst);
        s->sleepWord.store(makeSleepWord(m_sleepGeneration, SleepAsleep), std::memory_order_seq_cst);
    } else {
        s->sleepWord.store(makeSleepWord(m_sleepGeneration, SleepAwake), std::memory_order_seq_cst);
        m_map.header()->sleepMask.fetch_and(~bit, std::memory_order_seq_cst);
    }
}

bool RingReader::isNearHead(quint64 position) const
{
    const quint64 head = m_map.header()->head.load(std::memory_order_relaxed);
    return head < position + RingCells / 4;
}

void RingReader::mapOutboxAhead(int slot) const
{
    if (slot != m_slots.slot())
        m_map.mapOutboxAhead(slot, false);
}

void RingReader::markLaggard()
{
    m_map.header()->laggardMask.fetch_or(quint64(1) << m_slots.slot(), std::memory_order_seq_cst);
}

void RingReader::clearLaggard()
{
    const quint64 bit = quint64(1) << m_slots.slot();
    if (m_map.header()->laggardMask.load(std::memory_order_relaxed) & bit)
        m_map.header()->laggardMask.fetch_and(~bit, std::memory_order_seq_cst);
}

RingReader::ReadResult RingReader::read(quint64 position)
{
    ReadResult result;
    result.seq = position;
    result.next = position;
    if (position == ~quint64(0))
        return result;   // Empty: the end of the position space (only a forged head leads here)
    std::atomic<quint64> *cellPtr = m_map.cell(position);
    const quint64 cell = cellPtr->load(std::memory_order_acquire);
    const quint64 tag = cellTag(cell);
    if (tag == freeTag(position))
        return result;   // Empty
    if (tag != publishedTag(position)) {
        // Lapped: the ring moved on by a whole lap while we were away. Jump to an eighth of a ring
        // behind the head (near enough that the senders wait for us again, see isNearHead) and
        // count exactly what we skipped (minus our own records).
        const quint64 head = m_map.header()->head.load(std::memory_order_acquire);
        quint64 next = position + 1;
        if (head > position && head - position >= RingCells) {   // no overflow: next > position
            next = std::max(next, head - RingCells / 8);
        } else if (head <= position) {
            // Not published by anyone (nothing is published at or beyond the head for a later
            // lap): bytes written by someone else. Free the cell and wait there as usual.
            m_shared.repairCell(cellPtr, position, cell);
            return result;   // Empty
        } else {
            result.damaged = true;   // a cell from the future with no head to match: damaged
        }
        result.status = ReadStatus::Missed;
        result.next = next;
        result.missed = (next - position) - m_shared.countOwn(position, next);
        commitReadPosition(next);
        clearLaggard();   // we are near the head now: let senders wait for us again
        return result;
    }
    result.next = position + 1;
    const int sender = int(cellSender(cell));
    const int self = m_slots.slot();
    if (sender == self && !isLeftOnBehalf(cell)) {
        // Forget our own positions below here now and then, not at every record: the lock
        // is shared with publish() in the bus's thread, and taking it per message cost a
        // busy sender its lock bouncing between two threads. Counting stays exact: countOwn()
        // drops positions below `from` without counting them.
        if ((++m_ownSkips & 255) == 0)
            m_shared.countOwn(position + 1, position + 1);
        result.status = ReadStatus::Skipped;
        return result;
    }
    bool stillThere = false;
    if (readChecked(m_map, position, cell, &result.record, &stillThere, &m_names, &m_arena) && stillThere) {
        result.status = ReadStatus::Record;
        return result;
    }
    m_shared.countOwn(position, position + 1);
    if (sender == self) {
        result.status = ReadStatus::Skipped;   // our own record, overwritten meanwhile
        return result;
    }
    result.status = ReadStatus::Missed;
    result.missed = 1;
    result.damaged = stillThere;   // bytes that should be there are not a record
    return result;
}
