#pragma once

#include <QString>

#include <chrono>

// Serializes joining and leaving a channel (segment create/attach/validate, slot claims, the last
// peer's removal): flock() on <runtime dir>/<channel>.lock. The kernel drops the lock when its
// holder dies, so a killed peer never wedges the channel; a frozen holder makes the others give
// up after `timeout` with a clear error instead of waiting for ever. Sending and receiving never
// take this lock (see DESIGN.md).
class ChannelLock
{
public:
    ChannelLock() = default;
    ~ChannelLock();
    ChannelLock(const ChannelLock &) = delete;
    ChannelLock &operator=(const ChannelLock &) = delete;

    enum class Result { Locked, TimedOut, Failed };
    [[nodiscard]] Result lock(const QString &lockFile, std::chrono::milliseconds timeout);
    void unlock();
    void unlockAndRemove();   // for the last peer out: removes the lock file while holding it
    QString errorString() const { return m_errorString; }
    // The pid written into the lock file by its last holder (0 if unknown).
    qint64 holderPid() const { return m_holderPid; }

private:
    Result lockOnce(const QString &lockFile, std::chrono::steady_clock::time_point deadline);
    int m_fd = -1;
    QString m_path;
    qint64 m_holderPid = 0;
    QString m_errorString;
};
