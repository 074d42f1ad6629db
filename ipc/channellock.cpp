#include "channellock.h"

#include <QFile>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

ChannelLock::~ChannelLock()
{
    unlock();
}

ChannelLock::Result ChannelLock::lock(const QString &lockFile, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const Result result = lockOnce(lockFile, deadline);
        if (result != Result::Locked)
            return result;
        // The last peer out removes the lock file while holding it: if we locked a file that
        // is no longer the one at that path, we locked nothing. Start again.
        struct stat byFd{}, byPath{};
        if (::fstat(m_fd, &byFd) == 0 && ::stat(QFile::encodeName(lockFile).constData(), &byPath) == 0
            && byFd.st_ino == byPath.st_ino && byFd.st_dev == byPath.st_dev) {
            m_path = lockFile;
            return Result::Locked;
        }
        unlock();
    }
}

void ChannelLock::unlockAndRemove()
{
    if (m_fd != -1 && !m_path.isEmpty())
        ::unlink(QFile::encodeName(m_path).constData());
    unlock();
}

ChannelLock::Result ChannelLock::lockOnce(const QString &lockFile, std::chrono::steady_clock::time_point deadline)
{
    unlock();
    m_fd = ::open(QFile::encodeName(lockFile).constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (m_fd == -1) {
        m_errorString = u"cannot open %1: %2"_s.arg(lockFile, QString::fromLocal8Bit(std::strerror(errno)));
        return Result::Failed;
    }
    std::chrono::microseconds pause(50);
    while (::flock(m_fd, LOCK_EX | LOCK_NB) == -1) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            m_errorString = u"cannot lock %1: %2"_s.arg(lockFile, QString::fromLocal8Bit(std::strerror(errno)));
            unlock();
            return Result::Failed;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            char buffer[32] = {};
            const ssize_t n = ::pread(m_fd, buffer, sizeof buffer - 1, 0);
            m_holderPid = n > 0 ? QByteArray(buffer, int(n)).trimmed().toLongLong() : 0;
            m_errorString = u"the channel's join lock is held by another process"_s;
            ::close(m_fd);
            m_fd = -1;
            return Result::TimedOut;
        }
        QThread::usleep(quint64(pause.count()));
        pause = std::min(pause * 2, std::chrono::microseconds(5000));
    }
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    if (::ftruncate(m_fd, 0) == 0)
        (void)!::pwrite(m_fd, pid.constData(), size_t(pid.size()), 0);
    return Result::Locked;
}

void ChannelLock::unlock()
{
    if (m_fd != -1) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
        m_fd = -1;
    }
    m_path.clear();
}
