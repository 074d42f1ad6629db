/* What qemu-user does with the Linux calls that peerchat's bus uses: SysV shared memory and
 * semaphores (semctl, semop, semtimedop), 64-bit atomics on a shared segment across processes,
 * pidfd_open + poll, Qt's forkfd clone(CLONE_PIDFD), and /proc/<pid>/stat (start time, state).
 * One line per check: "ok", "FAIL" (the emulator differs from Linux) or "info".
 *
 * scripts/arm64.sh builds it for arm64 and runs it under qemu-aarch64-static before the tests
 * (without the LD_PRELOAD shim), so each run shows what the emulator cannot do. Natively
 * (gcc qemu-probe.c && ./a.out) every check passes. Exit code: 1 if a check failed.
 *
 * Found with qemu 7.2 (Debian 12):
 *   - qemu fakes /proc/self/stat and /proc/<own pid>/stat: field 22 (starttime) is qemu's own
 *     start (a few clock ticks after the kernel's value, which every other process reads) and
 *     field 3 (state) is '0'. openat(open("/proc/<pid>"), "stat") is not faked.
 *   - clone(CLONE_PIDFD) fails with EINVAL (QProcess needs scripts/nopidfd.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>
#include <time.h>
#include <unistd.h>

static int failures;
#define CHECK(name, ok, fmt, ...) do { int ok_ = (ok); if (!ok_) ++failures; \
    printf("%-4s %-34s " fmt "\n", ok_ ? "ok" : "FAIL", name, ##__VA_ARGS__); fflush(stdout); } while (0)

// field 3 (state) and 22 (starttime) of /proc/<pid>/stat, or of /proc/self/stat when pid == 0
static int readStat(pid_t pid, char *state, unsigned long long *start)
{
    char path[64], buf[1024];
    int fd;
    if (pid < 0) {   // through a directory fd: openat(dir, "stat"), which qemu does not fake
        snprintf(path, sizeof path, "/proc/%d", (int)-pid);
        int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0) return -1;
        fd = openat(dir, "stat", O_RDONLY | O_CLOEXEC);
        close(dir);
    } else {
        if (pid) snprintf(path, sizeof path, "/proc/%d/stat", (int)pid); else strcpy(path, "/proc/self/stat");
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1); close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    p += 2; *state = *p;
    for (int f = 3; f < 22; ++f) { p = strchr(p, ' '); if (!p) return -1; ++p; }
    *start = strtoull(p, NULL, 10);
    return 0;
}

union semun { int val; struct semid_ds *buf; unsigned short *array; };

int main(void)
{
    signal(SIGPIPE, SIG_IGN);   // piped into head: finish and clean up all the same
    setvbuf(stdout, NULL, _IOLBF, 0);
    // 1. /proc/<own pid>/stat against what another process reads for the same pid.
    char sSelf, sOwn, sOther; unsigned long long tSelf, tOwn, tOther;
    readStat(0, &sSelf, &tSelf);
    readStat(getpid(), &sOwn, &tOwn);
    int pipefd[2]; pipe(pipefd);
    pid_t reader = fork();
    if (reader == 0) {   // a second (forked, still emulated) process reads the parent's stat
        char s; unsigned long long t = 0; readStat(getppid(), &s, &t);
        char cs; unsigned long long ct = 0; readStat(getpid(), &cs, &ct);
        char line[128]; int len = snprintf(line, sizeof line, "%c %llu %c %llu", s, t, cs, ct);
        write(pipefd[1], line, len); _exit(0);
    }
    close(pipefd[1]);
    char line[128] = {0}; read(pipefd[0], line, sizeof line - 1); close(pipefd[0]);
    waitpid(reader, NULL, 0);
    char childState; unsigned long long childOwn;
    sscanf(line, "%c %llu %c %llu", &sOther, &tOther, &childState, &childOwn);
    CHECK("/proc/<self>/stat starttime", tOwn == tOther,
          "self reads %llu (state '%c'; /proc/self/stat: %llu '%c'), another process reads %llu (state '%c')",
          tOwn, sOwn, tSelf, sSelf, tOther, sOther);
    char sAt; unsigned long long tAt = 0; readStat(-getpid(), &sAt, &tAt);
    CHECK("openat(/proc/<self>, \"stat\")", tAt == tOther && (sAt == 'R' || sAt == 'S'),
          "self reads %llu (state '%c') through a directory fd; another process reads %llu", tAt, sAt, tOther);
    CHECK("/proc/<self>/stat state", sOwn == 'R' || sOwn == 'S', "state field of own stat is '%c'", sOwn);
    if (getenv("PROBE_HOLD")) { printf("pid %d holding %s s\n", getpid(), getenv("PROBE_HOLD")); sleep(atoi(getenv("PROBE_HOLD"))); }

    // 2. pidfd_open on a child + poll() when it ends.
    pid_t child = fork();
    if (child == 0) { usleep(200000); _exit(7); }
    int pidfd = (int)syscall(SYS_pidfd_open, child, 0);
    struct pollfd pfd = { pidfd, POLLIN, 0 };
    int pr = pidfd >= 0 ? poll(&pfd, 1, 5000) : -1;
    CHECK("pidfd_open + poll", pidfd >= 0 && pr == 1 && (pfd.revents & POLLIN),
          "pidfd %d errno %d, poll %d revents 0x%x", pidfd, pidfd < 0 ? errno : 0, pr, pfd.revents);
    waitpid(child, NULL, 0);
    if (pidfd >= 0) close(pidfd);

    // 3. waitid(P_PIDFD) probe (what Qt's forkfd tries) and clone(CLONE_PIDFD|CLONE_VFORK|CLONE_VM).
    errno = 0;
    long w = syscall(SYS_waitid, 3 /*P_PIDFD*/, -1, NULL, WEXITED | WNOHANG, NULL);
    printf("info %-34s returns %ld errno %d (%s)\n", "waitid(P_PIDFD, -1)", w, errno, strerror(errno));
    int clonePidfd = -1;
    errno = 0;
    long cl = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &clonePidfd, 0, 0);
    if (cl == 0) _exit(0);
    int cloneErr = errno;
    if (cl > 0) { waitpid((pid_t)cl, NULL, 0); close(clonePidfd); }
    CHECK("clone(CLONE_PIDFD) (Qt's forkfd)", cl > 0 && clonePidfd >= 0,
          "returns %ld errno %d (%s), pidfd %d", cl, cl < 0 ? cloneErr : 0, cl < 0 ? strerror(cloneErr) : "-", clonePidfd);

    // 4. SysV shared memory: create, attach twice, IPC_STAT nattch, 64-bit atomics across processes.
    int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    _Atomic uint64_t *counter = shm >= 0 ? shmat(shm, NULL, 0) : (void *)-1;
    struct shmid_ds ds; memset(&ds, 0, sizeof ds);
    int st = shm >= 0 ? shmctl(shm, IPC_STAT, &ds) : -1;
    CHECK("shmget/shmat/IPC_STAT", shm >= 0 && counter != (void *)-1 && st == 0 && ds.shm_nattch == 1
          && ds.shm_perm.uid == geteuid() && (ds.shm_perm.mode & 0777) == 0600,
          "id %d nattch %lu uid %u mode %o", shm, (unsigned long)ds.shm_nattch, ds.shm_perm.uid, ds.shm_perm.mode & 0777);
    const int rounds = 200000;
    pid_t adders[2];
    for (int i = 0; i < 2; ++i)
        if ((adders[i] = fork()) == 0) {
            for (int k = 0; k < rounds; ++k) {
                uint64_t v = atomic_load(counter);
                while (!atomic_compare_exchange_weak(counter, &v, v + 1)) {}
                atomic_fetch_add(counter + 8, 1);
            }
            _exit(0);
        }
    for (int i = 0; i < 2; ++i) waitpid(adders[i], NULL, 0);
    CHECK("64-bit CAS/fetch_add across procs", counter[0] == 2u * rounds && counter[8] == 2u * rounds,
          "cas %llu fetch_add %llu (want %d)", (unsigned long long)counter[0], (unsigned long long)counter[8], 2 * rounds);
    shmdt((void *)counter);
    shmctl(shm, IPC_RMID, NULL);

    // 5. SysV semaphores: semctl SETVAL/GETVAL/IPC_STAT, semop with SEM_UNDO, semtimedop.
    int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    union semun arg; arg.val = 1;
    int sv = semctl(sem, 0, SETVAL, arg);
    int gv = semctl(sem, 0, GETVAL);
    struct semid_ds sds; memset(&sds, 0, sizeof sds); arg.buf = &sds;
    int ss = semctl(sem, 0, IPC_STAT, arg);
    CHECK("semget/semctl SETVAL,GETVAL,IPC_STAT", sem >= 0 && sv == 0 && gv == 1 && ss == 0
          && sds.sem_perm.uid == geteuid() && (sds.sem_perm.mode & 0777) == 0600 && sds.sem_nsems == 1,
          "id %d getval %d uid %u mode %o nsems %lu", sem, gv, sds.sem_perm.uid, sds.sem_perm.mode & 0777, (unsigned long)sds.sem_nsems);
    struct sembuf down = { 0, -1, SEM_UNDO };
    int so = semop(sem, &down, 1);
    struct timespec ts = { 0, 100 * 1000 * 1000 };
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    errno = 0;
    int sto = semtimedop(sem, &down, 1, &ts);
    int stoErr = errno;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    CHECK("semop SEM_UNDO + semtimedop timeout", so == 0 && sto == -1 && stoErr == EAGAIN && ms >= 90,
          "semop %d, semtimedop %d errno %d (%s) after %ld ms", so, sto, stoErr, strerror(stoErr), ms);
    // a blocked semop in another process is woken by SETVAL 1 from this one
    pid_t sleeper = fork();
    if (sleeper == 0) { struct sembuf d = { 0, -1, 0 }; _exit(semop(sem, &d, 1) == 0 ? 0 : 1); }
    usleep(200000);
    arg.val = 1; semctl(sem, 0, SETVAL, arg);
    int wst = 0; waitpid(sleeper, &wst, 0);
    CHECK("semop woken by SETVAL (doorbell)", WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "child status 0x%x", wst);
    // a blocked semop interrupted by a signal (EINTR)
    semctl(sem, 0, SETVAL, (union semun){ .val = 0 });
    pid_t intr = fork();
    if (intr == 0) {
        struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = (void (*)(int))(void *)abs; // any handler, no SA_RESTART
        sigaction(SIGUSR1, &sa, NULL);
        struct sembuf d = { 0, -1, 0 }; int r = semop(sem, &d, 1);
        _exit(r == -1 && errno == EINTR ? 0 : 1);
    }
    usleep(200000); kill(intr, SIGUSR1);
    waitpid(intr, &wst, 0);
    CHECK("semop interrupted by signal", WIFEXITED(wst) && WEXITSTATUS(wst) == 0, "child status 0x%x", wst);
    semctl(sem, 0, IPC_RMID);

    printf("%s\n", failures ? "probe: some checks FAILED" : "probe: all checks passed");
    return failures ? 1 : 0;
}
