#pragma once

// The one place that knows how Qt names System V IPC objects, and the few calls peerchat makes
// beside Qt's API (see DESIGN.md, "Doorbells"). Qt 6.4 takes native keys as plain strings; Qt 6.6
// and newer take a QNativeIpcKey whose type must be SystemV (its default on Linux is POSIX).

#include <QString>

#include <cstddef>
#include <functional>
#include <memory>

class QSharedMemory;
class QSystemSemaphore;

namespace ipckey {

// Points `memory` at the System V segment keyed by ftok(keyFile, 'Q').
[[nodiscard]] bool setSegmentKey(QSharedMemory &memory, const QString &keyFile, QString *why);

enum class CreateResult { Created, Exists, PermissionDenied, Failed };

// Creates the segment keyed by keyFile (`size` bytes, zero-filled, mode 0600) and attaches
// `memory` (keyed with setSegmentKey()) to it, as QSharedMemory::create() does; Exists when a
// segment is already there. Use it and attachSegment() instead of QSharedMemory::create() and
// attach(): on Qt 6.6+ those make a lock semaphore on the segment's own key file and, when the
// QSharedMemory that made it is destroyed, remove that semaphore and unlink the key file while
// the segment lives on (DESIGN.md, "Keys and permissions").
[[nodiscard]] CreateResult createSegment(QSharedMemory &memory, const QString &keyFile, qsizetype size, QString *why);

// Attaches `memory` (keyed with setSegmentKey()) to the existing segment keyed by keyFile.
[[nodiscard]] bool attachSegment(QSharedMemory &memory, const QString &keyFile);

// Detaches `memory`; when that was the last attachment Qt removes the segment and its key file,
// and on Qt 6.6+ this removes the segment's lock semaphore too.
void detachSegment(QSharedMemory &memory, const QString &keyFile);

// The segment's attach count (shm_nattch), or -1 when there is no such segment.
int segmentAttachCount(const QString &keyFile);

// Removes the segment keyed by keyFile, attached or not (the kernel frees it after the last
// detach), and on Qt 6.6+ the lock semaphore Qt keeps beside it.
bool removeSegment(const QString &keyFile);

// A read-only view of a segment that, unlike QSharedMemory::detach(), never removes it when it
// is the last to let go (for inspecting leftovers without destroying them).
class SegmentView
{
public:
    explicit SegmentView(const QString &keyFile);
    ~SegmentView();
    SegmentView(const SegmentView &) = delete;
    SegmentView &operator=(const SegmentView &) = delete;
    const void *data() const { return m_data; }
    std::size_t size() const { return m_size; }

private:
    const void *m_data = nullptr;
    std::size_t m_size = 0;
};

struct Doorbell
{
    std::unique_ptr<QSystemSemaphore> semaphore;   // owned: removed when destroyed
    int id = -1;                                   // the SysV semaphore id others ring
    QString keyFile;                               // its key file (for cleaning up after a crash)
};

// Creates this peer's "data ready" doorbell: a new semaphore (value 0, mode 0600) that this
// process owns. `uniqueName` must be unique per peer; `runtimeDir` holds the key file where Qt
// lets us choose (6.6+). Verifies that the id found is the semaphore Qt waits on.
// beforeCreate gets the key file path before anything is created, so that a record of it can be
// written first: a peer killed in the middle then leaves nothing that cannot be found.
[[nodiscard]] Doorbell createDoorbell(const QString &uniqueName, const QString &runtimeDir,
                                      const std::function<void(const QString &)> &beforeCreate, QString *why);

// Rings a doorbell: sets the semaphore to 1 (semctl SETVAL). Never blocks, never undone when the
// ringer exits, capped at 1, and it resets every process's SEM_UNDO adjustment on that semaphore,
// so the sleeping side's acquire() never reaches the +-32767 SEM_UNDO limit.
bool ringDoorbell(int id);

// Waits on our own doorbell (semtimedop, no SEM_UNDO: a doorbell is a signal, not a lock) for
// at most timeoutMs. Returns 1 when it was rung, 0 on time-out (or a signal), -1 on an error.
int waitDoorbell(int id, int timeoutMs);

// Removes a doorbell left by a dead peer, if it is the current user's semaphore.
bool removeDoorbell(int id);

// Removes the doorbell keyed by keyFile, if it exists and is the current user's.
bool removeDoorbellAt(const QString &keyFile);

// True when a semaphore with this id exists and belongs to the current user.
bool doorbellExists(int id);

} // namespace ipckey
