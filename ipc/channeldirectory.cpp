#include "channeldirectory.h"

#include "channellock.h"
#include "channelsegment.h"
#include "doorbellrecords.h"
#include "ipckey.h"
#include "peerprocess.h"
#include "runtimedir.h"
#include "segmentlayout_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstring>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ChannelDirectory", text);
}

ChannelDirectory::Channel inspect(const QString &dir, const QString &name)
{
    ChannelDirectory::Channel channel;
    channel.name = name;
    const ipckey::SegmentView view(ChannelSegment::segmentKeyFile(dir, name));
    if (!view.data()) {
        channel.problem = tr("no segment (nobody has joined since the last peer left)");
        return channel;
    }
    const auto *base = static_cast<const uchar *>(view.data());
    const std::size_t size = view.size();
    const layout::HeaderVerdict verdict = layout::checkHeader(base, size, name.toUtf8());
    channel.layoutVersion = verdict.foundVersion;
    switch (verdict.check) {
    case layout::HeaderCheck::Ok:
        break;
    case layout::HeaderCheck::OtherVersion:
        channel.problem = tr("made by another peerchat (layout version %1; this one uses %2)").arg(verdict.foundVersion).arg(layout::Version);
        return channel;
    case layout::HeaderCheck::OtherChannel:
        channel.problem = tr("its key is used by channel \"%1\"").arg(QString::fromUtf8(verdict.foundChannel));
        return channel;
    default:
        channel.problem = tr("damaged: its header fails the checks");
        return channel;
    }
    channel.healthy = true;
    const auto *header = reinterpret_cast<const layout::Header *>(base);
    // Every record ever published took one ring position: the head says how many (the header's
    // publishedCount is no longer kept up, see DESIGN.md).
    const quint64 head = header->head.load(std::memory_order_relaxed);
    channel.published = head;
    channel.held = std::min<quint64>(head, layout::RingCells);
    for (int i = 0; i < int(layout::MaxPeers); ++i) {
        const auto *slot = reinterpret_cast<const layout::PeerSlot *>(base + layout::slotsOffset + layout::slotStride * std::size_t(i));
        const quint64 owner = slot->owner.load(std::memory_order_acquire);
        if (layout::ownerState(owner) == layout::SlotFree)
            continue;
        ChannelDirectory::Peer peer;
        peer.slot = i;
        peer.pid = layout::ownerPid(owner);
        const quint32 length = std::min<quint32>(slot->nameLength.load(std::memory_order_relaxed), layout::MaxNameBytes);
        char nameBytes[layout::MaxNameBytes];
        std::memcpy(nameBytes, slot->name, length);
        peer.name = layout::isValidUtf8(nameBytes, length) ? QString::fromUtf8(nameBytes, length) : u"?"_s;
        switch (peerprocess::state(peer.pid, slot->startTime.load(std::memory_order_relaxed))) {
        case peerprocess::State::Running:
            peer.state = ChannelDirectory::Peer::State::Alive;
            break;
        case peerprocess::State::Stopped:
            peer.state = ChannelDirectory::Peer::State::Frozen;
            break;
        case peerprocess::State::Gone:
            peer.state = ChannelDirectory::Peer::State::Gone;
            break;
        }
        channel.peers.append(peer);
    }
    return channel;
}

} // namespace

QList<ChannelDirectory::Channel> ChannelDirectory::channels()
{
    QList<Channel> result;
    const QString dir = runtimedir::path();
    for (const QString &file : QDir(dir).entryList({u"*.seg"_s}, QDir::Files, QDir::Name)) {
        const QString name = file.chopped(4);
        if (name.size() <= 64 && !name.contains(u'/'))
            result.append(inspect(dir, name));
    }
    return result;
}

bool ChannelDirectory::purge(const QString &channel, QString *why)
{
    QString problem;
    const std::optional<QString> dir = runtimedir::ensure(&problem);
    if (!dir) {
        *why = problem;
        return false;
    }
    ChannelLock lock;
    if (lock.lock(*dir + u'/' + channel + u".lock"_s, 2000ms) != ChannelLock::Result::Locked) {
        *why = tr("channel \"%1\" is busy: a peer is joining or leaving it right now").arg(channel);
        return false;
    }
    const Channel status = inspect(*dir, channel);
    QStringList live;
    for (const Peer &peer : status.peers) {
        if (peer.state != Peer::State::Gone)
            live.append(u"%1 (pid %2)"_s.arg(peer.name).arg(peer.pid));
    }
    if (!live.isEmpty()) {
        *why = tr("channel \"%1\" still has live peers: %2; they must leave first").arg(channel, live.join(u", "_s));
        return false;
    }
    const QString keyFile = ChannelSegment::segmentKeyFile(*dir, channel);
    const bool hadSegment = ipckey::segmentAttachCount(keyFile) != -1;
    if (hadSegment && !ipckey::removeSegment(keyFile)) {
        *why = tr("cannot remove the segment of channel \"%1\"").arg(channel);
        return false;
    }
    DoorbellRecords(*dir, channel).removeAllDead();
    QFile::remove(keyFile);
    lock.unlockAndRemove();
    if (!hadSegment && status.peers.isEmpty() && !status.healthy && status.layoutVersion == 0)
        *why = tr("channel \"%1\" had no segment; its files were removed").arg(channel);
    return true;
}
