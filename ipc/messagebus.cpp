#include "messagebus.h"

#include "busevent_p.h"
#include "buswatcher.h"
#include "channellock.h"
#include "channelsegment.h"
#include "failpoint.h"
#include "historyreader.h"
#include "ipckey.h"
#include "ipclogging.h"
#include "peerexitwatcher.h"
#include "peerprocess.h"
#include "runtimedir.h"
#include "segmentlayout_p.h"

#include <QRandomGenerator>
#include <QSystemSemaphore>

#include <chrono>
#include <thread>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {
// How long join/leave wait for another process that holds the channel's join lock.
constexpr auto JoinLockPatience = 2000ms;
// Bounds of what the watcher may hold for the bus's thread before it stops reading.
constexpr std::size_t MaxInboxEvents = 8192;
constexpr qsizetype MaxInboxBytes = 4 * 1024 * 1024;     // 32 of the largest messages (as UTF-16)
// ... and while this thread is itself publishing (see publish()).
constexpr std::size_t HardInboxEvents = 65536;
// Events handed to the bus's thread at a time, and the time it may spend on them per event-loop
// turn before the next batch waits for the next turn.
constexpr std::size_t TakeLimit = 512;
constexpr auto TakeBudget = std::chrono::milliseconds(5);
constexpr qsizetype HardInboxBytes = 16 * 1024 * 1024;   // below memorytuning's trim threshold

bool isBidiControl(char32_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
        || c == 0x061c;
}
} // namespace

MessageBus::MessageBus(const QString &channel, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_peerExits(std::make_unique<PeerExitWatcher>(this, [this] { reapDeadPeers(); }))
{
    qRegisterMetaType<ChatMessage>();
    qRegisterMetaType<BusMessage>();
    qRegisterMetaType<PeerInfo>();
    qRegisterMetaType<MessageBus::Error>();
}

MessageBus::~MessageBus()
{
    leave();
}

bool MessageBus::isValidChannelName(const QString &channel)
{
    if (channel.isEmpty() || channel.size() > MaxChannelLength)
        return false;
    for (const QChar ch : channel) {
        const bool ok = (ch >= u'A' && ch <= u'Z') || (ch >= u'a' && ch <= u'z') || (ch >= u'0' && ch <= u'9')
            || ch == u'.' || ch == u'_' || ch == u'-';
        if (!ok)
            return false;
    }
    return true;
}

std::optional<QString> MessageBus::normalizedPeerName(const QString &name, QString *why)
{
    QString reason;
    const QString trimmed = name.trimmed();
    const QList<uint> codePoints = trimmed.toUcs4();
    if (!QStringView(name).isValidUtf16()) {
        reason = tr("the name is not valid text");
    } else if (trimmed.isEmpty()) {
        reason = tr("the name is empty");
    } else if (codePoints.size() > MaxNameLength) {
        reason = tr("the name is %1 characters long; the limit is %2").arg(codePoints.size()).arg(MaxNameLength);
    } else {
        for (const uint c : codePoints) {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                reason = tr("the name contains control characters");
                break;
            }
            if (isBidiControl(char32_t(c))) {
                reason = tr("the name contains text-direction controls");
                break;
            }
        }
    }
    if (!reason.isEmpty()) {
        if (why)
            *why = reason;
        return std::nullopt;
    }
    return trimmed;
}

quint64 MessageBus::channelInstance() const
{
    return m_segment ? m_segment->createdMs() : 0;
}

quint64 MessageBus::wakeUpCount() const
{
    return m_watcher ? m_watcher->wakeUpCount() : 0;
}

void MessageBus::setHistoryLimit(int limit)
{
    m_historyLimit = std::clamp(limit, 0, MaxHistoryLimit);
}

bool MessageBus::isValidUtf8(QByteArrayView bytes)
{
    return layout::isValidUtf8(bytes.data(), std::size_t(bytes.size()));
}

void MessageBus::setError(Error error, const QString &text)
{
    m_error = error;
    m_errorString = text;
}

namespace {
// The bus whose direct handler runs on this thread right now (a watcher thread), if any: its
// sends come from the handler (setDirectHandler()).
thread_local const MessageBus *t_inDirectHandler = nullptr;

struct InDirectHandler
{
    explicit InDirectHandler(const MessageBus *bus) { t_inDirectHandler = bus; }
    ~InDirectHandler() { t_inDirectHandler = nullptr; }
};
} // namespace

