#include "buswatcher.h"

#include "ringreader.h"
#include "failpoint.h"
#include "ipckey.h"
#include "ipclogging.h"

#include <QSystemSemaphore>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

using namespace Qt::StringLiterals;

namespace {
// How long an idle watcher keeps looking at the ring before it sleeps on its doorbell. A kernel
// wake-up costs ~6 us (floor-facts.md), so a short spin saves it when messages come in bursts —
// but only where a spinning watcher does not take the CPU that its own event loop, or the peer
// it talks to, needs next. On 2 CPUs (this project's machine) a ping-pong has four threads, and
// the 50 us spin cost more than it saved: one-way latency 78-140 us with it, 55 us without,
// same throughput (peerchat-bench, 2026-11-28). So: spin on 3 CPUs and more, sleep at once on
// fewer. PEERCHAT_SPIN_US overrides it (0: sleep at once).
std::chrono::nanoseconds spinTime()
{
    bool ok = false;
    const int us = qEnvironmentVariableIntValue("PEERCHAT_SPIN_US", &ok);
    if (ok && us >= 0 && us <= 10000)
        return std::chrono::microseconds(us);
    return std::thread::hardware_concurrency() > 2 ? std::chrono::microseconds(50) : std::chrono::microseconds(0);
}
// How long a watcher sleeps before it looks at the ring again by itself. A sender killed or frozen
// between its publishing CAS and ringing leaves a published message that no doorbell announces;
// this bounds its delay to a second, at the cost of one wake-up a second for an idle peer (one
// cell load and back to sleep: see the "idle" rows of peerchat-bench).
constexpr int IdleCheckMs = 1000;

void setPeer(BusEvent *event, const layout::ParsedRecord &record)
{
    event->slot = qint8(record.header.subjectSlot);
    event->message.sender = record.name;
    event->message.senderPid = record.header.subjectPid;
}
} // namespace

BusWatcher::BusWatcher(RingReader &reader, std::unique_ptr<QSystemSemaphore> doorbell, int doorbellId, Sink sink,
                       int batchLimit)
    : m_reader(reader)
    , m_doorbell(std::move(doorbell))
    , m_doorbellId(doorbellId)
    , m_sink(std::move(sink))
    , m_spinTime(spinTime())
    , m_batchLimit(batchLimit)
{
    setObjectName(u"peerchat bus watcher"_s);
}

BusWatcher::~BusWatcher()
{
    stop();
}

void BusWatcher::stop()
{
    if (!isRunning()) {
        m_stopping.store(true, std::memory_order_release);
        return;
    }
    m_stopping.store(true, std::memory_order_release);
    ipckey::ringDoorbell(m_doorbellId);               // wake ourselves so run() sees the flag
    wait();
    m_ended.observe();   // before the members run() used are destroyed (runended_p.h)
}

// Reads up to m_batchLimit records from *position on. Returns false when the ring had nothing new.
// With a message sink, messages go to m_run as they are read; a run is moved into `events`
// before any other event is added there, so that `events` then m_run keep the ring's order.
bool BusWatcher::drain(quint64 *position, std::vector<BusEvent> *events, bool useMessageSink)
{
    const bool toRun = useMessageSink && m_messageSink;
    bool any = false;
    for (int n = 0; n < m_batchLimit; ++n) {
        RingReader::ReadResult result = m_reader.read(*position);
        if (result.status == RingReader::ReadStatus::Empty)
            break;
        any = true;
        *position = result.next;
        if (result.status == RingReader::ReadStatus::Skipped)
            continue;
        layout::ParsedRecord &record = result.record;
        const bool isMessage = result.status == RingReader::ReadStatus::Record
            && (record.header.kind == layout::RecordMessage || record.header.kind == layout::RecordRelayed
                || record.header.kind == layout::RecordBytes);
        if (isMessage && toRun) {
            m_run.push_back(RingReader::messageOf(&record, result.seq));
            continue;
        }
        if (toRun)
            moveRunTo(events);
        BusEvent event;
        if (result.status == RingReader::ReadStatus::Missed) {
            if (result.damaged && !events->empty() && events->back().kind == BusEvent::Kind::Damaged) {
                events->back().missed += result.missed;   // a run of damaged cells: one event
                continue;
            }
            if (result.damaged) {
                event.kind = BusEvent::Kind::Damaged;
                event.message.seq = result.seq;   // the bus words the notice from it
                event.missed = result.missed;
            } else if (result.missed > 0) {
                event.kind = BusEvent::Kind::Missed;
                event.missed = result.missed;
            } else {
                continue;   // only our own records were skipped
            }
            events->push_back(std::move(event));
            continue;
        }
        switch (record.header.kind) {
        case layout::RecordMessage:
        case layout::RecordRelayed:
        case layout::RecordBytes:
            event.kind = BusEvent::Kind::Message;
            event.message = RingReader::messageOf(&record, result.seq);
            break;
        case layout::RecordJoined:
            m_reader.mapOutboxAhead(record.header.subjectSlot);   // before its messages come
            event.kind = BusEvent::Kind::Joined;
            setPeer(&event, record);
            break;
        case layout::RecordLeft:
            event.kind = BusEvent::Kind::Left;
            setPeer(&event, record);
            break;
        case layout::RecordRemoteJoined:
        case layout::RecordRemoteLeft:
            event.kind = record.header.kind == layout::RecordRemoteJoined ? BusEvent::Kind::RemoteJoined
                                                                          : BusEvent::Kind::RemoteLeft;
            setPeer(&event, record);
            break;
        }
        events->push_back(std::move(event));
    }
    m_reader.endBatch();
    return any;
}

