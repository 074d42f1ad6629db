#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>
#include <vector>

class QObject;

// Tells the bus when another peer's process ends, so that it reaps the peer's slot within
// milliseconds: a pidfd per peer (a QSocketNotifier), or, where pidfd_open is missing, a check
// once a second. Lives in the bus's thread and calls `onExit` there (MessageBus::reapDeadPeers,
// which finds out which peers are gone). Reads and writes no word of the segment.
class PeerExitWatcher
{
public:
    // `context` (the bus) owns the connections' thread and outlives every watch.
    PeerExitWatcher(QObject *context, std::function<void()> onExit);
    ~PeerExitWatcher();
    PeerExitWatcher(const PeerExitWatcher &) = delete;
    PeerExitWatcher &operator=(const PeerExitWatcher &) = delete;

    void watch(int slot, qint64 pid);   // replaces a watch on the same slot
    void unwatch(int slot);
    void clear();

private:
    struct Watch;
    QObject *m_context;
    std::function<void()> m_onExit;
    std::vector<std::unique_ptr<Watch>> m_watches;
};
