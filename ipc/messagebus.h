#pragma once

#include "chatmessage.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>
#include <span>
#include <vector>

/// \file messagebus.h
/// \brief MessageBus: one peer on one channel of the bus.

// Private to the bus (not installed): only pointers to them and an opaque enum appear below.
class BusWatcher;
class ChannelSegment;
class PeerExitWatcher;
struct BusEvent;
struct OutgoingRecord;
namespace layout { enum RecordKind : quint16; }

/**
 * \class MessageBus
 * \brief One peer on one channel of peerchat's shared-memory bus.
 *
 * Processes of one user on one machine that join the same channel exchange text messages through
 * shared memory (a System V segment per channel, a semaphore per peer to wake it up). The bus
 * promises that every peer that is joined gets every message sent after it joined exactly once,
 * that all peers see the messages in one order, and that a peer killed or frozen at any moment
 * never blocks the others (ipc/DESIGN.md in the sources says how).
 *
 * \code
 * MessageBus bus(u"general"_s);
 * if (!bus.join(u"anna"_s)) {
 *     qWarning() << bus.errorString();
 *     return;
 * }
 * connect(&bus, &MessageBus::messageReceived, this, [](const ChatMessage &message) {
 *     qDebug() << message.sender << message.text;
 * });
 * if (!bus.send(u"hello"_s))
 *     qWarning() << bus.errorString();
 * \endcode
 *
 * All functions are called from the thread that owns the bus, and the signals are emitted in that
 * thread: it needs a running event loop to receive. A watcher thread per bus waits for the
 * wake-up and hands what it read over with a queued call, one per batch of messages.
 *
 * Three ways to receive messages (setDelivery(), before join()):
 * - Delivery::Signal (default): messageReceived() once per message, as a ChatMessage.
 * - Delivery::Batch: messagesAvailable() once per batch; takeMessages() pulls them as slim
 *   BusMessage values, as QIODevice::readyRead() and read() do. For throughput in a thread with
 *   an event loop.
 * - Delivery::Direct: setDirectHandler() is called with each batch on the watcher thread itself,
 *   so a message costs one wake-up per hop. For consumers that need no event loop turn per
 *   message (a console, a bridge, a logger). See setDirectHandler() for its thread rules.
 *
 * Text and bytes share a channel: sendBytes() sends a binary payload with a type tag, received
 * without any UTF-8 check or conversion (ChatMessage::binary, BusMessage::binary).
 *
 * Errors follow Qt's pattern: a function that fails returns \c false, sets error() and
 * errorString() (translated, saying what and why) and emits errorOccurred().
 *
 * Link \c PeerChat::Bus (find_package(PeerChat REQUIRED COMPONENTS Bus)) and include
 * <tt>\<peerchat/messagebus.h\></tt>. Qt Core only; Qt 6.4 or later.
 */
class MessageBus : public QObject
{
    Q_OBJECT
public:
    /// What went wrong in the last call that failed (error()); \c None after a success.
    enum class Error {
        None,             ///< No error.
        InvalidChannel,   ///< The channel name is not [A-Za-z0-9._-]{1,64}.
        InvalidName,      ///< The peer name is empty, too long or has control characters.
        InvalidText,      ///< The text is not valid UTF-8 (sendUtf8()) or has a lone surrogate (send()).
        MessageTooLarge,  ///< The text is over MaxTextBytes bytes of UTF-8 (or the payload of sendBytes() over MaxTextBytes bytes).
        NotJoined,        ///< send() before join() or after leave().
        ChannelFull,      ///< MaxPeers peers are on the channel already.
        ChannelBusy,      ///< Another peer holds the join lock and does not let go (is it frozen?).
        VersionMismatch,  ///< The channel's segment was made by another layout version of the bus.
        KeyCollision,     ///< The System V key is used by another channel's segment.
        Corrupted,        ///< The segment fails validation (damaged).
        PermissionDenied, ///< The runtime directory or an IPC object is not the user's own.
        SystemError,      ///< An OS call failed (errorString() says which and why).
    };
    Q_ENUM(Error)

