#pragma once

#include "chatmessage.h"
#include "segmentlayout_p.h"

class RingShared;
class SlotTable;

// The ring as this process's reader sees it (DESIGN.md, "Reading"): walks the positions from its
// read position, checks and decodes every other peer's record straight out of its outbox, counts
// exactly what it missed, and announces its sleep so that senders ring it.
//
// Who writes which words:
// - our slot's `readPos` (and `joinedPos`, once at join) and `sleepWord`: this class only
//   (the sleep word is also CASed from Asleep to Rung by a sender that rang us: RingWriter);
// - our bit in the header's `sleepMask`: set and cleared here only (cleared also by SlotTable
//   when the slot changes hands); our bit in `laggardMask`: cleared here when we are close to
//   the head again (set by senders that stopped waiting for us);
// - our slot's `doorbellId`: written again before each sleep (another program may have
//   overwritten it, and a sleeper that cannot be rung would stop receiving);
// - a ring cell that holds bytes no peer writes, at or beyond the head: freed again
//   (RingShared::repairCell()).
// Reads, never writes, everything else: cells, other peers' outboxes and frontiers, `head`.
// Threads: the watcher thread, between join and leave; at join (startAtHead(), history's
// commitReadPosition()) the bus's thread, before the watcher starts.
class RingReader
{
public:
    enum class ReadStatus { Empty, Record, Skipped, Missed };
    struct ReadResult
    {
        ReadStatus status = ReadStatus::Empty;
        layout::ParsedRecord record;
        quint64 seq = 0;          // position of the record
        quint64 next = 0;         // where to read next
        quint64 missed = 0;       // for Missed: other peers' records lost (exact)
        bool damaged = false;     // for Missed: a record failed validation while intact
    };

    RingReader(const layout::SegmentMap &map, const SlotTable &slotTable, RingShared &shared)
        : m_map(map)
        , m_slots(slotTable)
        , m_shared(shared)
    {
    }

    // At join: start reading after everything already published; returns that position.
    quint64 startAtHead();

    ReadResult read(quint64 position);
    bool hasDataAt(quint64 position) const;
    quint64 readPosition() const;
    void commitReadPosition(quint64 position);
    void setSleeping(bool sleeping);          // seq_cst: pairs with RingWriter::publish()'s CAS
    void clearLaggard();
    // For good (MessageBus::Delivery::None: a peer that never reads).
    void markLaggard();
    // Maps another peer's outbox before we read it (SegmentMap::mapAhead()).
    void mapOutboxAhead(int slot) const;
    bool isNearHead(quint64 position) const;   // within a quarter ring of the head

    // The checks of every read (live, and HistoryReader's): the record matches the cell and is
    // valid; then, after an acquire fence, the sender's frontier has not passed it and the
    // cell is unchanged.
    // Reads into `*record`, a default-constructed one (layout::readRecordInto()). Returns whether
    // the record passed the checks, `*stillThere` whether the outbox and the cell still held it
    // afterwards: only both make a true record.
    static bool readChecked(const layout::SegmentMap &map, quint64 position, quint64 cell,
                            layout::ParsedRecord *record, bool *stillThere, layout::NameCache *names,
                            layout::PayloadArena *arena = nullptr);
    // A message record (kind Message, Relayed or Bytes) read at position `seq`, as the bus hands
    // it out; its name, text and bytes are moved out of `record`. Live reading and history alike.
    static BusMessage messageOf(layout::ParsedRecord *record, quint64 seq);
    // The end of a batch of read() calls (layout::PayloadArena).
    void endBatch() { m_arena.endBatch(); }

private:
    bool isLeftOnBehalf(quint64 cell) const;

    const layout::SegmentMap &m_map;
    const SlotTable &m_slots;
    RingShared &m_shared;
    quint64 m_sleepGeneration = 0;
    layout::NameCache m_names;
    layout::PayloadArena m_arena;    // the payloads of the messages read()
    quint32 m_ownSkips = 0;          // own records skipped
};
