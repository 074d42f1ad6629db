#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

// The doorbell records of one channel: <runtime dir>/<channel>.<slot>.bell holds "pid start-time
// semaphore-id" and, on a second line, the semaphore's key file, of the peer in that slot. Each
// is written by the peer of that slot only (when it joins) and removed by it when it leaves, or
// by whoever reaps it when it died. They, not the (untrusted) segment, say which semaphore a peer
// rings and which one a dead peer left, so a damaged or replaced segment cannot make us ring or
// remove someone else's semaphore. Files, not shared memory: no thread rules beyond the bus's.
class DoorbellRecords
{
public:
    struct Record
    {
        qint64 pid = 0;
        quint64 startTime = 0;
        int semaphoreId = -1;
        QString keyFile;   // the semaphore's key file (Qt 6.4 puts it in the peer's TMPDIR)
    };

    DoorbellRecords(const QString &runtimeDir, const QString &channel)
        : m_runtimeDir(runtimeDir)
        , m_channel(channel)
    {
    }

    // Records this process's doorbell for `slot` (id -1: about to be created), after removing
    // the doorbell of a dead process that the record named until now. Written beside and renamed
    // over the record: a kill leaves the old record or the new one, whole.
    void write(int slot, int semaphoreId, const QString &keyFile, quint64 startTime) const;
    std::optional<Record> read(int slot) const;
    void remove(int slot) const;   // our own, when we leave
    // The doorbell in `slot`'s record, and the record, when the process that wrote it is dead
    // (whoever that was: the slot's reaper may have judged a later owner, or a reaper that died
    // in its reclaim); nothing when it is alive.
    void removeIfDead(int slot) const;
    // The doorbells of every dead peer that left a record (a leftover segment, --purge, the last
    // peer out).
    void removeAllDead() const;

private:
    QString fileOf(int slot) const;

    QString m_runtimeDir;
    QString m_channel;
};
