#pragma once

#include "busevent_p.h"
#include "runended_p.h"

#include <QThread>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

class RingReader;
class QSystemSemaphore;

// Sleeps on this peer's own "data ready" doorbell and reads the ring when woken: copies every
// new record out of the segment and hands them, in order and in batches, to its sink (the bus)
// through MessageBus's inbox. Spins briefly before sleeping, so a busy channel costs no system
// call per message and a quiet one costs nothing (see DESIGN.md, "Doorbells").
class BusWatcher : public QThread
{
    Q_OBJECT
public:
    using Sink = std::function<void(std::vector<BusEvent> &&)>;
    // `batchLimit`: records read before the sink is called (BatchLimit by default; see DirectBatch).
    BusWatcher(RingReader &reader, std::unique_ptr<QSystemSemaphore> doorbell, int doorbellId, Sink sink,
               int batchLimit = BatchLimit);
    static constexpr int BatchLimit = 256;
    // For a sink that hands each batch straight to its consumer (Delivery::Direct): a batch this
    // small is handed out, and its texts freed, before the next is read, so that their memory is
    // reused while it is warm. tput-1to1 on 2026-12-03: 6 records 2.25 M msgs/s, 32 3.0, 256 2.9,
    // 1 024 3.0 (medians of 3; an earlier profile had blamed the allocator for a third of the
    // receiver's time at 256, which this machine did not show again).
    static constexpr int DirectBatch = 32;
    ~BusWatcher() override;

    // Before start(): batches that hold only messages go to `sink` (the watcher thread; it may
    // take the messages out), with no BusEvent made for them; all else goes to the Sink as before.
    using MessageSink = std::function<void(std::vector<BusMessage> &)>;
    void setMessageSink(MessageSink sink) { m_messageSink = std::move(sink); }

    // Watcher thread, inside a sink call only (the direct handler sending): reads on, without
    // handing anything out yet, until our read position is past `past`, so that a send of ours
    // never has to wait for us nor pass us. What it read goes out first, in order, when the sink
    // call returns. False when that would hold more than MaxAhead events, or nothing is there.
    bool readAhead(quint64 past);
    static constexpr std::size_t MaxAhead = 1024;

    void stop();                       // from the bus's thread; returns when run() has ended
    bool isStopping() const { return m_stopping.load(std::memory_order_acquire); }
    // How often the watcher slept on its doorbell and was woken (statistics, tests, benchmarks).
    quint64 wakeUpCount() const { return m_wakeUps.load(std::memory_order_relaxed); }
    // How often it woke by itself (no doorbell for a second) to look at the ring.
    quint64 idleCheckCount() const { return m_idleChecks.load(std::memory_order_relaxed); }

signals:
    void failed(const QString &why);

protected:
    void run() override;

private:
    bool drain(quint64 *position, std::vector<BusEvent> *events, bool useMessageSink = true);
    bool spinForData(quint64 position) const;
    void moveRunTo(std::vector<BusEvent> *events);

    RingReader &m_reader;   // our side of the ring: the watcher thread is its reader
    std::unique_ptr<QSystemSemaphore> m_doorbell;
    const int m_doorbellId;   // ours, kept here: the copy in the segment may be overwritten
    Sink m_sink;
    MessageSink m_messageSink;
    std::vector<BusMessage> m_run;   // with a message sink: the messages read since the last other event
    std::vector<BusEvent> m_ahead;   // read by readAhead(), handed out next
    quint64 m_position = 0;          // the watcher thread's next ring position to read
    std::atomic<bool> m_stopping{false};
    RunEnded m_ended;
    std::atomic<quint64> m_wakeUps{0};
    std::atomic<quint64> m_idleChecks{0};
    std::chrono::nanoseconds m_spinTime;
    const int m_batchLimit;
};
