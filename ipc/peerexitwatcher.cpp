#include "peerexitwatcher.h"

#include "peerprocess.h"

#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <unistd.h>

using namespace std::chrono_literals;

struct PeerExitWatcher::Watch
{
    int slot = -1;
    qint64 pid = 0;
    int fd = -1;
    std::unique_ptr<QSocketNotifier> notifier;
    std::unique_ptr<QTimer> poll;   // only where pidfd_open is missing: one check a second
    ~Watch()
    {
        notifier.reset();
        if (fd != -1)
            ::close(fd);
    }
};

PeerExitWatcher::PeerExitWatcher(QObject *context, std::function<void()> onExit)
    : m_context(context)
    , m_onExit(std::move(onExit))
{
}

PeerExitWatcher::~PeerExitWatcher() = default;

void PeerExitWatcher::watch(int slot, qint64 pid)
{
    unwatch(slot);
    auto watch = std::make_unique<Watch>();
    watch->slot = slot;
    watch->pid = pid;
    watch->fd = peerprocess::openExitNotifier(pid);
    if (watch->fd != -1) {
        watch->notifier = std::make_unique<QSocketNotifier>(watch->fd, QSocketNotifier::Read);
        QObject::connect(watch->notifier.get(), &QSocketNotifier::activated, m_context, [this, fd = watch->fd] {
            for (const auto &w : m_watches) {
                if (w->fd == fd)
                    w->notifier->setEnabled(false);
            }
            m_onExit();
        });
    } else {
        // No pidfd (old kernel, or the process is already gone): check once a second.
        watch->poll = std::make_unique<QTimer>();
        watch->poll->setInterval(1s);
        QObject::connect(watch->poll.get(), &QTimer::timeout, m_context, [this] { m_onExit(); });
        watch->poll->start();
        QTimer::singleShot(0, m_context, [this] { m_onExit(); });
    }
    m_watches.push_back(std::move(watch));
}

void PeerExitWatcher::unwatch(int slot)
{
    std::erase_if(m_watches, [slot](const std::unique_ptr<Watch> &w) { return w->slot == slot; });
}

void PeerExitWatcher::clear()
{
    m_watches.clear();
}
