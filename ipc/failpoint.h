#pragma once

// Named fault-injection points in the bus (see DESIGN.md, "Failpoints"): places in the publish,
// ring, join, leave, reclaim and reap paths where a process told so through the environment stops
// itself (SIGSTOP), kills itself (SIGKILL) or sleeps, so that a test can put a peer exactly into
// one of the protocol's narrow windows instead of waiting for random chaos to land there.
//
//   PEERCHAT_FAILPOINT="after-publish-cas:stop;reclaim-after-cas:1*sleep(500)"
//
// Each entry is NAME:ACTION. ACTION is [N*]TASK: TASK is stop, kill or sleep(MS); "N*" fires on
// the Nth hit of that point only (1* = once, also written once*TASK); without it every hit fires.
// A firing point first writes "peerchat: failpoint NAME: TASK (hit N)" to stderr, so that a test
// can wait for it. As in fail-rs (FAILPOINTS=name=actions) the configuration comes from the
// environment; as in SQLite's FAULT_INSTALL the count picks one exact hit; as with FoundationDB's
// BUGGIFY the points are named after the moment, in one list, and cost nothing when off.
//
// Cost when PEERCHAT_FAILPOINT is not set: one load of a constant global, read once before main(),
// and a branch marked unlikely: hit() inlines to that and nothing else.

#include <QtGlobal>

namespace failpoint {

enum class Point : quint8 {
    // publish (RingWriter::publish)
    BeforePublishCas,     // record written into our outbox, ring cell not yet claimed
    AfterPublishCas,      // ring cell published by our CAS; own position not yet recorded
    BeforeHeadCas,        // own position recorded; `head` not yet moved past our cell
    BeforeRing,           // published and head moved; no sleeper rung yet
    BetweenRingAndRung,   // one sleeper's doorbell rung; its sleep word not yet marked rung
    // join (MessageBus::join, SlotTable::claim, ChannelSegment::activate)
    AfterClaimCas,        // slot CASed free -> joining; start time not yet written
    BeforeBellRename,     // a doorbell record written beside the slot's old one, not yet renamed over it
    BeforeActivate,       // doorbell created and recorded; slot still joining
    BeforeJoinedRecord,   // slot active; "joined" not yet published
    // leave (MessageBus::leave)
    BeforeLeftRecord,     // under the join lock; "left" not yet published
    BeforeRelease,        // "left" published, watcher stopped; slot not yet freed
    // reap and reclaim (SlotTable::reapDead/reclaim, MessageBus::reapDeadPeers)
    BeforeReclaimCas,     // the reaper judged a slot's owner dead; slot not yet CASed to reclaiming
    AfterReclaimCas,      // slot is reclaiming (ours); doorbell not removed, slot not yet free
    BeforeReapLeft,       // slot freed; its "left" not yet published on the dead peer's behalf
    // reading (BusWatcher)
    BeforeSleep,          // the watcher announced its sleep (mask bit, sleep word); not yet blocked
    // peerchat-bridge (app/bridge/bridge.cpp), a peer of the bus that is also an MQTT client
    BridgeBeforeJournal,  // a local message read from the bus; not yet in the journal
    BridgeBeforeBus,      // an MQTT message handed over (the library sent its PUBACK); not on the bus yet
    BridgeAfterBus,       // that message on the bus; its seq not yet recorded as delivered
    // file transfers (FileTransfers' sender thread)
    FileSenderBlock,      // a block of the file read into the transfer's area, not yet published
    Count
};

// True when PEERCHAT_FAILPOINT was set at start-up (read once, before main()).
extern const bool armed;

// The slow path: looks the point up in the configuration and acts.
[[gnu::cold]] [[gnu::noinline]] void fire(Point point);

inline void hit(Point point)
{
    if (armed) [[unlikely]]
        fire(point);
}

// The point's name as written in PEERCHAT_FAILPOINT ("after-publish-cas").
const char *name(Point point);

} // namespace failpoint
