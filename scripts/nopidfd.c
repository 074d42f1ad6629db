/* LD_PRELOAD shim for running Qt 6 arm64 programs under qemu-user 7.2 (Debian 12).
 *
 * Qt's forkfd (behind QProcess) checks for pidfd support with waitid(P_PIDFD, ...). qemu 7.2
 * passes that through (the EBADF answer means "supported"), so forkfd then calls
 * clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD), which qemu 7.2 rejects with EINVAL;
 * forkfd has no fallback and QProcess::start fails with "Resource error (fork failure)".
 * Making the probe answer ENOSYS sends forkfd to its plain fork() path. Every other syscall()
 * goes to libc unchanged (pidfd_open itself works under qemu and is still used by the bus).
 *
 * Built by scripts/arm64.sh into build-arm64/libnopidfd.so and given to the guest with
 * QEMU_SET_ENV=LD_PRELOAD=/abs/path/libnopidfd.so. Never needed on a real arm64 device.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/syscall.h>

#define PEERCHAT_P_PIDFD 3 /* idtype_t P_PIDFD, Linux 5.4 */

long syscall(long number, ...)
{
    va_list ap;
    va_start(ap, number);
    long a[6];
    for (int i = 0; i < 6; ++i)
        a[i] = va_arg(ap, long);
    va_end(ap);

    if (number == SYS_waitid && a[0] == PEERCHAT_P_PIDFD) {
        errno = ENOSYS;
        return -1;
    }

    static long (*real)(long, ...);
    if (!real)
        real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
    return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
