#include "historyreader.h"

#include "ringreader.h"

#include <QDateTime>

#include <algorithm>
#include <atomic>

using namespace layout;

HistoryReader::History HistoryReader::read(quint64 before, int limit) const
{
    History history;
    history.before = before;
    history.from = before;
    if (limit <= 0)
        return history;
    const std::size_t wanted = std::size_t(limit);
    const quint64 oldest = before > RingCells ? before - RingCells : 0;   // one lap back at most
    NameCache names;
    quint64 lost = 0;
    quint64 position = before;
    while (position > oldest && history.messages.size() < wanted) {
        const quint64 at = position - 1;
        const quint64 cell = m_map.cell(at)->load(std::memory_order_acquire);
        if (cellTag(cell) != publishedTag(at)) {
            // The cell holds a later lap now: positions are published in order, so every older
            // cell of the window was reused before this one. All of them are lost.
            lost += at - oldest + 1;
            position = oldest;
            break;
        }
        position = at;
        // Exactly the checks of live reading: the record matches the cell and is valid; then,
        // after an acquire fence, the sender's outbox seqlock says its bytes were not
        // overwritten while we decoded them, and the cell is unchanged.
        ParsedRecord record;
        bool stillThere = false;
        if (!RingReader::readChecked(m_map, at, cell, &record, &stillThere, &names) || !stillThere) {
            ++lost;   // overwritten (or damaged): never shown, counted
            continue;
        }
        if (record.header.kind != RecordMessage && record.header.kind != RecordRelayed
            && record.header.kind != RecordBytes)
            continue;   // join and leave notices (and remote peers' presence) are not history
        BusEvent event;
        event.kind = BusEvent::Kind::Message;
        event.message = RingReader::messageOf(&record, at);
        event.message.history = true;
        history.messages.push_back(std::move(event));
    }
    history.from = position;
    history.unrecoverable = std::min<quint64>(lost, wanted - history.messages.size());
    std::reverse(history.messages.begin(), history.messages.end());   // oldest first
    return history;
}
