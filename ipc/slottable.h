#pragma once

#include "chatmessage.h"
#include "segmentlayout_p.h"

#include <QByteArray>
#include <QList>
#include <QString>

class DoorbellRecords;

// The peer table of a channel's segment, as this process uses it: claiming a slot, making it
// active, giving it back, and reaping the slots of dead peers.
//
// Who writes which words of a slot (layout::PeerSlot):
// - `owner` (state | generation | pid): by CAS only, by any peer: a joiner claims a free slot
//   (Free -> Joining) and activates it (Joining -> Active); its owner frees it (-> Free, next
//   generation); a reaper takes a dead peer's slot (-> Reclaiming) and frees it.
// - `startTime`, `name`, `nameLength`: by the owner only, after its claim (claim(), activate());
//   cleared to 0 by whoever frees the slot (release(), a reaper), so that a free slot has none.
// - `doorbellId` (storedDoorbellId()): by the owner (activate(), and again by its reader before
//   each sleep); cleared by whoever frees the slot. Never trusted for ringing: DoorbellRecords is.
// - the slot's bits in the header's `sleepMask` and `laggardMask`: cleared here when a slot
//   changes hands (clearPeerBits()); otherwise set and cleared by RingReader (its own bits) and
//   set by RingWriter (other peers' laggard bits).
// - `readPos`, `joinedPos`, `sleepWord`: RingReader's (the owner's watcher); `frontier`:
//   RingWriter's (the owner's bus thread).
// Threads: everything here runs in the bus's thread. slot() is read by the watcher thread too,
// which runs only between activate() and release().
class SlotTable
{
public:
    struct Departed
    {
        int slot;
        QByteArray name;
        qint64 pid;
    };

    SlotTable(const layout::SegmentMap &map, const DoorbellRecords &bells, const QString &channel)
        : m_map(map)
        , m_bells(bells)
        , m_channel(channel)
    {
    }

    int slot() const { return m_slot; }
    int doorbellId() const { return m_doorbellId; }   // our doorbell (set by fillIn())

    // Free -> Joining by CAS; -1 when all MaxPeers slots are taken.
    [[nodiscard]] int claim(quint64 startTime);
    // Our slot's own words, while it is Joining: start time, name, doorbell (also its record),
    // a clean sleep word, and our bits in the masks cleared.
    void fillIn(const QByteArray &name, int doorbellId, const QString &doorbellKeyFile, quint64 startTime);
    // Joining -> Active by CAS; false when the slot was taken from us meanwhile (we hold none then).
    [[nodiscard]] bool activate();
    void release();                            // our slot back to free
    // Takes back the slots of peers whose process is gone. Safe without the join lock (CAS).
    QList<Departed> reapDead();
    bool hasOtherPeers() const;
    QList<PeerInfo> activePeers() const;

    // For the fuzz target and tests: act as the peer in `slot` of an image in ordinary memory.
    void adopt(int slot) { m_slot = slot; }

private:
    bool reclaim(int index, quint64 owner, Departed *departed);
    void clearPeerBits(int index);

    const layout::SegmentMap &m_map;
    const DoorbellRecords &m_bells;
    QString m_channel;
    int m_slot = -1;
    quint64 m_owner = 0;      // our slot's owner word while we hold it
    int m_doorbellId = -1;    // our doorbell's semaphore id (set by fillIn())
};
