#pragma once

#include "fifo_p.h"
#include "segmentlayout_p.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <functional>
#include <optional>
#include <span>

class DoorbellRecords;
class RingShared;
class SlotTable;

// One record for RingWriter::publishAll(): its bytes stay the caller's until that returns.
struct OutgoingRecord
{
    layout::RecordKind kind;
    QByteArrayView name;
    QByteArrayView text;
    int subjectSlot;
    qint64 subjectPid;
    quint32 tag = 0;
};

// This process's sending side of the ring: writes records into its own outbox and publishes
// them with one CAS on a ring cell, waits (bounded) for readers before reusing what they may
// still need, and rings the peers that sleep (DESIGN.md, "Publishing without a lock").
//
// Who writes which words:
// - our outbox and our slot's `frontier` (the outbox seqlock): this class only, in the bus's
//   thread; everyone reads them.
// - a ring cell: only by CAS, from this lap's free tag to published (publish(); any peer's
//   writer), or from bytes no peer writes back to free (RingShared::repairCell(); any peer).
// - the header's `head`: a hint, CASed forward by any writer (also the count of records ever
//   published, for --channels; `publishedCount` is left as it is).
// - the header's `laggardMask`: a writer sets another peer's bit when it stops waiting for it;
//   only that peer's reader clears it again (RingReader).
// - another peer's `sleepWord`: a writer that rang it CASes it from Asleep to Rung (only ever
//   after ringing); all else in it is its owner's (RingReader).
// Reads, never writes: every slot's owner word, start time and readPos; DoorbellRecords (which
// doorbell to ring: never the segment's copy of the id).
// Threads: the bus's thread only. Our own position is handed to our reader through RingShared.
class RingWriter
{
public:
    RingWriter(const layout::SegmentMap &map, const SlotTable &slotTable, const DoorbellRecords &bells,
               RingShared &shared, const QString &channel)
        : m_map(map)
        , m_slots(slotTable)
        , m_bells(bells)
        , m_shared(shared)
        , m_channel(channel)
    {
    }

    // At join: our outbox continues after whatever the slot's previous owner wrote, on a fresh
    // lap; `firstRead` is where our reader starts.
    void continueOutbox(quint64 firstRead);
    // Writes a record into our outbox and publishes it at the next ring position; wakes sleepers.
    // Returns the ring position. `tag` is the record's tag (layout::recordTag(): RecordBytes'
    // type, RecordRelayed's relay tag; 0 for every other kind). Returns nullopt only when it
    // gives way to our own watcher (setOwnReaderBusy()): nothing was published then.
    std::optional<quint64> publish(layout::RecordKind kind, const QByteArray &name, const QByteArray &text,
                                   int subjectSlot, qint64 subjectPid, quint32 tag = 0);
    // Publishes `records` in this order (others' records may come between them), each as
    // publish() does one: writes a group of them into our outbox first,
    // then publishes each with its own CAS, then wakes the sleepers once per group. Returns how
    // many it published, from the first: all of them, unless it gave way to our own watcher (as
    // publish() does); `*lastPosition` is the last one's ring position.
    std::size_t publishAll(std::span<const OutgoingRecord> records, quint64 *lastPosition);
    // Rings our own watcher if it sleeps (after a "left" published on a dead peer's behalf).
    void wakeOwnWatcher();
    // Called with true before publish() starts waiting for readers (our own watcher among them)
    // and with false when it stops; not per message (MessageBus: the watcher must not wait for
    // this thread meanwhile).
    void setWaitHook(std::function<void(bool)> hook) { m_waitHook = std::move(hook); }
    // While `*busy` is true, our own watcher is held up by a send of its own (MessageBus: a send
    // from the direct handler, which waits for the bus's send lock). That send's publish()
    // (setSenderIsOwnReader(true)) cannot wait for our watcher, its own thread: it has the
    // watcher read ahead instead (`readAhead(past)`: read on until past that position; false if
    // it cannot, and then it passes our watcher, which will count what it missed). Any other
    // publish() that would have to wait for our watcher then gives way: it returns nullopt,
    // having published nothing, and its caller lets the watcher's send go first.
    void setOwnReader(const std::atomic<bool> *busy, std::function<bool(quint64 past)> readAhead)
    {
        m_ownReaderBusy = busy;
        m_ownReadAhead = std::move(readAhead);
    }
    void setSenderIsOwnReader(bool yes) { m_senderIsOwnReader = yes; }

private:
    // False: gave way to our own watcher (see setOwnReaderBusy()).
    [[nodiscard]] bool waitForReaders(quint64 position);
    static constexpr std::size_t MaxGroup = 64;
    std::size_t publishGroup(std::span<const OutgoingRecord> records, quint64 *lastPosition);
    std::optional<quint64> publishCell(quint64 stamp, int slot);
    void wakeSleepers();
    void wakeIfAsleep(int index);
    int doorbellOf(int index);

    const layout::SegmentMap &m_map;
    const SlotTable &m_slots;
    const DoorbellRecords &m_bells;
    RingShared &m_shared;
    QString m_channel;

    struct OwnRecord
    {
        quint64 stamp;
        quint64 position;
    };
    quint64 m_writeStamp = 0;
    quint64 m_readersPassed = 0;              // every reader waited for has read below this
    quint64 m_laggardsPassed = 0;             // ... and laggardMask was this then
    Fifo<OwnRecord> m_ownRecords;             // records still in our outbox, oldest first
    struct KnownBell
    {
        quint64 owner = 0;   // the slot's owner word when its record was read
        int id = -1;
    };
    std::array<KnownBell, layout::MaxPeers> m_knownBells{};   // doorbells from their records
    std::function<void(bool)> m_waitHook;
    const std::atomic<bool> *m_ownReaderBusy = nullptr;
    std::function<bool(quint64)> m_ownReadAhead;
    bool m_senderIsOwnReader = false;
    bool m_warnedPassingOwn = false;
    bool m_unrung = false;                    // records of the current group published, sleepers not rung yet
};
