#pragma once

#include <QtGlobal>

// What the bus knows of another peer's process: is it there, frozen, or gone. A pid alone is not
// enough (pids are reused), so every peer also records its start time (/proc/<pid>/stat field 22).
namespace peerprocess {

enum class State { Gone, Running, Stopped };

// This process's pid. getpid() is a real system call on some kernels and VMs: asked once
// (measured: half of a sender's time went there).
qint64 ownPid();

quint64 startTime(qint64 pid);                     // 0 when there is no such process
State state(qint64 pid, quint64 expectedStartTime);  // Gone also for zombies and reused pids
inline bool isAlive(qint64 pid, quint64 expectedStartTime)
{
    return state(pid, expectedStartTime) != State::Gone;
}

// A pidfd that becomes readable when the process ends, or -1 (old kernel, or gone already).
int openExitNotifier(qint64 pid);

} // namespace peerprocess
