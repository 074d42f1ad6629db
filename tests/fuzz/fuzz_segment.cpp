// libFuzzer target over the code that reads a segment, the whole way a peer reads it: the header
// check, the peer table, the ring cells and the records in the outboxes as the watcher reads them
// (BusWatcher's loop, run synchronously on a segment image: RingReader::read, the "missed"
// counting, runs of damaged cells, the laggard bit and the sleep announcement), the history walk
// (HistoryReader) and MessageBus delivery of what was read: messages, the peer list ("joined",
// "left", remote peers, resync after a loss) and the missed count. The input is a list of edits
// to a valid, empty segment, so the fuzzer spends its time past the header check:
//   0 off:u16 len:u8 bytes   raw bytes into the header / peer table / ring area
//   1 slot:u8 state:u8 pid:u32 readPos:u32    a peer slot's owner word and read position
//   2 cell:u16 value:u64     a ring cell
//   3 box:u8 off:u24 len:u8 bytes             bytes into an outbox
//   4 head:u32               the head hint
//   5 box:u8 off:u24 kind:u8 nameLen:u8 textLen:u16 stampLap:u8   a record header
// We read as slot 0. Seeds are in tests/fuzz/corpus; the CI runs a fixed number of runs
// (scripts/sanitizers.sh).
#include "busevent_p.h"
#include "buswatcher.h"
#include "channelsegment.h"
#include "historyreader.h"
#include "messagebus.h"
#include "segmentlayout_p.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>
#include <QSystemSemaphore>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;
using namespace layout;

namespace {

// Mapped, not allocated: LeakSanitizer, which libFuzzer runs after an input whose mallocs and
// frees do not match, scans every heap block for pointers, and 65 MiB of segment each time cost
// more than the reading itself.
uchar *image()
{
    static uchar *memory = static_cast<uchar *>(
        ::mmap(nullptr, segmentSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    return memory;
}

struct Reader
{
    const uint8_t *data;
    size_t size;
    size_t at = 0;
    bool has(size_t n) const { return at + n <= size; }
    uint64_t take(size_t n)
    {
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v |= uint64_t(data[at++]) << (8 * i);
        return v;
    }
};

// The watcher's loop, run in this thread: BusWatcher::run() reads until the ring has nothing
// new, announces its sleep and then fails to block on doorbell -1 (EINVAL), which ends it.
class SyncWatcher : public BusWatcher
{
public:
    using BusWatcher::BusWatcher;
    void readAll() { run(); }
};

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "fuzz_segment: %s\n", what);
    std::abort();
}

} // namespace