void BusWatcher::moveRunTo(std::vector<BusEvent> *events)
{
    for (BusMessage &message : m_run) {
        BusEvent &event = events->emplace_back();
        event.kind = BusEvent::Kind::Message;
        event.message = std::move(message);
    }
    m_run.clear();
}

bool BusWatcher::readAhead(quint64 past)
{
    Q_ASSERT(QThread::currentThread() == this);
    while (m_position <= past) {
        if (m_ahead.size() >= MaxAhead || !drain(&m_position, &m_ahead, false))
            return false;
        m_reader.commitReadPosition(m_position);
    }
    return true;
}

bool BusWatcher::spinForData(quint64 position) const
{
    if (m_spinTime.count() == 0)
        return m_reader.hasDataAt(position);
    const auto until = std::chrono::steady_clock::now() + m_spinTime;
    do {
        for (int i = 0; i < 64; ++i) {
            if (m_reader.hasDataAt(position))
                return true;
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        }
    } while (std::chrono::steady_clock::now() < until && !isStopping());
    return false;
}

void BusWatcher::run()
{
    const auto ended = m_ended.marker();
    m_position = m_reader.readPosition();
    quint64 &position = m_position;
    std::vector<BusEvent> events;
    while (!isStopping()) {
        const bool readBefore = !m_ahead.empty();   // by readAhead() during the last sink call
        if (readBefore)
            events.swap(m_ahead);
        if (drain(&position, &events) || readBefore) {
            m_reader.commitReadPosition(position);
            if (m_reader.isNearHead(position))
                m_reader.clearLaggard();    // close enough: senders may wait for us again
            if (!events.empty()) {
                moveRunTo(&events);
                m_sink(std::move(events));   // may wait while the bus's thread is behind
                events.clear();
            } else if (!m_run.empty()) {
                m_messageSink(m_run);        // only messages: the fast path
                m_run.clear();
            }
            continue;
        }
        m_reader.clearLaggard();            // caught up: senders may wait for us again
        if (spinForData(position))
            continue;
        // Sleep protocol: announce, re-check, then block. publish() does CAS-then-load-mask, we
        // do set-mask-then-load-cell, both seq_cst: one of the two always sees the other.
        m_reader.setSleeping(true);
        if (m_reader.hasDataAt(position) || isStopping()) {
            m_reader.setSleeping(false);
            continue;
        }
        failpoint::hit(failpoint::Point::BeforeSleep);
        // Sleep on our doorbell, but look at the ring once a second by ourselves: as long as
        // nothing came, the sleep announcement stays as it is and costs nothing more.
        int woken = 0;
        while ((woken = ipckey::waitDoorbell(m_doorbellId, IdleCheckMs)) == 0) {
            m_idleChecks.fetch_add(1, std::memory_order_relaxed);
            if (m_reader.hasDataAt(position) || isStopping())
                break;
        }
        if (woken < 0) {
            m_reader.setSleeping(false);
            emit failed(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        if (woken > 0)
            m_wakeUps.fetch_add(1, std::memory_order_relaxed);
        m_reader.setSleeping(false);
    }
}
