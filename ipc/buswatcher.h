#pragma once

#include "busevent_p.h"

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
    BusWatcher(RingReader &reader, std::unique_ptr<QSystemSemaphore> doorbell, int doorbellId, Sink sink);
    ~BusWatcher() override;

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
    bool drain(quint64 *position, std::vector<BusEvent> *events);
    bool spinForData(quint64 position) const;

    RingReader &m_reader;   // our side of the ring: the watcher thread is its reader
    std::unique_ptr<QSystemSemaphore> m_doorbell;
    const int m_doorbellId;   // ours, kept here: the copy in the segment may be overwritten
    Sink m_sink;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_finished{false};   // release at the end of run(), acquire after wait()
    std::atomic<quint64> m_wakeUps{0};
    std::atomic<quint64> m_idleChecks{0};
    std::chrono::nanoseconds m_spinTime;
};