bool MessageBus::fail(Error error, const QString &text)
{
    if (t_inDirectHandler == this) {
        // A send from the direct handler (watcher thread): error() and errorString() belong to
        // the bus's thread, so they are set there, with errorOccurred(), a moment later.
        QMetaObject::invokeMethod(this, [this, error, text] {
            setError(error, text);
            emit errorOccurred(error);
        }, Qt::QueuedConnection);
        return false;
    }
    setError(error, text);
    emit errorOccurred(error);
    return false;
}

bool MessageBus::join(const QString &peerName)
{
    if (isJoined())
        return fail(Error::SystemError, tr("Already joined channel \"%1\"").arg(m_channel));
    if (!isValidChannelName(m_channel))
        return fail(Error::InvalidChannel,
                    tr("\"%1\" is not a valid channel name: use 1 to 64 letters, digits, '.', '_' or '-'").arg(m_channel));
    QString why;
    const std::optional<QString> name = normalizedPeerName(peerName, &why);
    if (!name)
        return fail(Error::InvalidName, tr("Cannot use \"%1\" as a peer name: %2").arg(peerName, why));
    const std::optional<QString> dir = runtimedir::ensure(&why);
    if (!dir)
        return fail(Error::PermissionDenied, tr("Cannot use the runtime directory: %1").arg(why));

    ChannelLock lock;
    switch (lock.lock(*dir + u'/' + m_channel + u".lock"_s, JoinLockPatience)) {
    case ChannelLock::Result::Locked:
        break;
    case ChannelLock::Result::TimedOut:
        return fail(Error::ChannelBusy,
                    tr("Channel \"%1\" is busy: process %2 is joining or leaving it and does not finish "
                       "(is it frozen?); try again, or stop that process")
                        .arg(m_channel).arg(lock.holderPid()));
    case ChannelLock::Result::Failed:
        return fail(Error::SystemError, tr("Cannot lock channel \"%1\": %2").arg(m_channel, lock.errorString()));
    }

    auto segment = std::make_unique<ChannelSegment>(m_channel, *dir);
    if (!segment->open())
        return fail(segment->error(), segment->errorString());
    const QList<SlotTable::Departed> departed = segment->slotTable().reapDead();
    const quint64 startTime = peerprocess::startTime(::getpid());
    if (segment->slotTable().claim(startTime) < 0) {
        segment->detach(false);
        return fail(Error::ChannelFull, tr("Channel \"%1\" is full: %2 peers").arg(m_channel).arg(MaxPeers));
    }
    const QString bellName = u"peerchat-%1-%2-%3-%4"_s.arg(m_channel).arg(segment->slotTable().slot()).arg(::getpid())
                                 .arg(qulonglong(QRandomGenerator::system()->generate64()), 16, 16, QChar(u'0'));
    ipckey::Doorbell bell = ipckey::createDoorbell(
        bellName, *dir, [&](const QString &keyFile) { segment->bells().write(segment->slotTable().slot(), -1, keyFile, startTime); }, &why);
    if (!bell.semaphore) {
        segment->slotTable().release();
        segment->detach(!segment->slotTable().hasOtherPeers());
        return fail(Error::SystemError, tr("Cannot create the wake-up semaphore for channel \"%1\": %2").arg(m_channel, why));
    }
    m_peerName = *name;
    m_nameUtf8 = m_peerName.toUtf8();
    m_runtimeDir = *dir;
    const bool sendOnly = m_delivery == Delivery::None;
    if (sendOnly)
        segment->setSendOnly();
    failpoint::hit(failpoint::Point::BeforeActivate);
    if (!segment->activate(m_nameUtf8, bell.id, bell.keyFile, startTime)) {
        segment->detach(false);
        return fail(Error::SystemError, tr("Cannot join channel \"%1\": %2").arg(m_channel, segment->errorString()));
    }
    // Our outbox and the ring are mapped now, and (for a peer that reads) the outboxes of those
    // here already; a later joiner's when its "joined" record is read (BusWatcher::drain).
    const layout::SegmentMap &map = segment->map();
    map.mapOutboxAhead(segment->slotTable().slot(), true);
    map.mapRingAhead();
    if (!sendOnly) {
        for (const PeerInfo &peer : segment->slotTable().activePeers())
            segment->reader().mapOutboxAhead(peer.slot);   // not our own: mapped for writing above
    }
    // History: strictly below our first read position, so live reading (from it on) never
    // repeats or skips a message at the seam. Read before our own "joined" record is written.
    // While we read it, our readPos holds the window: senders wait for us (bounded, as for any
    // reader) before reusing its cells or outbox bytes.
    const quint64 firstLive = segment->reader().readPosition();
    if (m_historyLimit > 0 && !sendOnly)
        segment->reader().commitReadPosition(firstLive > layout::RingCells ? firstLive - layout::RingCells : 0);
    HistoryReader::History history = HistoryReader(segment->map()).read(firstLive, sendOnly ? 0 : m_historyLimit);
    segment->reader().commitReadPosition(firstLive);
    failpoint::hit(failpoint::Point::BeforeJoinedRecord);
    if (!segment->writer().publish(layout::RecordJoined, m_nameUtf8, {}, segment->slotTable().slot(), peerprocess::ownPid())) {
        const QString text = segment->errorString();
        segment->slotTable().release();
        segment->detach(false);
        return fail(Error::Corrupted, text);
    }
    for (const SlotTable::Departed &d : departed)
        (void)segment->writer().publish(layout::RecordLeft, d.name, {}, d.slot, d.pid);

    {
        // History goes into the inbox before the watcher starts: it is delivered first.
        std::unique_lock locker(m_inboxMutex);
        m_stopping = false;
        m_available.clear();   // what an earlier join left untaken
        m_takeParked = false;
        if (!sendOnly) {   // a send-only peer reads nothing: not even historyReceived(0, 0)
            BusEvent end;
            end.kind = BusEvent::Kind::HistoryEnd;
            end.count = history.messages.size();
            end.missed = history.unrecoverable;
            history.messages.push_back(std::move(end));
            for (BusEvent &event : history.messages) {
                m_inboxBytes += event.bytes();
                m_inbox.push_back(std::move(event));
            }
            m_takePending = true;
            QMetaObject::invokeMethod(this, &MessageBus::takeEvents, Qt::QueuedConnection);
        }
    }
    if (history.messages.size() > 1 || history.unrecoverable > 0)
        qCDebug(lcIpc) << "history of" << m_channel << ":" << history.messages.size() - 1 << "messages,"
                       << history.unrecoverable << "unrecoverable, positions" << history.from << ".." << history.before;
    m_segment = std::move(segment);
    // Sends from the direct handler (on the watcher thread): see publish().
    m_segment->writer().setOwnReader(&m_readerInSend, [this](quint64 past) { return m_watcher && m_watcher->readAhead(past); });
    // While publish() waits for readers (our own watcher among them), the watcher must not wait
    // for this thread to empty the inbox: a Dekker pair with postEvents() (both seq_cst), so that
    // either the watcher sees m_publishing or this thread sees it waiting and wakes it. Only
    // when waiting, not per message: a seq_cst store is a locked instruction.
    m_segment->writer().setWaitHook([this](bool waiting) {
        if (!waiting) {
            m_publishing.store(false, std::memory_order_release);
            return;
        }
        m_publishing.store(true, std::memory_order_seq_cst);
        if (m_watcherWaiting.load(std::memory_order_seq_cst)) {
            std::unique_lock locker(m_inboxMutex);
            m_inboxDrained.notify_all();
        }
    });
    m_damageReported = false;
    m_watcher = std::make_unique<BusWatcher>(m_segment->reader(), std::move(bell.semaphore), bell.id,
                                             [this](std::vector<BusEvent> &&events) { dispatch(std::move(events)); },
                                             m_delivery == Delivery::Direct ? BusWatcher::DirectBatch : BusWatcher::BatchLimit);
    if (m_delivery == Delivery::Direct)
        m_watcher->setMessageSink([this](std::vector<BusMessage> &messages) { dispatchMessages(messages); });
    connect(m_watcher.get(), &BusWatcher::failed, this, [this](const QString &text) {
        fail(Error::SystemError, tr("Stopped receiving on channel \"%1\": %2").arg(m_channel, text));
    }, Qt::QueuedConnection);
    if (!sendOnly) {
        // A send-only peer keeps its watcher (it owns the doorbell) but never starts it, and
        // keeps no peer list: it reads no "joined" or "left" record to keep one true.
        m_watcher->start();
        m_peers = m_segment->slotTable().activePeers();
        for (const PeerInfo &peer : std::as_const(m_peers))
            watchPeer(peer);
    }
    setError(Error::None, {});
    qCDebug(lcIpc) << "joined" << m_channel << "as" << m_peerName << "in slot" << m_segment->slotTable().slot();
    return true;
}

