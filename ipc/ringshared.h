#pragma once

#include "fifo_p.h"

#include <QString>
#include <QtGlobal>

#include <atomic>
#include <thread>

// What this process's RingWriter (bus thread) and RingReader (watcher thread) share, the only
// state they share outside the segment: the ring positions of our own records, for the reader's
// exact "missed" count (under a lock the writer holds across its publishing CAS), and the cells
// either of them freed again because they held bytes no peer writes.
class RingShared
{
public:
    explicit RingShared(const QString &channel)
        : m_channel(channel)
    {
    }

    // Writer: `publish()` is the publishing CAS; when it succeeds, `position` is recorded as ours
    // in one step with it, so that a reader lapped in between cannot count it as missed.
    template<typename Cas>
    bool publishOwn(quint64 position, Cas publish)
    {
        if (!m_ownReader)
            return publish();   // nobody counts them (MessageBus::Delivery::None): no lock, no list
        OwnLock locker(m_ownLock);
        if (!publish())
            return false;
        m_ownPositions.push(position);
        return true;
    }
    // Before the first publish: this peer has no reader (MessageBus::Delivery::None), so the
    // writer keeps no list of its positions, which only a reader would ever trim.
    void setNoOwnReader() { m_ownReader = false; }
    // Reader: forgets own positions < to, counts those >= from.
    quint64 countOwn(quint64 from, quint64 to);

    // Frees a ring cell that holds bytes no peer writes (`seen`), by a CAS from what was seen:
    // if anyone changed it since, it is left alone. Writer and reader.
    void repairCell(std::atomic<quint64> *cell, quint64 position, quint64 seen);
    // How many ring cells were freed again so far (by either thread).
    quint64 repairCount() const { return m_repairs.load(std::memory_order_relaxed); }

private:
    // A spin lock rather than a mutex: the writer takes it once per message and the reader only
    // now and then (every 256 of our own records, or when lapped), so it is almost never
    // contended, and its release is a plain store where a mutex's is a second locked instruction.
    // Both holders keep it for a few instructions (a failpoint's sleep aside); a waiter yields.
    class OwnLock
    {
    public:
        explicit OwnLock(std::atomic<bool> &flag)
            : m_flag(flag)
        {
            while (m_flag.exchange(true, std::memory_order_acquire)) {
                while (m_flag.load(std::memory_order_relaxed))
                    std::this_thread::yield();
            }
        }
        ~OwnLock() { m_flag.store(false, std::memory_order_release); }
        OwnLock(const OwnLock &) = delete;
        OwnLock &operator=(const OwnLock &) = delete;

    private:
        std::atomic<bool> &m_flag;
    };

    QString m_channel;
    std::atomic<bool> m_ownLock{false};
    bool m_ownReader = true;
    Fifo<quint64> m_ownPositions;
    std::atomic<quint64> m_repairs{0};
};
