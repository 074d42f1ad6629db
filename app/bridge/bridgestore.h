#pragma once

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QLockFile>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <vector>

// What a bridge keeps on disk, in $XDG_STATE_HOME/peerchat/bridge/<channel>/ (default
// ~/.local/state/...), so that a SIGKILL neither loses nor doubles a message:
//   origin   the bus's random id (unless --origin names it)
//   <origin>.journal  outgoing: "S <last seq> <bus instance> <bus seq>", then one
//                     "P <seq> <bus seq> <payload>" line per message read from the bus, and
//                     "A <seq>" once the broker acknowledged it (PUBACK); "B <instance> <bus seq>"
//                     when the bridge joins a life of the bus it has no record of (everything up
//                     to that bus seq was said before it came). Unacknowledged ones are published
//                     again, same seq, after a restart; the bus's history shows what was said on
//                     the bus after the last P line, for a restarted bridge to carry. The last
//                     acknowledged ones are kept ("K <seq> <payload>" after a rewrite) to answer
//                     other bridges' resend requests.
//   <origin>.seen     incoming: "<origin> <seq> <epoch>" per message put on the bus. Messages go
//                     on the bus in seq order (Bridge holds one that came early), so the highest
//                     per origin is all that de-duplication needs: everything up to it is done.
//                     An origin whose epoch grows started again from seq 1 (its state was wiped).
// Our own epoch (when this state was made) is the journal's S line's last number.
// Each line is one write(2): a SIGKILL leaves whole lines (a torn last line of a power loss is
// ignored on load). Both files are rewritten (temporary file + rename) when they grow.
class BridgeStore
{
public:
    explicit BridgeStore(const QString &channel);
    ~BridgeStore();
    BridgeStore(const BridgeStore &) = delete;
    BridgeStore &operator=(const BridgeStore &) = delete;

    // Locks the directory (one bridge per channel and origin), finds or makes the origin, loads.
    [[nodiscard]] bool open(const QString &originOption);
    QString errorString() const { return m_errorString; }
    QString origin() const { return m_origin; }
    QString directory() const { return m_dir; }
    // The last bridge of this channel and origin was killed (its lock file was left behind).
    bool lastRunDied() const { return m_lastRunDied; }

    // Outgoing.
    quint64 nextSeq() { return ++m_lastSeq; }
    quint64 lastSeq() const { return m_lastSeq; }
    quint64 ownEpoch() const { return m_ownEpoch; }
    // `busSeq`: the message's ChatMessage::seq on the bus it was read from.
    [[nodiscard]] bool journal(quint64 seq, quint64 busSeq, const QByteArray &payload);
    void acknowledge(quint64 seq);
    const std::map<quint64, QByteArray> &unacknowledged() const { return m_pending; }
    // Up to this bus seq, every message of bus `instance` (MessageBus::channelInstance()) is in
    // the journal or was said before the bridge came; nothing when the journal is of another
    // life of the bus (or none).
    std::optional<quint64> busReadUpTo(quint64 instance) const;
    // The bridge joined a life of the bus it had no record of, after `readUpTo` was said.
    [[nodiscard]] bool startBus(quint64 instance, quint64 readUpTo);
    // What is still kept after `after` (acknowledged or not), in seq order: for a resend request.
    std::vector<std::pair<quint64, QByteArray>> keptAfter(quint64 after) const;
    static constexpr std::size_t KeepSent = 2000;               // acknowledged messages kept...
    static constexpr qsizetype KeepSentBytes = 4 * 1024 * 1024; // ...within this many bytes

    // Incoming: the highest seq of `origin` put on the bus (every one below it is done, or was
    // reported lost), and whether anything of it ever was.
    quint64 delivered(const QString &origin) const { return m_highest.value(origin); }
    bool knows(const QString &origin) const { return m_highest.contains(origin); }
    QStringList origins() const { return m_highest.keys(); }
    // `epoch`: the message's (0: none); a later one than known is adopted (restartOrigin() is for
    // an origin that started again).
    [[nodiscard]] bool markSeen(const QString &origin, quint64 seq, quint64 epoch = 0);
    // The origin's epoch as known (0: none given yet).
    quint64 epoch(const QString &origin) const { return m_epoch.value(origin); }
    // `origin` started again from seq 1 with state made at `epoch`: nothing of it is done yet.
    [[nodiscard]] bool restartOrigin(const QString &origin, quint64 epoch);

private:
    bool appendLine(QFile &file, const QByteArray &line);
    bool loadJournal();
    bool loadSeen();
    bool compactJournal();
    bool compactSeen();
    bool rewrite(QFile &file, const QString &path, const QByteArray &contents);

    QString m_channel;
    QString m_dir;
    QString m_origin;
    QString m_errorString;
    std::unique_ptr<QLockFile> m_lock;
    bool m_lastRunDied = false;
    QFile m_journal;
    QFile m_seen;
    quint64 m_lastSeq = 0;
    void keep(quint64 seq, QByteArray payload);

    std::map<quint64, QByteArray> m_pending;   // seq -> payload, not yet acknowledged
    std::map<quint64, QByteArray> m_sent;      // seq -> payload, acknowledged, the last KeepSent
    qsizetype m_sentBytes = 0;
    quint64 m_busInstance = 0;                 // the bus life the journal's bus seqs are of
    quint64 m_busRead = 0;                     // its highest bus seq in the journal
    QHash<QString, quint64> m_highest;         // origin -> highest seq put on the bus (or lost)
    QHash<QString, quint64> m_epoch;           // origin -> its epoch as known (0: none given)
    quint64 m_ownEpoch = 0;
    qint64 m_journalBytes = 0;
    qint64 m_journalCompacted = 0;   // its size after the last rewrite
    qint64 m_seenBytes = 0;
};
