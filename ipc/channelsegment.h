#pragma once

#include "chatmessage.h"
#include "messagebus.h"
#include "segmentlayout_p.h"

#include <QList>
#include <QMutex>
#include <QSharedMemory>
#include <QString>

#include <array>
#include <deque>
#include <memory>
#include <optional>

// One process's view of a channel's segment, and the lock-free publish/read protocol on it
// (DESIGN.md). Not a QObject. Threads: open/claim/activate/publish/reap/release run in the bus's
// thread; read()/sleep helpers run in the watcher thread; the two share only atomics in the
// segment and m_ownPositions (under a mutex).
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
    struct Departed
    {
        int slot;
        QByteArray name;
        qint64 pid;
    };
    // Takes back the slots of peers whose process is gone. Safe without the lock (CAS).
    QList<Departed> reapDeadSlots();
    [[nodiscard]] int claimSlot(quint64 startTime);   // -1 when all MaxPeers slots are taken
    // Records our doorbell in <runtime dir>/<channel>.<slot>.bell (id -1: about to be created).
    void recordDoorbell(int id, const QString &keyFile, quint64 startTime);
    // Joining -> Active by CAS; false (and the error set) when the slot was taken from us meanwhile.
    [[nodiscard]] bool activate(const QByteArray &name, int doorbellId, const QString &doorbellKeyFile, quint64 startTime);
    void releaseSlot();                       // our slot back to free
    bool hasOtherPeers() const;
    // After the last peer left: removes the segment (also when a forked child still maps it).
    void detach(bool removeSegment);
    static QString segmentKeyFile(const QString &runtimeDir, const QString &channel);
    // Doorbells of dead peers, found through their records in the runtime directory.
    static void removeDoorbellOf(const QString &runtimeDir, const QString &channel, int slot, qint64 pid);
    static void removeDeadDoorbells(const QString &runtimeDir, const QString &channel);

    QList<PeerInfo> activePeers() const;
    int slot() const { return m_slot; }
    quint64 createdMs() const;               // the header's, written once by the creator
    static qint64 processId();                // getpid(), asked once

    // --- sending (bus thread) -------------------------------------------------------------------
    // Writes a record into our outbox and publishes it at the next ring position; wakes sleepers.
    // Returns the ring position. Fails only when the segment is damaged.
    // `tag` is the record's tag (layout::recordTag(): RecordBytes' type, RecordRelayed's relay tag).
    std::optional<quint64> publish(layout::RecordKind kind, const QByteArray &name, const QByteArray &text,
                                   int subjectSlot, qint64 subjectPid, quint32 tag = 0);
    // How many ring cells holding bytes no peer writes were freed again (by either thread).
    quint64 repairCount() const { return m_repairs.load(std::memory_order_relaxed); }
    // Rings our own watcher if it sleeps (after a "left" published on a dead peer's behalf).
    void wakeOwnWatcher();

    // For the fuzz target and tests: read a segment image in ordinary memory as peer `slot`.
    void adoptForReading(uchar *memory, int slot)
    {
        m_base = memory;
        m_slot = slot;
    }

    // --- reading (watcher thread) ---------------------------------------------------------------
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
    ReadResult read(quint64 position);
    bool hasDataAt(quint64 position) const;
    quint64 readPosition() const;
    void commitReadPosition(quint64 position);
    void setSleeping(bool sleeping);          // seq_cst: pairs with publish()'s CAS
    void clearLaggard();
    bool isNearHead(quint64 position) const;   // within a quarter ring of the head

    // --- for HistoryReader (bus thread, at join): read-only views of shared words -------------
    quint64 cellWord(quint64 position) const { return cellAt(position)->load(std::memory_order_acquire); }
    const uchar *outboxOf(int slot) const { return outbox(slot); }
    quint64 frontierOf(int slot) const { return slotAt(slot)->frontier.load(std::memory_order_relaxed); }

private:
    layout::Header *header() const { return reinterpret_cast<layout::Header *>(m_base); }
    layout::PeerSlot *slotAt(int index) const;
    std::atomic<quint64> *cellAt(quint64 position) const;
    uchar *outbox(int index) const;
    bool setError(Error error, const QString &text);
    void initializeHeader();
    void waitForReaders(quint64 position);
    void wakeSleepers();
    void wakeIfAsleep(int index);
    bool reclaim(int index, quint64 owner, Departed *departed);
    bool isLeftOnBehalf(quint64 cell) const;
    void repairCell(quint64 position, quint64 seen);
    int doorbellOf(int index);

    QString m_channel;
    QString m_runtimeDir;
    QByteArray m_channelUtf8;
    QString m_keyFile;
    std::unique_ptr<QSharedMemory> m_memory;
    uchar *m_base = nullptr;   // the segment, once attached and checked
    Error m_error = Error::None;
    QString m_errorString;
    int m_slot = -1;
    quint64 m_owner = 0;       // our slot's owner word while we hold it
    quint64 m_sleepGeneration = 0;   // watcher thread only
    layout::NameCache m_names;       // watcher thread only (read())
    quint32 m_ownSkips = 0;          // watcher thread only: own records skipped
    int m_doorbellId = -1;           // our doorbell's semaphore id (set by activate())
    std::atomic<quint64> m_repairs{0};

    // Sender state (bus thread).
    struct OwnRecord
    {
        quint64 stamp;
        quint64 position;
    };
    quint64 m_writeStamp = 0;
    quint64 m_readersPassed = 0;              // every reader waited for has read below this
    quint64 m_laggardsPassed = 0;             // ... and laggardMask was this then
    std::deque<OwnRecord> m_ownRecords;       // records still in our outbox, oldest first
    struct KnownBell
    {
        quint64 owner = 0;   // the slot's owner word when its record was read
        int id = -1;
    };
    std::array<KnownBell, layout::MaxPeers> m_knownBells{};   // doorbells from their records

    // Ring positions of our own records, for exact "missed" counts in the watcher.
    mutable QMutex m_ownMutex;
    std::deque<quint64> m_ownPositions;
    quint64 countOwn(quint64 from, quint64 to);  // forgets own positions < to, counts those >= from
};
