// libFuzzer target over the code that reads a segment: the header check, the peer table, the
// ring cells and the records in the outboxes, exactly as a peer's watcher reads them
// (ChannelSegment::read on a segment image). The input is a list of edits to a valid, empty
// segment, so the fuzzer spends its time past the header check:
//   0 off:u16 len:u8 bytes   raw bytes into the header / peer table / ring area
//   1 slot:u8 state:u8 pid:u32 readPos:u32    a peer slot's owner word and read position
//   2 cell:u16 value:u64     a ring cell
//   3 box:u8 off:u24 len:u8 bytes             bytes into an outbox
//   4 head:u32               the head hint
//   5 box:u8 off:u24 kind:u8 nameLen:u8 textLen:u16 stampLap:u8   a record header
// Seeds are in tests/fuzz/corpus; the CI runs a fixed number of runs (scripts/sanitizers.sh).
#include "channelsegment.h"
#include "segmentlayout_p.h"

#include <QString>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;
using namespace layout;

namespace {

uchar *image()
{
    static uchar *memory = static_cast<uchar *>(std::calloc(segmentSize, 1));
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

} // namespace

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
    static ChannelSegment segment(u"fuzz"_s, u"/nonexistent"_s);
    segment.adoptForReading(m, 0);
    (void)segment.activePeers();
    quint64 position = segment.readPosition();
    for (int i = 0; i < 64; ++i) {
        const ChannelSegment::ReadResult result = segment.read(position);
        if (result.status == ChannelSegment::ReadStatus::Empty)
            break;
        position = result.next;
    }
    return 0;
}