void MessageBus::leave()
{
    if (!isJoined())
        return;
    ChannelLock lock;
    const bool locked = lock.lock(m_runtimeDir + u'/' + m_channel + u".lock"_s, JoinLockPatience)
        == ChannelLock::Result::Locked;
    leaveLocked();
    if (!locked)
        qCWarning(lcIpc) << "left" << m_channel << "without its join lock: a frozen peer holds it";
    const bool last = locked && !m_segment->slotTable().hasOtherPeers();
    m_segment->detach(last);
    m_segment.reset();
    if (last)
        lock.unlockAndRemove();   // nothing of the channel stays behind
    m_peerExits->clear();
    m_peers.clear();
}

void MessageBus::leaveLocked()
{
    failpoint::hit(failpoint::Point::BeforeLeftRecord);
    (void)publish(layout::RecordLeft, m_nameUtf8, {}, m_segment->slotTable().slot(), peerprocess::ownPid());
    {
        std::unique_lock locker(m_inboxMutex);
        m_stopping = true;
        m_inboxDrained.notify_all();
    }
    m_watcher->stop();
    m_watcher.reset();          // removes our doorbell semaphore (we created it)
    failpoint::hit(failpoint::Point::BeforeRelease);
    m_segment->slotTable().release();
    // Peers that died unnoticed are taken off now, so that the last one out removes the segment.
    for (const SlotTable::Departed &d : m_segment->slotTable().reapDead())
        qCDebug(lcIpc) << "reaped slot" << d.slot << "while leaving";
    {
        std::unique_lock locker(m_inboxMutex);
        m_inbox.clear();
        m_inboxTaken = 0;
        m_inboxBytes = 0;
        m_takePending = false;   // a takeEvents() still queued finds nothing; a new join queues anew
        m_delivering = false;
    }
    m_takeParked = false;
}

