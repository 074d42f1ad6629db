#pragma once

#include "chatmessage.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <memory>
#include <optional>
#include <vector>

class BusWatcher;
class ChannelSegment;
struct BusEvent;
namespace layout { enum RecordKind : quint16; }

// One peer on one channel of the shared-memory bus.
//
//   MessageBus bus(u"general"_s);
//   if (!bus.join(u"anna"_s)) { qWarning() << bus.errorString(); return; }
//   connect(&bus, &MessageBus::messageReceived, ...);
//   bus.send(u"hello"_s);
//
// All methods are called from the thread that owns the bus; signals are emitted in that thread
// (the watcher thread hands its events over through a queued call). See ipc/DESIGN.md.
class MessageBus : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        None,
        InvalidChannel,   // the channel name is not [A-Za-z0-9._-]{1,64}
        InvalidName,      // the peer name is empty, too long or has control characters
        InvalidText,      // the text is not valid UTF-8
        MessageTooLarge,  // the text is over MaxTextBytes
        NotJoined,        // send() before join() or after leave()
        ChannelFull,      // MaxPeers peers are on the channel already
        ChannelBusy,      // another peer holds the join lock and does not let go
        VersionMismatch,  // the segment has another layout version
        KeyCollision,     // the SysV key is used by another channel's segment
        Corrupted,        // the segment fails validation
        PermissionDenied, // the runtime directory or an IPC object is not the user's own
        SystemError,      // an OS call failed
    };
    Q_ENUM(Error)

    static constexpr int MaxPeers = 64;
    static constexpr int MaxTextBytes = 64 * 1024;   // UTF-8 bytes of one message
    static constexpr int MaxNameLength = 32;         // characters of a peer name
    static constexpr int MaxChannelLength = 64;
    static constexpr int DefaultHistoryLimit = 100;  // messages from before the join (0: none)
    static constexpr int MaxHistoryLimit = 4096;     // the ring holds no more positions

    explicit MessageBus(const QString &channel, QObject *parent = nullptr);
    ~MessageBus() override;                          // leaves the channel if still joined
    MessageBus(const MessageBus &) = delete;
    MessageBus &operator=(const MessageBus &) = delete;

    [[nodiscard]] bool join(const QString &peerName);
    void leave();
    [[nodiscard]] bool send(const QString &text);
    // Like send() for text that arrives as bytes (the console): refuses invalid UTF-8.
    [[nodiscard]] bool sendUtf8(const QByteArray &utf8);

    // For a bridge to other machines (peerchat-bridge; DESIGN.md, "Remote peers"). `sender` is a
    // peer elsewhere, e.g. "anna@panel" (a valid peer name of up to MaxRemoteNameBytes UTF-8
    // bytes). Receivers get the message with that sender and ChatMessage::relayed set.
    [[nodiscard]] bool sendAs(const QString &sender, const QString &text);
    // Show a peer elsewhere in everyone's peer list (PeerInfo::remote), or take it off. Remote
    // peers go when this peer leaves or dies. Announcing a known name again is harmless (a late
    // joiner learns them that way).
    [[nodiscard]] bool announceRemotePeer(const QString &name);
    [[nodiscard]] bool withdrawRemotePeer(const QString &name);
    static constexpr int MaxRemoteNameBytes = 128;

    // History: at join, the most recent messages the bus still holds intact (up to `limit`, at
    // most MaxHistoryLimit; 0 turns it off) are delivered through messageReceived() with
    // ChatMessage::history set, oldest first, before any live event; then historyReceived().
    // Takes effect at the next join().
    void setHistoryLimit(int limit);
    int historyLimit() const { return m_historyLimit; }

    bool isJoined() const { return m_segment != nullptr; }
    QString channel() const { return m_channel; }
    QString peerName() const { return m_peerName; }
    QList<PeerInfo> peers() const { return m_peers; }
    quint64 missedCount() const { return m_missedTotal; }
    // How often this peer's watcher slept and was woken by a doorbell (statistics).
    quint64 wakeUpCount() const;

    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    static bool isValidChannelName(const QString &channel);
    // The name as the bus would use it (trimmed), or nothing and the reason in *why.
    static std::optional<QString> normalizedPeerName(const QString &name, QString *why = nullptr);
    static bool isValidUtf8(QByteArrayView bytes);

signals:
    void messageReceived(const ChatMessage &message);
    void peerJoined(const PeerInfo &peer);
    void peerLeft(const PeerInfo &peer);
    // Messages that were published while this peer was too slow or frozen and were overwritten
    // before it could read them. count is exact; delivery continues after them.
    void messagesMissed(quint64 count);
    // Once after every join(), after the last history message and before any live event:
    // `count` messages were delivered as history; `unrecoverable` positions of the window
    // (messages, or rarely join/leave notices) were overwritten before they could be read and
    // are not shown (at most historyLimit() - count).
    void historyReceived(int count, quint64 unrecoverable);
    void errorOccurred(MessageBus::Error error);

private:
    void setError(Error error, const QString &text);
    bool fail(Error error, const QString &text);       // setError + errorOccurred, returns false
    bool sendRecord(const QByteArray &utf8);
    bool publishRemote(layout::RecordKind kind, const QString &name, const QByteArray &text);
    std::optional<quint64> publish(layout::RecordKind kind, const QByteArray &name, const QByteArray &text,
                                   int subjectSlot, qint64 subjectPid);
    void takeEvents();                                  // bus thread; queued from the watcher
    bool deliver(const std::vector<BusEvent> &events);  // emits; false when we left meanwhile
    void postEvents(std::vector<BusEvent> &&events);    // watcher thread
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
    std::atomic<bool> m_publishing{false}; // this thread is inside publish()
    std::atomic<bool> m_watcherWaiting{false};

    struct PeerWatch;
    std::vector<std::unique_ptr<PeerWatch>> m_peerWatches;
};
