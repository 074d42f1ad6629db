#include "slottable.h"

#include "doorbellrecords.h"
#include "failpoint.h"
#include "ipclogging.h"
#include "peerprocess.h"

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace layout;

void SlotTable::clearPeerBits(int index)
{
    const quint64 bit = quint64(1) << index;
    Header *h = m_map.header();
    h->sleepMask.fetch_and(~bit, std::memory_order_seq_cst);
    h->laggardMask.fetch_and(~bit, std::memory_order_seq_cst);
}

int SlotTable::claim(quint64 startTime)
{
    for (int i = 0; i < int(MaxPeers); ++i) {
        PeerSlot *s = m_map.slot(i);
        quint64 owner = s->owner.load(std::memory_order_acquire);
        if (ownerState(owner) != SlotFree)
            continue;
        const quint64 joining = ownerWithState(owner, SlotJoining, quint32(peerprocess::ownPid()));
        if (s->owner.compare_exchange_strong(owner, joining, std::memory_order_acq_rel)) {
            m_slot = i;
            m_owner = joining;
            failpoint::hit(failpoint::Point::AfterClaimCas);
            // The slot's start time is 0 until here (freed slots have none): a reaper meanwhile
            // sees a joining slot with no start time and a live pid, and leaves it alone.
            s->startTime.store(startTime, std::memory_order_release);
            return i;
        }
    }
    return -1;
}

void SlotTable::fillIn(const QByteArray &name, int doorbellId, const QString &doorbellKeyFile, quint64 startTime)
{
    PeerSlot *s = m_map.slot(m_slot);
    s->startTime.store(startTime, std::memory_order_relaxed);
    const auto length = std::min<quint32>(quint32(name.size()), MaxNameBytes);
    std::memcpy(s->name, name.constData(), length);
    s->nameLength.store(length, std::memory_order_relaxed);
    m_doorbellId = doorbellId;
    s->doorbellId.store(storedDoorbellId(doorbellId), std::memory_order_relaxed);
    m_bells.write(m_slot, doorbellId, doorbellKeyFile, startTime);
    s->sleepWord.store(makeSleepWord(0, SleepAwake), std::memory_order_relaxed);
    clearPeerBits(m_slot);
}

bool SlotTable::activate()
{
    // A CAS, not a store: if the slot is no longer ours as a joiner (a reaper took it), we must
    // not take it back from whoever holds it now.
    quint64 expected = m_owner;
    const quint64 active = ownerWithState(m_owner, SlotActive, quint32(peerprocess::ownPid()));
    if (!m_map.slot(m_slot)->owner.compare_exchange_strong(expected, active, std::memory_order_seq_cst)) {
        m_slot = -1;
        return false;
    }
    m_owner = active;
    return true;
}

void SlotTable::release()
{
    if (m_slot < 0)
        return;
    PeerSlot *s = m_map.slot(m_slot);
    clearPeerBits(m_slot);
    s->doorbellId.store(0, std::memory_order_relaxed);
    m_bells.remove(m_slot);
    s->startTime.store(0, std::memory_order_relaxed);   // as in reclaim(): a free slot has none
    quint64 expected = m_owner;
    s->owner.compare_exchange_strong(expected, freedOwner(m_owner), std::memory_order_acq_rel);
    m_slot = -1;
}

bool SlotTable::reclaim(int index, quint64 owner, Departed *departed)
{
    PeerSlot *s = m_map.slot(index);
    const quint64 mine = ownerWithState(owner, SlotReclaiming, quint32(peerprocess::ownPid()));
    failpoint::hit(failpoint::Point::BeforeReclaimCas);
    if (!s->owner.compare_exchange_strong(owner, mine, std::memory_order_acq_rel))
        return false;
    failpoint::hit(failpoint::Point::AfterReclaimCas);
    const quint32 nameLength = std::min<quint32>(s->nameLength.load(std::memory_order_relaxed), MaxNameBytes);
    departed->slot = index;
    departed->name = QByteArray(s->name, int(nameLength));
    if (!isValidUtf8(departed->name.constData(), std::size_t(departed->name.size())))
        departed->name = "?";
    departed->pid = ownerPid(owner);
    m_bells.removeIfDead(index);
    s->doorbellId.store(0, std::memory_order_relaxed);
    // A free slot has no start time: a reaper that sees the next owner joining judges it by its
    // pid until it has written its own (see reapDead), never by ours.
    s->startTime.store(0, std::memory_order_relaxed);
    clearPeerBits(index);
    s->owner.store(freedOwner(owner), std::memory_order_release);
    qCWarning(lcIpc) << "reclaimed slot" << index << "of dead pid" << departed->pid << "on" << m_channel;
    return true;
}

QList<SlotTable::Departed> SlotTable::reapDead()
{
    QList<Departed> departed;
    for (int i = 0; i < int(MaxPeers); ++i) {
        if (i == m_slot)
            continue;
        PeerSlot *s = m_map.slot(i);
        const quint64 owner = s->owner.load(std::memory_order_acquire);
        if (ownerState(owner) == SlotFree)
            continue;
        const quint64 start = s->startTime.load(std::memory_order_relaxed);
        // A joining peer writes its start time after claiming; give it that instant.
        if (ownerState(owner) == SlotJoining && start == 0 && peerprocess::startTime(ownerPid(owner)) != 0)
            continue;
        if (ownerState(owner) == SlotReclaiming && qint64(ownerPid(owner)) != peerprocess::ownPid()
            && peerprocess::startTime(ownerPid(owner)) != 0)
            continue;   // another live peer is reclaiming it right now
        const quint64 expected = ownerState(owner) == SlotReclaiming ? peerprocess::startTime(ownerPid(owner)) : start;
        if (ownerState(owner) != SlotReclaiming && peerprocess::isAlive(ownerPid(owner), expected))
            continue;
        Departed d{};
        if (reclaim(i, owner, &d) && ownerState(owner) != SlotJoining)
            departed.append(d);
    }
    return departed;
}

bool SlotTable::hasOtherPeers() const
{
    for (int i = 0; i < int(MaxPeers); ++i) {
        if (i != m_slot && ownerState(m_map.slot(i)->owner.load(std::memory_order_acquire)) != SlotFree)
            return true;
    }
    return false;
}

QList<PeerInfo> SlotTable::activePeers() const
{
    QList<PeerInfo> peers;
    for (int i = 0; i < int(MaxPeers); ++i) {
        const PeerSlot *s = m_map.slot(i);
        const quint64 owner = s->owner.load(std::memory_order_acquire);
        if (ownerState(owner) != SlotActive)
            continue;
        const quint32 length = std::min<quint32>(s->nameLength.load(std::memory_order_relaxed), MaxNameBytes);
        const QByteArray name(s->name, int(length));
        PeerInfo peer;
        peer.slot = i;
        peer.name = isValidUtf8(name.constData(), std::size_t(name.size())) ? QString::fromUtf8(name) : u"?"_s;
        peer.pid = ownerPid(owner);
        peer.isSelf = i == m_slot;
        peers.append(peer);
    }
    return peers;
}