bool MessageBus::send(const QString &text)
{
    if (!QStringView(text).isValidUtf16())
        return fail(Error::InvalidText, tr("The message is not valid text (it has a lone surrogate)"));
    return sendRecord(text.toUtf8());
}

bool MessageBus::sendUtf8(const QByteArray &utf8)
{
    if (!isValidUtf8(utf8))
        return fail(Error::InvalidText, tr("The message is not valid UTF-8; nothing was sent"));
    return sendRecord(utf8);
}

bool MessageBus::sendRecord(const QByteArray &utf8)
{
    if (!isJoined())
        return fail(Error::NotJoined, tr("Cannot send: not joined to channel \"%1\"").arg(m_channel));
    if (utf8.size() > MaxTextBytes)
        return fail(Error::MessageTooLarge,
                    tr("The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent")
                        .arg(utf8.size()).arg(MaxTextBytes));
    if (!publish(layout::RecordMessage, m_nameUtf8, utf8, m_segment->slotTable().slot(), peerprocess::ownPid()))
        return fail(m_segment->error(), m_segment->errorString());
    return true;
}

bool MessageBus::sendBytes(quint16 type, const QByteArray &bytes)
{
    if (!isJoined())
        return fail(Error::NotJoined, tr("Cannot send: not joined to channel \"%1\"").arg(m_channel));
    if (bytes.size() > MaxTextBytes)
        return fail(Error::MessageTooLarge,
                    tr("The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent")
                        .arg(bytes.size()).arg(MaxTextBytes));
    if (!publish(layout::RecordBytes, m_nameUtf8, bytes, m_segment->slotTable().slot(), peerprocess::ownPid(), type))
        return fail(m_segment->error(), m_segment->errorString());
    return true;
}

bool MessageBus::sendUtf8Batch(const QList<QByteArray> &messages)
{
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (!isValidUtf8(messages.at(i)))
            return fail(Error::InvalidText, tr("Message %1 of %2 is not valid UTF-8; nothing was sent")
                                                .arg(i + 1).arg(messages.size()));
    }
    return sendRecords(layout::RecordMessage, 0, messages);
}

bool MessageBus::sendBatch(const QStringList &texts)
{
    QList<QByteArray> utf8;
    utf8.reserve(texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (!QStringView(texts.at(i)).isValidUtf16())
            return fail(Error::InvalidText, tr("Message %1 of %2 is not valid text (it has a lone surrogate); nothing was sent")
                                                .arg(i + 1).arg(texts.size()));
        utf8 << texts.at(i).toUtf8();
    }
    return sendRecords(layout::RecordMessage, 0, utf8);
}

bool MessageBus::sendBytesBatch(quint16 type, const QList<QByteArray> &payloads)
{
    return sendRecords(layout::RecordBytes, type, payloads);
}

