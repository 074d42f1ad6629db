#include "peerprocess.h"

#include <QByteArray>
#include <QFile>

#include <cstdio>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace peerprocess {
namespace {

struct Stat
{
    char state = 0;
    quint64 startTime = 0;
};

// Reads /proc/<pid>/stat: "pid (comm) S ppid ... starttime(22) ...". comm may hold spaces and
// parentheses, so parse from the last ')'.
bool readStat(qint64 pid, Stat *out)
{
    if (pid <= 0)
        return false;
    // Through the /proc/<pid> directory, not the path "/proc/<pid>/stat": qemu-user fakes the
    // latter for the emulated process itself (start time and state), which made peers under
    // emulation see each other as dead. Natively both read the same file.
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld", static_cast<long long>(pid));
    const int dir = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir == -1)
        return false;
    const int fd = ::openat(dir, "stat", O_RDONLY | O_CLOEXEC);
    ::close(dir);
    if (fd == -1)
        return false;
    char buffer[1024];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n <= 0)
        return false;
    const QByteArray text(buffer, int(n));
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.size())
        return false;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    // fields[0] is field 3 (state), so field 22 is fields[19].
    if (fields.size() < 20)
        return false;
    out->state = fields.at(0).isEmpty() ? 0 : fields.at(0).at(0);
    out->startTime = fields.at(19).toULongLong();
    return true;
}

} // namespace

quint64 startTime(qint64 pid)
{
    Stat st;
    return readStat(pid, &st) ? st.startTime : 0;
}

State state(qint64 pid, quint64 expectedStartTime)
{
    Stat st;
    if (!readStat(pid, &st) || st.startTime != expectedStartTime)
        return State::Gone;
    switch (st.state) {
    case 'Z':
    case 'X':
    case 'x':
        return State::Gone;
    case 'T':
    case 't':
        return State::Stopped;
    default:
        return State::Running;
    }
}

int openExitNotifier(qint64 pid)
{
#ifdef SYS_pidfd_open
    return int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
#else
    Q_UNUSED(pid);
    return -1;
#endif
}

qint64 ownPid()
{
    static const qint64 pid = qint64(::getpid());
    return pid;
}

} // namespace peerprocess
