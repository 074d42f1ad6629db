// The doorbell floor: system "doorbell floor (no bus)" of the latency cases. The shape the bus is
// built on and nothing else: in each process a watcher thread asleep on its own System V
// semaphore (ipckey::waitDoorbell(), the bus's doorbell call), woken when the other process
// rings it (ipckey::ringDoorbell(), the bus's ring). --api direct: the watcher answers by itself,
// as the bus's direct delivery does (lat-console); --api signal: it hands each wake-up to the main
// thread's event loop with a queued call, as the bus hands a batch to its thread (lat-eventloop).
// No ring of records, no payload, no check: what is left is the wake-ups, the floor under the
// bus's latency on this machine, measured in the same run as the bus and the sockets.

#include "benchcommon.h"
#include "roles.h"

#include "ipckey.h"

#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

// As the bus's watcher: a sleep on the doorbell looks at the world again after a second.
constexpr int IdleCheckMs = 1000;

// Says why on stderr and ends the process's event loop with exit code 3; callable from any thread.
void failFromAnyThread(const QString &why)
{
    QMetaObject::invokeMethod(QCoreApplication::instance(), [why] {
        complain(why);
        QCoreApplication::exit(3);
    }, Qt::QueuedConnection);
}

// A watcher thread on doorbell `mine`: runs onWake() for every ring, on itself (direct) or through
// a queued call on the main thread.
class FloorWatcher
{
public:
    FloorWatcher(int mine, bool direct, std::function<void()> onWake)
        : m_mine(mine)
        , m_onWake(std::move(onWake))
    {
        m_thread.reset(QThread::create([this, direct] { run(direct); }));
        m_thread->start();
    }
    ~FloorWatcher()
    {
        m_stopping.store(true, std::memory_order_release);
        ipckey::ringDoorbell(m_mine);   // wake it so that it sees the flag
        m_thread->wait();
    }
    FloorWatcher(const FloorWatcher &) = delete;
    FloorWatcher &operator=(const FloorWatcher &) = delete;

private:
    void run(bool direct)
    {
        QObject *app = QCoreApplication::instance();
        while (!m_stopping.load(std::memory_order_acquire)) {
            const int woken = ipckey::waitDoorbell(m_mine, IdleCheckMs);
            if (woken < 0) {
                failFromAnyThread(u"floor: waiting on doorbell %1 failed: %2"_s.arg(m_mine).arg(
                    QString::fromLocal8Bit(std::strerror(errno))));
                return;
            }
            if (woken == 0 || m_stopping.load(std::memory_order_acquire))
                continue;
            if (direct)
                m_onWake();
            else
                QMetaObject::invokeMethod(app, m_onWake, Qt::QueuedConnection);
        }
    }

    int m_mine;
    std::function<void()> m_onWake;
    std::atomic<bool> m_stopping{false};
    std::unique_ptr<QThread> m_thread;
};

struct FloorArgs
{
    int mine;
    int peer;
    bool direct;
};

FloorArgs floorArgs(const RoleArgs &args)
{
    const FloorArgs parsed{int(args.number(u"mine"_s, -1)), int(args.number(u"peer"_s, -1)),
                           args.text(u"api"_s, u"signal"_s) == u"direct"_s};
    if (parsed.mine < 0 || parsed.peer < 0)
        die(u"floor: --mine and --peer must name the two doorbells (semaphore ids)"_s);
    return parsed;
}

void ringOrFail(int peer)
{
    if (!ipckey::ringDoorbell(peer))
        failFromAnyThread(
            u"floor: cannot ring doorbell %1: %2"_s.arg(peer).arg(QString::fromLocal8Bit(std::strerror(errno))));
}

// Rings back at once for every ring.
int floorEcho(const RoleArgs &args)
{
    const FloorArgs a = floorArgs(args);
    FloorWatcher watcher(a.mine, a.direct, [peer = a.peer] { ringOrFail(peer); });
    ControlChannel control;
    quitOnRequest(control);
    say("ready");
    return QCoreApplication::exec();
}

// Rings, waits to be rung back, sleeps, repeats; says the one-way times (round trip / 2).
int floorPing(const RoleArgs &args)
{
    const FloorArgs a = floorArgs(args);
    const qint64 warmup = args.number(u"warmup"_s);
    const qint64 rounds = args.number(u"rounds"_s, 1000);
    const int pauseUs = int(args.number(u"pause-us"_s, 300));
    std::vector<double> oneWayNs;
    oneWayNs.reserve(std::size_t(rounds));
    // Written by whichever thread rings, read by the one woken: the semaphore orders them, but
    // the sanitizers cannot see that.
    std::atomic<qint64> sentAt{0};
    qint64 round = 0;   // only on the thread that runs onWake after "go"
    auto ring = [&] {
        sentAt.store(nowNs(), std::memory_order_relaxed);
        ringOrFail(a.peer);
    };
    FloorWatcher watcher(a.mine, a.direct, [&] {
        const qint64 now = nowNs();
        if (round >= warmup + rounds)
            return;   // all rounds are done: a late ring changes nothing
        if (round >= warmup)
            oneWayNs.push_back(double(now - sentAt.load(std::memory_order_relaxed)) / 2);
        if (++round == warmup + rounds) {
            say("result p50=" + QByteArray::number(percentile(oneWayNs, 50)) + " p99="
                + QByteArray::number(percentile(oneWayNs, 99)));
            return;
        }
        sleepUs(pauseUs);   // the other side's watcher goes to sleep on its doorbell meanwhile
        ring();
    });
    ControlChannel control;
    bool started = false;
    quitOnRequest(control, [&] {
        if (!started) {
            started = true;
            ring();
        }
    });
    say("ready");
    return QCoreApplication::exec();
}

} // namespace

int runFloorRole(const RoleArgs &args)
{
    const QString role = args.role();
    if (role == u"floor-echo"_s)
        return floorEcho(args);
    if (role == u"floor-ping"_s)
        return floorPing(args);
    return -1;
}

} // namespace bench