bool MessageBus::sendRecords(layout::RecordKind kind, quint32 tag, const QList<QByteArray> &payloads)
{
    if (!isJoined())
        return fail(Error::NotJoined, tr("Cannot send: not joined to channel \"%1\"").arg(m_channel));
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        if (payloads.at(i).size() > MaxTextBytes)
            return fail(Error::MessageTooLarge,
                        tr("Message %1 of %2 is %3 bytes long; the limit is %4 bytes (64 KiB); nothing was sent")
                            .arg(i + 1).arg(payloads.size()).arg(payloads.at(i).size()).arg(MaxTextBytes));
    }
    const int slot = m_segment->slotTable().slot();
    const qint64 pid = peerprocess::ownPid();
    std::vector<OutgoingRecord> records;
    records.reserve(std::size_t(payloads.size()));
    for (const QByteArray &payload : payloads)
        records.push_back({kind, m_nameUtf8, payload, slot, pid, tag});
    if (!records.empty() && !publishAll(records))
        return fail(m_segment->error(), m_segment->errorString());
    return true;
}

void MessageBus::setDelivery(Delivery delivery)
{
    if (isJoined()) {
        qCWarning(lcIpc) << "setDelivery() while joined to" << m_channel << "is ignored";
        return;
    }
    m_delivery = delivery;
}

void MessageBus::setDirectHandler(DirectHandler handler)
{
    if (isJoined()) {
        qCWarning(lcIpc) << "setDirectHandler() while joined to" << m_channel << "is ignored";
        return;
    }
    m_directHandler = std::move(handler);
    m_delivery = m_directHandler ? Delivery::Direct : Delivery::Signal;
}

QList<BusMessage> MessageBus::takeMessages(int max)
{
    QList<BusMessage> taken;
    if (max < 0 || max >= m_available.size()) {
        taken.swap(m_available);
    } else if (max > 0) {
        taken = m_available.first(max);
        m_available.remove(0, max);
    }
    if (m_takeParked && std::size_t(m_available.size()) < MaxInboxEvents) {
        m_takeParked = false;   // read on: the inbox (and the watcher behind it) may flow again
        QMetaObject::invokeMethod(this, &MessageBus::takeEvents, Qt::QueuedConnection);
    }
    return taken;
}

bool MessageBus::sendAs(const QString &sender, const QString &text, quint32 relayTag)
{
    if (!QStringView(text).isValidUtf16())
        return fail(Error::InvalidText, tr("The message is not valid text (it has a lone surrogate)"));
    return publishRemote(layout::RecordRelayed, sender, text.toUtf8(), relayTag);
}

bool MessageBus::announceRemotePeer(const QString &name)
{
    return publishRemote(layout::RecordRemoteJoined, name, {});
}

bool MessageBus::withdrawRemotePeer(const QString &name)
{
    return publishRemote(layout::RecordRemoteLeft, name, {});
}

bool MessageBus::publishRemote(layout::RecordKind kind, const QString &name, const QByteArray &text, quint32 tag)
{
    if (!isJoined())
        return fail(Error::NotJoined, tr("Cannot send: not joined to channel \"%1\"").arg(m_channel));
    QString why;
    const std::optional<QString> checked = normalizedPeerName(name, &why);
    if (!checked || checked->toUtf8().size() > MaxRemoteNameBytes) {
        if (checked)
            why = tr("the name is over %1 bytes long").arg(MaxRemoteNameBytes);
        return fail(Error::InvalidName, tr("Cannot use \"%1\" as a peer name: %2").arg(name, why));
    }
    if (text.size() > MaxTextBytes)
        return fail(Error::MessageTooLarge,
                    tr("The message is %1 bytes long; the limit is %2 bytes (64 KiB); nothing was sent")
                        .arg(text.size()).arg(MaxTextBytes));
    if (!publish(kind, checked->toUtf8(), text, m_segment->slotTable().slot(), peerprocess::ownPid(), tag))
        return fail(m_segment->error(), m_segment->errorString());
    return true;
}

// While this thread publishes, it may wait for other peers' watchers, which may wait for their
// own threads, which may be publishing to us: so our watcher must keep reading meanwhile, past
// the inbox's soft bound (up to the hard one), or two busy senders could stall each other.
std::optional<quint64> MessageBus::publish(layout::RecordKind kind, const QByteArray &name, const QByteArray &text,
                                           int subjectSlot, qint64 subjectPid, quint32 tag)
{
    const OutgoingRecord record{kind, name, text, subjectSlot, subjectPid, tag};
    return publishAll(std::span(&record, 1));
}

