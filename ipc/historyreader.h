#pragma once

#include "busevent_p.h"
#include "segmentlayout_p.h"

#include <QtGlobal>

#include <vector>

// History for a peer that joins late: the messages the ring still holds intact before the
// position where this peer's live reading starts (DESIGN.md, "History"). Runs once, in the
// bus's thread, at join, before the watcher starts.
//
// The seam with live reading is exact by construction: history is read strictly below
// `before` (the peer's first readPos), live reading starts at `before`. Writes no word of the
// segment: it reads cells, outboxes and frontiers with the checks of RingReader::readChecked().
class HistoryReader
{
public:
    struct History
    {
        std::vector<BusEvent> messages;   // Kind::Message, message.history set, oldest first
        quint64 unrecoverable = 0;        // positions in the window whose records were lost
        quint64 from = 0;                 // the window walked: positions [from, before)
        quint64 before = 0;
    };

    explicit HistoryReader(const layout::SegmentMap &map)
        : m_map(map)
    {
    }

    // Walks back from before - 1 until `limit` messages are collected, or the ring (one lap,
    // RingCells positions, or the channel's first position) ends. Join and leave records are
    // skipped. A position whose record was overwritten (the sender's outbox moved on, or its
    // cell was reused for a later lap meanwhile) is counted as unrecoverable, never shown;
    // the count is capped at `limit` minus the messages collected.
    History read(quint64 before, int limit) const;

private:
    const layout::SegmentMap &m_map;
};
