#pragma once

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QLockFile>
#include <QString>

#include <map>
#include <memory>
#include <optional>

// What a bridge keeps on disk, in $XDG_STATE_HOME/peerchat/bridge/<channel>/ (default
// ~/.local/state/...), so that a SIGKILL neither loses nor doubles a message:
//   origin   the bus's random id (unless --origin names it)
//   <origin>.journal  outgoing: "S <last seq>" then one "P <seq> <payload>" line per message read
//                     from the bus, and "A <seq>" once the broker acknowledged it (PUBACK).
//                     Unacknowledged ones are published again, same seq, after a restart.
//   <origin>.seen     incoming: "<origin> <seq>" per message put on the bus. Messages go on the
//                     bus in seq order (Bridge holds one that came early), so the highest per
//                     origin is all that de-duplication needs: everything up to it is done.
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

    // Outgoing.
    quint64 nextSeq() { return ++m_lastSeq; }
    [[nodiscard]] bool journal(quint64 seq, const QByteArray &payload);
    void acknowledge(quint64 seq);
    const std::map<quint64, QByteArray> &unacknowledged() const { return m_pending; }

    // Incoming: the highest seq of `origin` put on the bus (every one below it is done, or was
    // reported lost), and whether anything of it ever was.
    quint64 delivered(const QString &origin) const { return m_highest.value(origin); }
    bool knows(const QString &origin) const { return m_highest.contains(origin); }
    [[nodiscard]] bool markSeen(const QString &origin, quint64 seq);

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
    QFile m_journal;
    QFile m_seen;
    quint64 m_lastSeq = 0;
    std::map<quint64, QByteArray> m_pending;   // seq -> payload, not yet acknowledged
    QHash<QString, quint64> m_highest;         // origin -> highest seq put on the bus (or lost)
    qint64 m_journalBytes = 0;
    qint64 m_journalCompacted = 0;   // its size after the last rewrite
    qint64 m_seenBytes = 0;
};