// Returns the last record's position once all are published, in order.
std::optional<quint64> MessageBus::publishAll(std::span<const OutgoingRecord> records)
{
    // Delivery::Direct: the handler may send on the watcher thread (setDirectHandler()), so the
    // writer is taken in turn. While the handler sends (or waits for its turn), our own watcher
    // reads nothing: m_readerInSend says so to the writer. The handler's own publish does not
    // wait for our watcher then; any other publish that needs it to read on gives way (nullopt):
    // we let the handler's send go first and try again. The handler also goes first at the
    // lock: a thread that sends on and on would otherwise keep the (unfair) mutex meanwhile.
    const bool fromHandler = t_inDirectHandler == this;
    const auto letHandlerSendFirst = [this] {
        for (int round = 0; m_readerInSend.load(std::memory_order_acquire); ++round)
            round < 64 ? std::this_thread::yield() : std::this_thread::sleep_for(std::chrono::microseconds(50));
    };
    std::unique_lock sendLock(m_sendMutex, std::defer_lock);
    if (m_delivery == Delivery::Direct) {
        if (fromHandler)
            m_readerInSend.store(true, std::memory_order_seq_cst);
        else
            letHandlerSendFirst();
        sendLock.lock();
    }
    RingWriter &writer = m_segment->writer();
    writer.setSenderIsOwnReader(fromHandler);
    const quint64 repairs = m_segment->repairCount();
    quint64 last = 0;
    std::size_t done = writer.publishAll(records, &last);
    while (done < records.size() && m_delivery == Delivery::Direct && !fromHandler) {
        sendLock.unlock();
        letHandlerSendFirst();
        sendLock.lock();
        writer.setSenderIsOwnReader(false);
        done += writer.publishAll(records.subspan(done), &last);
    }
    const std::optional<quint64> position = done == records.size() ? std::optional(last) : std::nullopt;
    const bool repaired = m_segment->repairCount() != repairs;
    if (fromHandler)
        m_readerInSend.store(false, std::memory_order_release);
    if (repaired) {
        const QString why = tr("ring cells held bytes that no peer writes; they were freed again");
        if (fromHandler)
            QMetaObject::invokeMethod(this, [this, why] { reportDamage(why); }, Qt::QueuedConnection);
        else
            reportDamage(why);
    }
    return position;
}

// Watcher thread. Delivery::Direct: the messages at the front of the batch go to the handler
// right here, if nothing handed to the bus's thread is still waiting or being delivered (so the
// one order holds); everything from the first other event on goes through the inbox, and the
// bus's thread hands those messages to the handler in order with the events (deliver()).
void MessageBus::dispatch(std::vector<BusEvent> &&events)
{
    if (m_delivery == Delivery::Direct) {
        bool direct = false;
        {
            std::unique_lock locker(m_inboxMutex);
            direct = m_inbox.empty() && !m_takePending && !m_delivering && !m_stopping;
        }
        if (direct) {
            std::size_t i = 0;
            for (; i < events.size() && events[i].kind == BusEvent::Kind::Message; ++i)
                m_directRun.push_back(std::move(events[i].message));
            if (!m_directRun.empty()) {
                InDirectHandler marker(this);
                m_directHandler(std::span<const BusMessage>(m_directRun));
            }
            m_directRun.clear();
            if (i == events.size())
                return;
            events.erase(events.begin(), events.begin() + std::ptrdiff_t(i));
        }
    }
    postEvents(std::move(events));
}

// Watcher thread, Delivery::Direct: a batch of messages only, handed to the handler here unless
// events wait in the inbox (they come first: then the messages queue up behind them).
void MessageBus::dispatchMessages(std::vector<BusMessage> &messages)
{
    bool direct = false;
    {
        std::unique_lock locker(m_inboxMutex);
        direct = m_inbox.empty() && !m_takePending && !m_delivering && !m_stopping;
    }
    if (direct) {
        InDirectHandler marker(this);
        m_directHandler(std::span<const BusMessage>(messages));
        return;
    }
    std::vector<BusEvent> events(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i)
        events[i].message = std::move(messages[i]);   // Kind::Message by default
    postEvents(std::move(events));
}

