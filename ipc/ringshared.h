#pragma once

#include <QMutex>
#include <QString>
#include <QtGlobal>

#include <atomic>
#include <deque>

// What this process's RingWriter (bus thread) and RingReader (watcher thread) share, the only
// state they share outside the segment: the ring positions of our own records, for the reader's
// exact "missed" count (under a mutex the writer holds across its publishing CAS), and the cells
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
        QMutexLocker locker(&m_ownMutex);
        if (!publish())
            return false;
        m_ownPositions.push_back(position);
        return true;
    }
    // Reader: forgets own positions < to, counts those >= from.
    quint64 countOwn(quint64 from, quint64 to);

    // Frees a ring cell that holds bytes no peer writes (`seen`), by a CAS from what was seen:
    // if anyone changed it since, it is left alone. Writer and reader.
    void repairCell(std::atomic<quint64> *cell, quint64 position, quint64 seen);
    // How many ring cells were freed again so far (by either thread).
    quint64 repairCount() const { return m_repairs.load(std::memory_order_relaxed); }

private:
    QString m_channel;
    QMutex m_ownMutex;
    std::deque<quint64> m_ownPositions;
    std::atomic<quint64> m_repairs{0};
};