    /// How messages are handed out (setDelivery()). Peer events always come as signals.
    enum class Delivery {
        Signal,   ///< messageReceived() per message (the default).
        Batch,    ///< messagesAvailable() per batch; takeMessages() pulls them.
        Direct,   ///< The handler of setDirectHandler(), on the watcher thread (see there).
        /// Nothing: a peer that only sends (a sensor's publisher, a logger's feeder). It reads
        /// nothing of the channel (no messages, no history, no peer events, and peers() stays
        /// empty), has no watcher thread running, and no sender ever waits for it. The others see
        /// it join, send and leave as any peer.
        None,
    };
    Q_ENUM(Delivery)
    /// Called with a batch of messages in ring order (setDirectHandler()).
    using DirectHandler = std::function<void(std::span<const BusMessage> messages)>;

    static constexpr int MaxPeers = 64;              ///< Peers on one channel at most.
    static constexpr int MaxTextBytes = 64 * 1024;   ///< UTF-8 bytes of one message at most.
    static constexpr int MaxNameLength = 32;         ///< Characters of a peer name at most.
    static constexpr int MaxChannelLength = 64;      ///< Characters of a channel name at most.
    static constexpr int DefaultHistoryLimit = 100;  ///< Messages from before the join shown by default (0: none).
    static constexpr int MaxHistoryLimit = 4096;     ///< The ring holds no more positions.

    /// A peer of \a channel, not joined yet (the name is checked by join()).
    explicit MessageBus(const QString &channel, QObject *parent = nullptr);
    /// Leaves the channel if still joined.
    ~MessageBus() override;
    MessageBus(const MessageBus &) = delete;
    MessageBus &operator=(const MessageBus &) = delete;

    /**
     * \brief Joins the channel as \a peerName (trimmed; see normalizedPeerName()).
     *
     * Makes the channel's segment when this is its first peer, or validates and reuses one that a
     * killed last peer left. The other peers get peerJoined(); this peer gets every message sent
     * from now on. Returns \c false and sets error() when it could not join (InvalidChannel,
     * InvalidName, ChannelFull, ChannelBusy, VersionMismatch, KeyCollision, Corrupted,
     * PermissionDenied, SystemError), or when already joined.
     */
    [[nodiscard]] bool join(const QString &peerName);
    /// Leaves the channel: the others get peerLeft(); the last peer out removes the segment and
    /// its semaphores. Does nothing when not joined.
    void leave();
    /**
     * \brief Sends \a text to every other peer on the channel (never to this one).
     *
     * Returns once the message is published, without waiting for readers. Returns \c false and
     * sets error() when not joined (NotJoined), for a lone surrogate (InvalidText), for over
     * MaxTextBytes of UTF-8 (MessageTooLarge), or when the segment is damaged (Corrupted).
     */
    [[nodiscard]] bool send(const QString &text);
    /// Like send() for text that arrives as bytes (e.g. a console): refuses invalid UTF-8
    /// (InvalidText) and sends the bytes as they are.
    [[nodiscard]] bool sendUtf8(const QByteArray &utf8);

    /**
     * \brief Sends \a bytes, a binary payload with the type tag \a type (the application's
     * choice), to every other peer on the channel.
     *
     * Receivers get it as it is, without any UTF-8 check or conversion (ChatMessage::binary,
     * ChatMessage::bytes, ChatMessage::type). Text and bytes share the channel and its one
     * order. Returns \c false and sets error() when not joined (NotJoined), for over
     * MaxTextBytes bytes (MessageTooLarge), or when the segment is damaged (Corrupted).
     */
    [[nodiscard]] bool sendBytes(quint16 type, const QByteArray &bytes);