void MessageBus::postEvents(std::vector<BusEvent> &&events)
{
    std::unique_lock locker(m_inboxMutex);
    for (BusEvent &event : events) {
        m_inboxBytes += event.bytes();
        m_inbox.push_back(std::move(event));
    }
    if (!m_takePending) {
        // Queued after the lock is released: the call wakes the bus's thread, which would
        // otherwise run (on this CPU, ahead of us) only to block on the inbox lock we still hold,
        // and wait for a second wake-up when we release it (perf sched: two switches per hop).
        // No other takeEvents() call is pending or running to take what we added (m_takePending
        // was false), and leave() stops this thread before the bus goes away.
        m_takePending = true;
        locker.unlock();
        QMetaObject::invokeMethod(this, &MessageBus::takeEvents, Qt::QueuedConnection);
        locker.lock();
    }
    const auto full = [this](std::size_t events, qsizetype bytes) {
        return m_inbox.size() - m_inboxTaken > events || m_inboxBytes > bytes;
    };
    while (!m_stopping && full(MaxInboxEvents, MaxInboxBytes)) {
        m_watcherWaiting.store(true, std::memory_order_seq_cst);
        if (m_publishing.load(std::memory_order_seq_cst) && !full(HardInboxEvents, HardInboxBytes)) {
            m_watcherWaiting.store(false, std::memory_order_relaxed);
            break;
        }
        m_inboxDrained.wait_for(locker, std::chrono::milliseconds(10));   // re-checks m_publishing every 10 ms
        m_watcherWaiting.store(false, std::memory_order_relaxed);
    }
}

void MessageBus::takeEvents()
{
    // Batches of at most TakeLimit events, for at most TakeBudget per event-loop turn, so that
    // a flood never holds the bus's thread (a window's) for long, while a thread that turns its
    // event loop only now and then (a busy sender) still empties its inbox: the rest comes in
    // the next queued call.
    const auto deadline = std::chrono::steady_clock::now() + TakeBudget;
    std::vector<BusEvent> events;   // kept across batches: allocated once per call, as large as needed
    for (;;) {
        if (m_delivery == Delivery::Batch && std::size_t(m_available.size()) >= MaxInboxEvents) {
            m_takeParked = true;    // takeMessages() queues us again; meanwhile the inbox fills up
            return;                 // and the watcher waits: back-pressure, as for any slow reader
        }
        bool last = false;
        {
            std::unique_lock locker(m_inboxMutex);
            m_delivering = true;
            const std::size_t end = std::min(m_inbox.size(), m_inboxTaken + TakeLimit);
            events.reserve(end - m_inboxTaken);
            for (std::size_t i = m_inboxTaken; i < end; ++i) {
                m_inboxBytes -= m_inbox[i].bytes();
                events.push_back(std::move(m_inbox[i]));
            }
            m_inboxTaken = end;
            if (m_inboxTaken == m_inbox.size()) {
                m_inbox.clear();
                m_inboxTaken = 0;
                m_inboxBytes = 0;
                m_takePending = false;   // the watcher queues the next call
                last = true;
            }
            m_inboxDrained.notify_all();
        }
        const bool joined = deliver(events);
        {
            std::unique_lock locker(m_inboxMutex);
            m_delivering = false;
        }
        if (!joined)
            return;                      // left the channel meanwhile (leaveLocked() resets the inbox)
        events.clear();
        if (last)
            return;
        if (std::chrono::steady_clock::now() >= deadline) {
            QMetaObject::invokeMethod(this, &MessageBus::takeEvents, Qt::QueuedConnection);
            return;
        }
    }
}

void MessageBus::flushRun(std::vector<BusMessage> &run)
{
    if (run.empty())
        return;
    if (m_delivery == Delivery::Direct) {
        m_directHandler(std::span<const BusMessage>(run));
    } else {
        m_available.reserve(m_available.size() + qsizetype(run.size()));
        for (BusMessage &message : run)
            m_available.append(std::move(message));
        run.clear();
        emit messagesAvailable();
    }
    run.clear();
}

bool MessageBus::deliver(std::vector<BusEvent> &events)
{
    std::vector<BusMessage> run;   // Batch and Direct: the messages since the last other event
    for (BusEvent &event : events) {
        if (!isJoined())
            return false;
        if (event.kind == BusEvent::Kind::Message) {
            if (m_delivery == Delivery::Signal)
                emit messageReceived(event.message.toChatMessage());
            else
                run.push_back(std::move(event.message));
            continue;
        }
        flushRun(run);   // the messages before this event first: one order
        if (!isJoined())
            return false;
        switch (event.kind) {
        case BusEvent::Kind::Message:
            break;
        case BusEvent::Kind::Joined:
        case BusEvent::Kind::RemoteJoined:
            addPeer(event.peer());
            break;
        case BusEvent::Kind::Left:
        case BusEvent::Kind::RemoteLeft:
            removePeer(event.peer());
            break;
        case BusEvent::Kind::HistoryEnd:
            emit historyReceived(int(event.count), event.missed);
            break;
        case BusEvent::Kind::Damaged: {
            const QString why = u"the record at position %1 is not valid"_s.arg(event.message.seq);
            qCWarning(lcIpc) << "damaged record on" << m_channel << ":" << why;
            reportDamage(why);
        }
            Q_FALLTHROUGH();
        case BusEvent::Kind::Missed:
            m_missedTotal += event.missed;
            emit messagesMissed(event.missed);
            resyncPeers();
            break;
        }
    }
    if (isJoined())
        flushRun(run);
    return isJoined();
}

