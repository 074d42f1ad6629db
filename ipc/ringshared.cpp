#include "ringshared.h"

#include "ipclogging.h"
#include "segmentlayout_p.h"

using namespace layout;

quint64 RingShared::countOwn(quint64 from, quint64 to)
{
    OwnLock locker(m_ownLock);
    quint64 count = 0;
    while (!m_ownPositions.empty() && m_ownPositions.front() < to) {
        if (m_ownPositions.front() >= from)
            ++count;
        m_ownPositions.pop();
    }
    return count;
}

void RingShared::repairCell(std::atomic<quint64> *cell, quint64 position, quint64 seen)
{
    if (cell->compare_exchange_strong(seen, freeCell(position), std::memory_order_seq_cst)) {
        m_repairs.fetch_add(1, std::memory_order_relaxed);
        qCWarning(lcIpc) << "repaired ring cell" << position % RingCells << "of" << m_channel << ": it held"
                         << Qt::hex << seen << "at position" << Qt::dec << position;
    }
}
