#pragma once

#include "doorbellrecords.h"
#include "messagebus.h"
#include "ringreader.h"
#include "ringshared.h"
#include "ringwriter.h"
#include "segmentlayout_p.h"
#include "slottable.h"

#include <QSharedMemory>
#include <QString>

#include <memory>

// One process's view of a channel's segment: maps it (create, or attach and validate; a damaged
// leftover nobody uses is replaced), and owns the parts that act on it, each of which says which
// words it writes, from which thread (DESIGN.md, "Code map"):
// - slotTable(): the peer table (SlotTable): claim, activate, release, reap; bus thread;
// - writer():    our outbox and the publishing CAS, ringing sleepers (RingWriter); bus thread;
// - reader():    reading the ring, our read position and sleep word (RingReader); watcher thread;
// - bells():     the doorbell records in the runtime directory (DoorbellRecords).
// The writer and the reader share only RingShared (our own positions, under a mutex, and the
// repair count). Not a QObject; writes no word of the segment itself after creating its header.
class ChannelSegment
{
public:
    using Error = MessageBus::Error;

    ChannelSegment(const QString &channel, const QString &runtimeDir);
    ~ChannelSegment();
    ChannelSegment(const ChannelSegment &) = delete;
    ChannelSegment &operator=(const ChannelSegment &) = delete;

    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    // --- under the channel lock ----------------------------------------------------------------
    [[nodiscard]] bool open();                // create, or attach and validate (repairs leftovers)
    // After slotTable().claim(): fills in our slot, starts our reader after everything published
    // and our outbox after the slot's previous owner's, then Joining -> Active by CAS; false
    // (and the error set) when the slot was taken from us meanwhile.
    [[nodiscard]] bool activate(const QByteArray &name, int doorbellId, const QString &doorbellKeyFile, quint64 startTime);
    // After the last peer left: removes the segment (also when a forked child still maps it).
    void detach(bool removeSegment);
    static QString segmentKeyFile(const QString &runtimeDir, const QString &channel);

    SlotTable &slotTable() { return m_slots; }
    const SlotTable &slotTable() const { return m_slots; }
    // MessageBus::Delivery::None, before activate(): this peer reads nothing. It is a laggard from
    // the moment its slot is active, so no sender ever waits for it, and its writer keeps no list
    // of its own positions (only a reader trims it).
    void setSendOnly()
    {
        m_sendOnly = true;
        m_shared.setNoOwnReader();
    }
    RingWriter &writer() { return m_writer; }
    RingReader &reader() { return m_reader; }
    const DoorbellRecords &bells() const { return m_bells; }
    const layout::SegmentMap &map() const { return m_map; }
    quint64 createdMs() const { return m_map.header()->createdMs; }   // the header's, written once by the creator
    // How many ring cells holding bytes no peer writes were freed again (by either thread).
    quint64 repairCount() const { return m_shared.repairCount(); }

    // For the fuzz target and tests: read a segment image in ordinary memory as peer `slot`.
    void adoptForReading(uchar *memory, int slot)
    {
        m_map.base = memory;
        m_slots.adopt(slot);
    }

private:
    bool setError(Error error, const QString &text);

    QString m_channel;
    QString m_runtimeDir;
    QByteArray m_channelUtf8;
    QString m_keyFile;
    std::unique_ptr<QSharedMemory> m_memory;
    layout::SegmentMap m_map;   // the segment, once attached and checked
    Error m_error = Error::None;
    QString m_errorString;

    DoorbellRecords m_bells;
    RingShared m_shared;
    bool m_sendOnly = false;
    SlotTable m_slots;
    RingWriter m_writer;
    RingReader m_reader;
};