// Damage is reported once per join (errorOccurred); later damage is logged and counted only.
void MessageBus::reportDamage(const QString &why)
{
    if (m_damageReported)
        return;
    m_damageReported = true;
    setError(Error::Corrupted, tr("Channel %1 is damaged: %2").arg(m_channel, why));
    emit errorOccurred(Error::Corrupted);
}

void MessageBus::addPeer(const PeerInfo &peer)
{
    if (peer.slot < 0 || peer.slot >= MaxPeers || (m_segment && peer.slot == m_segment->slotTable().slot()))
        return;   // a forged "joined" naming our own slot (or none): we are in our list already
    for (const PeerInfo &known : std::as_const(m_peers)) {
        if (known.isSamePeer(peer))
            return;   // already known (e.g. after a resync, or a remote peer announced again)
    }
    if (peer.remote) {
        // A remote peer belongs to a live bridge we know; a late record of a bridge gone is dropped.
        const bool hostKnown = std::any_of(m_peers.cbegin(), m_peers.cend(), [&](const PeerInfo &p) {
            return !p.remote && p.slot == peer.slot && p.pid == peer.pid;
        });
        if (!hostKnown)
            return;
        m_peers.append(peer);
        emit peerJoined(peer);
        return;
    }
    for (const PeerInfo &known : std::as_const(m_peers)) {
        if (known.slot == peer.slot && !known.remote) {
            removePeer(known);   // its "left" was lost; say it now
            break;
        }
    }
    m_peers.append(peer);
    watchPeer(peer);
    emit peerJoined(peer);
}

void MessageBus::removePeer(const PeerInfo &peer)
{
    for (qsizetype i = 0; i < m_peers.size(); ++i) {
        const PeerInfo &known = m_peers.at(i);
        if (known.slot == peer.slot && known.pid == peer.pid && !known.isSelf && known.remote == peer.remote
            && (!peer.remote || known.name == peer.name)) {
            const PeerInfo gone = m_peers.takeAt(i);
            if (gone.remote) {
                emit peerLeft(gone);
                return;
            }
            unwatchPeer(gone.slot);
            // The remote peers this one announced (it was a bridge) go with it.
            for (qsizetype j = 0; j < m_peers.size();) {
                if (m_peers.at(j).remote && m_peers.at(j).slot == gone.slot && m_peers.at(j).pid == gone.pid)
                    emit peerLeft(m_peers.takeAt(j));
                else
                    ++j;
            }
            emit peerLeft(gone);
            return;
        }
    }
}

void MessageBus::resyncPeers()
{
    const QList<PeerInfo> now = m_segment->slotTable().activePeers();
    const QList<PeerInfo> before = m_peers;
    for (const PeerInfo &peer : before) {
        if (peer.remote)
            continue;   // goes with its bridge (removePeer), or stays with it
        const bool stays = std::any_of(now.begin(), now.end(), [&](const PeerInfo &p) {
            return p.slot == peer.slot && p.pid == peer.pid;
        });
        if (!stays)
            removePeer(peer);
    }
    for (const PeerInfo &peer : now)
        addPeer(peer);
}

void MessageBus::watchPeer(const PeerInfo &peer)
{
    if (!peer.isSelf)
        m_peerExits->watch(peer.slot, peer.pid);
}

void MessageBus::unwatchPeer(int slot)
{
    m_peerExits->unwatch(slot);
}

void MessageBus::reapDeadPeers()
{
    if (!isJoined())
        return;
    for (const SlotTable::Departed &d : m_segment->slotTable().reapDead()) {
        failpoint::hit(failpoint::Point::BeforeReapLeft);
        // Our own watcher delivers this "left" in ring order, after the dead peer's last
        // messages (which it may not have read yet: nobody rang for them if the peer died
        // between its publishing CAS and ringing), so ring it too.
        if (!publish(layout::RecordLeft, d.name, {}, d.slot, d.pid)) {
            PeerInfo peer;
            peer.slot = d.slot;
            peer.pid = d.pid;
            removePeer(peer);
        }
        m_segment->writer().wakeOwnWatcher();
    }
}