    /**
     * \brief Sends several texts at once, in this order, each as send() sends one: for bursts (a
     * log, a replay, a sensor stream), where it is faster than one call each (ipc/DESIGN.md,
     * "Publishing a group").
     *
     * Every text is checked first: if one has a lone surrogate (InvalidText) or is too large
     * (MessageTooLarge), nothing is sent and the error names it ("Message 2 of 3 ..."). Others'
     * messages may come between these in the channel's order. Safe from the direct handler, like
     * send().
     */
    [[nodiscard]] bool sendBatch(const QStringList &texts);
    /// Like sendBatch() for texts that are UTF-8 bytes already (sendUtf8()): refuses invalid UTF-8.
    [[nodiscard]] bool sendUtf8Batch(const QList<QByteArray> &messages);
    /// Like sendUtf8Batch() for binary payloads, all with the type tag \a type (see sendBytes()).
    [[nodiscard]] bool sendBytesBatch(quint16 type, const QList<QByteArray> &payloads);

    /// How messages are handed out from the next join() on (see Delivery). Ignored while joined.
    void setDelivery(Delivery delivery);
    /// The delivery for the next join() (default Delivery::Signal).
    Delivery delivery() const { return m_delivery; }
    /**
     * \brief Delivery::Direct: from the next join() on, \a handler gets every message (as a batch
     * of slim BusMessage values, in ring order) instead of messageReceived(). Ignored while joined.
     *
     * Thread rules: the handler is called on the bus's watcher thread as soon as a batch is
     * read, with no event loop turn in between. When a batch also holds a peer event (a join, a
     * leave, missed messages), the messages from that event on go through this thread's event
     * loop like the event itself, and the handler is then called on this (the bus's) thread, so
     * that peerJoined()/peerLeft()/messagesMissed() and the messages keep their one order. The
     * handler is never called from two threads at once, never after leave() returned, and
     * history messages come on the bus's thread. It should not block: the watcher reads nothing
     * meanwhile, and senders wait for it (bounded) once the ring is full.
     *
     * The handler may send: send(), sendUtf8(), sendBytes(), the batch sends and sendAs() are
     * safe to call from it (nothing else of the bus is), so a reply costs no further wake-up (a
     * console echo, a bridge). Sends from the handler and from this thread then take turns (a mutex, in this
     * delivery mode only). A send from the handler that fails returns \c false; error(),
     * errorString() and errorOccurred() follow on this thread a moment later. A send that needs
     * room this peer has not read yet reads ahead first, so replies never make the peer miss
     * what it has not read, unless the handler sends more than about a thousand messages beyond
     * what it reads while the ring stays full: then this peer learns exactly what it missed
     * (messagesMissed()), as any slow reader does.
     */
    void setDirectHandler(DirectHandler handler);
    /// Delivery::Batch: takes up to \a max (all for -1) of the messages received so far, oldest
    /// first. At most 8 192 wait to be taken; while that many wait, the bus reads no further and
    /// the peer falls behind (senders wait for it, bounded, as for any slow reader).
    QList<BusMessage> takeMessages(int max = -1);
    /// Delivery::Batch: how many messages wait to be taken.
    qsizetype availableMessageCount() const { return m_available.size(); }

    /// For a bridge to other machines (peerchat-bridge; DESIGN.md, "Remote peers"). `sender` is a
    /// peer elsewhere, e.g. "anna@panel" (a valid peer name of up to MaxRemoteNameBytes UTF-8
    /// bytes). Receivers get the message with that sender and ChatMessage::relayed set, and
    /// `relayTag` as ChatMessage::relayTag (a number of the bridge's own; the bus only carries it).
    [[nodiscard]] bool sendAs(const QString &sender, const QString &text, quint32 relayTag = 0);
    /// Show a peer elsewhere in everyone's peer list (PeerInfo::remote), or take it off. Remote
    /// peers go when this peer leaves or dies. Announcing a known name again is harmless (a late
    /// joiner learns them that way).
    [[nodiscard]] bool announceRemotePeer(const QString &name);
    /// Takes a peer shown by announceRemotePeer() off everyone's peer list.
    [[nodiscard]] bool withdrawRemotePeer(const QString &name);
    /// UTF-8 bytes of a remote sender's or peer's name at most ("name@origin").
    static constexpr int MaxRemoteNameBytes = 128;