// Delivery without joining (MessageBus befriends it for this): the bus gets a segment that reads
// the image as slot 0, its peer list as join() makes it, and then the events as takeEvents() hands
// them over.
struct MessageBusFuzzing
{
    static void attach(MessageBus &bus, ChannelSegment *segment)
    {
        bus.m_segment.reset(segment);   // not owned: detach() releases it
        bus.m_peers = bus.m_segment->slotTable().activePeers();
        bus.m_missedTotal = 0;
        bus.m_damageReported = false;
        for (const PeerInfo &peer : std::as_const(bus.m_peers))
            bus.watchPeer(peer);
    }
    static void deliver(MessageBus &bus, std::vector<BusEvent> &events) { (void)bus.deliver(events); }   // may move messages out
    static void detach(MessageBus &bus)
    {
        for (int slot = 0; slot < MessageBus::MaxPeers; ++slot)
            bus.unwatchPeer(slot);
        bus.m_peers.clear();
        (void)bus.m_segment.release();
        QCoreApplication::removePostedEvents(nullptr);   // watchPeer()'s queued reaps, never run here
    }
};

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("PEERCHAT_SPIN_US", "0");   // the watcher looks once, then goes to "sleep" (and ends)
    QLoggingCategory::setFilterRules(u"peerchat.*=false"_s);   // a warning per damaged input costs a write
    static QCoreApplication app(*argc, *argv);   // the peer watches (QSocketNotifier, QTimer) need one
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uchar *m = image();
    static std::vector<std::pair<size_t, size_t>> dirty;   // outbox bytes touched last time
    std::memset(m, 0, outboxesOffset);
    for (const auto &[offset, length] : dirty)
        std::memset(m + offset, 0, length);
    dirty.clear();
    writeHeader(m, "fuzz");

    Reader in{data, size};
    while (in.has(1)) {
        const int op = int(in.take(1) % 6);
        if (op == 0 && in.has(3)) {
            const size_t offset = in.take(2) % outboxesOffset;
            size_t length = in.take(1);
            length = std::min({length, in.size - in.at, outboxesOffset - offset});
            std::memcpy(m + offset, data + in.at, length);
            in.at += length;
        } else if (op == 1 && in.has(10)) {
            const int slot = int(in.take(1) % MaxPeers);
            const auto state = SlotState(in.take(1) % 4);
            const auto pid = quint32(in.take(4));
            auto *s = reinterpret_cast<PeerSlot *>(m + slotsOffset + slotStride * size_t(slot));
            s->owner.store(makeOwner(state, 0, pid));
            s->readPos.store(in.take(4));
            s->nameLength.store(4);
            std::memcpy(s->name, "peer", 4);
        } else if (op == 2 && in.has(10)) {
            const size_t cell = in.take(2) % RingCells;
            reinterpret_cast<std::atomic<quint64> *>(m + ringOffset)[cell].store(in.take(8));
        } else if (op == 3 && in.has(5)) {
            const size_t box = in.take(1) % MaxPeers;
            const size_t offset = in.take(3) % OutboxSize;
            size_t length = in.take(1);
            length = std::min({length, in.size - in.at, size_t(OutboxSize) - offset});
            const size_t at = outboxesOffset + box * OutboxSize + offset;
            std::memcpy(m + at, data + in.at, length);
            dirty.emplace_back(at, length);
            in.at += length;
        } else if (op == 4 && in.has(4)) {
            reinterpret_cast<Header *>(m)->head.store(in.take(4));
        } else if (op == 5 && in.has(9)) {
            const size_t box = in.take(1) % MaxPeers;
            const size_t offset = (in.take(3) % OutboxSize) & ~size_t(RecordAlign - 1);
            RecordHeader r{};
            r.kind = quint16(in.take(1) % 4);
            r.nameBytes = quint8(in.take(1));
            r.textBytes = quint32(in.take(2));
            r.stamp = in.take(1) * OutboxSize + offset;
            const size_t at = outboxesOffset + box * OutboxSize + offset;
            if (offset + sizeof r <= OutboxSize) {
                std::memcpy(m + at, &r, sizeof r);
                dirty.emplace_back(at, sizeof r);
            }
        } else {
            break;
        }
    }

    if (checkHeader(m, segmentSize, "fuzz").check != HeaderCheck::Ok)
        return 0;
    // One reader and one watcher for all inputs (a QThread made per input cost a third of the time).
    static ChannelSegment segment(u"fuzz"_s, u"/nonexistent"_s);
    static SyncWatcher *watcher = nullptr;
    static std::vector<BusEvent> *sink = nullptr;
    segment.adoptForReading(m, 0);
    std::vector<BusEvent> events;
    sink = &events;
    if (!watcher) {
        watcher = new SyncWatcher(segment.reader(), nullptr, -1, [](std::vector<BusEvent> &&batch) {
            for (BusEvent &event : batch)
                sink->push_back(std::move(event));
        });
    }

    // History below our read position, as join() reads it before the watcher starts.
    const quint64 firstLive = segment.reader().readPosition();
    HistoryReader::History history = HistoryReader(segment.map()).read(firstLive, MessageBus::MaxHistoryLimit);
    BusEvent end;
    end.kind = BusEvent::Kind::HistoryEnd;
    end.count = history.messages.size();
    end.missed = history.unrecoverable;
    events = std::move(history.messages);
    events.push_back(std::move(end));

    // Live reading from there, as the watcher thread does it.
    watcher->readAll();

    // Delivery through the bus, with what it must keep true whatever the bytes said.
    static MessageBus *bus = new MessageBus(u"fuzz"_s);   // never joined, never destroyed
    quint64 missed = 0;
    for (const BusEvent &event : events) {
        if (event.kind == BusEvent::Kind::Missed || event.kind == BusEvent::Kind::Damaged)
            missed += event.missed;
    }
    MessageBusFuzzing::attach(*bus, &segment);
    MessageBusFuzzing::deliver(*bus, events);
    const QList<PeerInfo> peers = bus->peers();
    int selves = 0;
    for (qsizetype i = 0; i < peers.size(); ++i) {
        selves += peers.at(i).isSelf ? 1 : 0;
        for (qsizetype j = i + 1; j < peers.size(); ++j) {
            if (peers.at(i).isSamePeer(peers.at(j)))
                broken("a peer is listed twice");
        }
    }
    if (selves > 1)
        broken("more than one peer in the list is this one");
    if (bus->missedCount() != missed)
        broken("the missed count is not the sum of what was reported missed");
    MessageBusFuzzing::detach(*bus);
    return 0;
}