    /// History: at join, the most recent messages the bus still holds intact (up to `limit`, at
    /// most MaxHistoryLimit; 0 turns it off) are delivered through messageReceived() with
    /// ChatMessage::history set, oldest first, before any live event; then historyReceived().
    /// Takes effect at the next join().
    void setHistoryLimit(int limit);
    /// The history limit for the next join() (default DefaultHistoryLimit).
    int historyLimit() const { return m_historyLimit; }

    /// Whether join() succeeded and leave() was not called since.
    bool isJoined() const { return m_segment != nullptr; }
    /// The channel given to the constructor.
    QString channel() const { return m_channel; }
    /// The name this peer joined with (trimmed); empty before join().
    QString peerName() const { return m_peerName; }
    /// Which life of the channel this peer is on: when its shared memory was made (ms since the
    /// epoch). A channel is made again after its last peer left, and ChatMessage::seq starts again
    /// with it, so a seq means the same message only within one instance. 0 when not joined.
    quint64 channelInstance() const;
    /// The peers on the channel, this one included (PeerInfo::isSelf), as of the last signal.
    QList<PeerInfo> peers() const { return m_peers; }
    /// How many messages this peer missed in all (the sum of messagesMissed()).
    quint64 missedCount() const { return m_missedTotal; }
    /// How often this peer's watcher slept and was woken by its semaphore (statistics).
    quint64 wakeUpCount() const;

    /// What went wrong in the last call that failed; Error::None after a success.
    Error error() const { return m_error; }
    /// The last error as a translated sentence for people (what, on which channel, why).
    QString errorString() const { return m_errorString; }

    /// Whether \a channel is a valid channel name: 1 to 64 of A-Z a-z 0-9 . _ -
    static bool isValidChannelName(const QString &channel);
    /// The name as the bus would use it (trimmed), or nothing and the reason in \a why: empty,
    /// over MaxNameLength characters, or with control or text-direction characters.
    static std::optional<QString> normalizedPeerName(const QString &name, QString *why = nullptr);
    /// Whether \a bytes are valid UTF-8 (what sendUtf8() accepts).
    static bool isValidUtf8(QByteArrayView bytes);

signals:
    /// A message of another peer arrived (in the bus's one order; ChatMessage::seq). Delivery::Signal only.
    void messageReceived(const ChatMessage &message);
    /// Delivery::Batch: messages wait to be taken with takeMessages(). Emitted once per batch,
    /// and before any peer signal that follows those messages in the bus's order.
    void messagesAvailable();
    /// A peer joined the channel.
    void peerJoined(const PeerInfo &peer);
    /// A peer left the channel, or its process ended (also when killed: within milliseconds).
    void peerLeft(const PeerInfo &peer);
    /// Messages that were published while this peer was too slow or frozen and were overwritten
    /// before it could read them. \a count is exact; delivery continues after them.
    void messagesMissed(quint64 count);
    /// Once after every join(), after the last history message and before any live event:
    /// `count` messages were delivered as history; `unrecoverable` positions of the window
    /// (messages, or rarely join/leave notices) were overwritten before they could be read and
    /// are not shown (at most historyLimit() - count).
    void historyReceived(int count, quint64 unrecoverable);
    /// A call failed or the channel broke while joined (e.g. Corrupted); see errorString().
    void errorOccurred(MessageBus::Error error);

private:
    void setError(Error error, const QString &text);
    bool fail(Error error, const QString &text);       // setError + errorOccurred, returns false
    bool sendRecord(const QByteArray &utf8);
    bool publishRemote(layout::RecordKind kind, const QString &name, const QByteArray &text, quint32 tag = 0);
    std::optional<quint64> publish(layout::RecordKind kind, const QByteArray &name, const QByteArray &text,
                                   int subjectSlot, qint64 subjectPid, quint32 tag = 0);
    std::optional<quint64> publishAll(std::span<const OutgoingRecord> records);
    bool sendRecords(layout::RecordKind kind, quint32 tag, const QList<QByteArray> &payloads);
    void takeEvents();                                  // bus thread; queued from the watcher
    bool deliver(std::vector<BusEvent> &events);        // emits; false when we left meanwhile
    void dispatch(std::vector<BusEvent> &&events);      // watcher thread: direct delivery, or postEvents
    void dispatchMessages(std::vector<BusMessage> &messages);   // watcher thread, Direct: a batch of messages only
    void postEvents(std::vector<BusEvent> &&events);    // watcher thread
    void flushRun(std::vector<BusMessage> &run);        // hands a run of messages out (mode-dependent)
    void reportDamage(const QString &why);
    void addPeer(const PeerInfo &peer);
    void removePeer(const PeerInfo &peer);
    void resyncPeers();
    void watchPeer(const PeerInfo &peer);
    void unwatchPeer(int slot);
    void reapDeadPeers();
    void leaveLocked();

    QString m_channel;
    QString m_peerName;
    Error m_error = Error::None;
    QString m_errorString;
    QList<PeerInfo> m_peers;
    quint64 m_missedTotal = 0;
    bool m_damageReported = false;

    int m_historyLimit = DefaultHistoryLimit;

    std::unique_ptr<ChannelSegment> m_segment;
    std::unique_ptr<BusWatcher> m_watcher;

    QByteArray m_nameUtf8;
    QString m_runtimeDir;

    // Events that the watcher thread has read, waiting for this thread (bounded: the watcher
    // waits when it is full, and the peer then falls behind and learns what it missed).
    // std:: rather than QMutex/QWaitCondition: ThreadSanitizer cannot see the unlock inside
    // QWaitCondition::wait() (uninstrumented Qt) and reported it as a double lock.
    std::mutex m_inboxMutex;
    std::condition_variable m_inboxDrained;
    std::vector<BusEvent> m_inbox;
    std::size_t m_inboxTaken = 0;          // events before this index were handed out already
    qsizetype m_inboxBytes = 0;
    bool m_takePending = false;            // a takeEvents() call is queued (under m_inboxMutex)
    bool m_stopping = false;               // under m_inboxMutex
    bool m_delivering = false;             // under m_inboxMutex: this thread is delivering taken events
    std::atomic<bool> m_publishing{false}; // this thread waits inside publish() for readers (RingWriter's wait hook)
    std::atomic<bool> m_watcherWaiting{false};
    // Delivery::Direct: publish() is taken in turn by this thread and the direct handler's sends;
    // m_readerInSend: the handler (so our own watcher) is in a send or waits for its turn.
    std::mutex m_sendMutex;
    std::atomic<bool> m_readerInSend{false};

    Delivery m_delivery = Delivery::Signal;   // fixed while joined
    DirectHandler m_directHandler;            // fixed while joined
    std::vector<BusMessage> m_directRun;      // watcher thread: a batch for the handler
    QList<BusMessage> m_available;            // Delivery::Batch: waiting for takeMessages()
    bool m_takeParked = false;                // Delivery::Batch: takeEvents() waits for takeMessages()

    std::unique_ptr<PeerExitWatcher> m_peerExits;   // pidfds of the other peers: reapDeadPeers() when one ends

    // The fuzz target (tests/fuzz/fuzz_segment.cpp) delivers what a watcher read from a segment
    // image through deliver(), synchronously, without joining: the only code that uses it.
    friend struct MessageBusFuzzing;
};
