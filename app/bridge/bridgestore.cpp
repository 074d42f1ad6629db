#include "bridgestore.h"

#include "bridgelogging.h"
#include "bridgepayload.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 CompactJournalBytes = 256 * 1024;
constexpr qint64 CompactSeenBytes = 256 * 1024;

// QStandardPaths has no GenericStateLocation in Qt 6.4: the XDG rule by hand.
QString stateHome()
{
    const QString xdg = qEnvironmentVariable("XDG_STATE_HOME");
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg))
        return xdg;
    return QDir::homePath() + u"/.local/state"_s;
}
} // namespace

BridgeStore::BridgeStore(const QString &channel)
    : m_channel(channel)
    , m_dir(stateHome() + u"/peerchat/bridge/"_s + channel)
{
}

BridgeStore::~BridgeStore() = default;

bool BridgeStore::open(const QString &originOption)
{
    if (!QDir().mkpath(m_dir)) {
        m_errorString = u"cannot create the state directory %1"_s.arg(m_dir);
        return false;
    }
    QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_origin = originOption;
    if (m_origin.isEmpty()) {
        QFile file(m_dir + u"/origin"_s);
        if (file.open(QIODevice::ReadOnly))
            m_origin = QString::fromUtf8(file.readAll()).trimmed();
        file.close();
        if (!bridgepayload::isValidOrigin(m_origin)) {
            m_origin = u"bus-%1"_s.arg(QRandomGenerator::system()->generate(), 8, 16, QChar(u'0'));
            QSaveFile out(m_dir + u"/origin"_s);
            if (!out.open(QIODevice::WriteOnly) || out.write(m_origin.toUtf8() + '\n') < 0 || !out.commit()) {
                m_errorString = u"cannot write %1: %2"_s.arg(out.fileName(), out.errorString());
                return false;
            }
        }
    }
    const QString lockPath = m_dir + u'/' + m_origin + u".lock"_s;
    m_lastRunDied = QFile::exists(lockPath);   // a bridge that stops removes it; a killed one cannot
    m_lock = std::make_unique<QLockFile>(lockPath);
    m_lock->setStaleLockTime(0);   // stale only when its process is gone (a SIGKILLed bridge)
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        m_errorString = u"another bridge (process %1) runs for channel %2 as origin %3"_s.arg(pid).arg(m_channel, m_origin);
        return false;
    }
    return loadJournal() && loadSeen();
}

bool BridgeStore::appendLine(QFile &file, const QByteArray &line)
{
    // One write(2) per line, unbuffered: it is in the kernel before the next step, so a SIGKILL
    // after it cannot take it back.
    const QByteArray whole = line + '\n';
    const qint64 written = ::write(file.handle(), whole.constData(), std::size_t(whole.size()));
    if (written != whole.size()) {
        qCWarning(lcBridge).noquote() << "cannot write" << file.fileName() << ":" << std::strerror(errno);
        return false;
    }
    return true;
}

bool BridgeStore::loadJournal()
{
    m_journal.setFileName(m_dir + u'/' + m_origin + u".journal"_s);
    if (m_journal.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = m_journal.readAll().split('\n');
        m_journal.close();
        for (const QByteArray &line : lines) {
            if (line.size() < 3 || line.at(1) != ' ')
                continue;                                  // empty, or torn
            // "X <number> <number> ..." or "X <number> <payload>" (a payload is a JSON object).
            QList<quint64> numbers;
            QByteArray payload;
            qsizetype at = 2;
            while (at < line.size() && line.at(at) != '{') {
                qsizetype space = line.indexOf(' ', at);
                if (space < 0)
                    space = line.size();
                bool ok = false;
                numbers << line.mid(at, space - at).toULongLong(&ok);
                if (!ok)
                    break;
                at = space + 1;
            }
            if (at < line.size() && line.at(at) == '{')
                payload = line.mid(at);
            if (numbers.isEmpty() || (at < line.size() && payload.isEmpty()))
                continue;                                  // torn, or not ours
            const quint64 seq = numbers.at(0);
            switch (line.at(0)) {
            case 'S':
                m_lastSeq = std::max(m_lastSeq, seq);
                if (numbers.size() >= 3) {
                    m_busInstance = numbers.at(1);
                    m_busRead = numbers.at(2);
                }
                if (numbers.size() >= 4)
                    m_ownEpoch = numbers.at(3);
                break;
            case 'B':
                if (numbers.size() == 2) {
                    m_busInstance = numbers.at(0);
                    m_busRead = numbers.at(1);
                }
                break;
            case 'P':
                if (payload.isEmpty())
                    break;
                m_lastSeq = std::max(m_lastSeq, seq);
                m_pending[seq] = payload;
                if (numbers.size() == 2)
                    m_busRead = std::max(m_busRead, numbers.at(1));
                break;
            case 'K':
                if (!payload.isEmpty())
                    keep(seq, payload);
                break;
            case 'A':
                if (const auto node = m_pending.extract(seq))
                    keep(seq, node.mapped());
                break;
            default:
                break;
            }
        }
    }
    if (m_ownEpoch == 0) {
        // New state (or one from before epochs): receivers that knew this origin under an older
        // epoch count its seqs from 1 again; ones that knew no epoch adopt this one.
        m_ownEpoch = quint64(QDateTime::currentMSecsSinceEpoch());
    }
    if (!compactJournal())
        return false;
    if (!m_journal.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        m_errorString = u"cannot open %1: %2"_s.arg(m_journal.fileName(), m_journal.errorString());
        return false;
    }
    return true;
}

bool BridgeStore::compactJournal()
{
    QByteArray contents = "S " + QByteArray::number(m_lastSeq) + ' ' + QByteArray::number(m_busInstance) + ' '
                          + QByteArray::number(m_busRead) + ' ' + QByteArray::number(m_ownEpoch) + '\n';
    for (const auto &[seq, payload] : m_sent)
        contents += "K " + QByteArray::number(seq) + ' ' + payload + '\n';
    for (const auto &[seq, payload] : m_pending)
        contents += "P " + QByteArray::number(seq) + ' ' + payload + '\n';
    m_journalBytes = contents.size();
    m_journalCompacted = contents.size();
    return rewrite(m_journal, m_journal.fileName(), contents);
}

bool BridgeStore::rewrite(QFile &file, const QString &path, const QByteArray &contents)
{
    const bool wasOpen = file.isOpen();
    file.close();
    QSaveFile out(path);   // temporary file + rename: the old one stays whole until then
    if (!out.open(QIODevice::WriteOnly) || out.write(contents) != contents.size() || !out.commit()) {
        m_errorString = u"cannot write %1: %2"_s.arg(path, out.errorString());
        return false;
    }
    if (wasOpen && !file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        m_errorString = u"cannot open %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

bool BridgeStore::journal(quint64 seq, quint64 busSeq, const QByteArray &payload)
{
    m_pending[seq] = payload;
    m_busRead = std::max(m_busRead, busSeq);
    const QByteArray line = "P " + QByteArray::number(seq) + ' ' + QByteArray::number(busSeq) + ' ' + payload;
    m_journalBytes += line.size() + 1;
    return appendLine(m_journal, line);
}

std::optional<quint64> BridgeStore::busReadUpTo(quint64 instance) const
{
    if (instance == 0 || instance != m_busInstance)
        return std::nullopt;
    return m_busRead;
}

bool BridgeStore::startBus(quint64 instance, quint64 readUpTo)
{
    m_busInstance = instance;
    m_busRead = readUpTo;
    const QByteArray line = "B " + QByteArray::number(instance) + ' ' + QByteArray::number(readUpTo);
    m_journalBytes += line.size() + 1;
    return appendLine(m_journal, line);
}

void BridgeStore::keep(quint64 seq, QByteArray payload)
{
    m_sentBytes += payload.size();
    m_sent.insert_or_assign(seq, std::move(payload));
    while (!m_sent.empty() && (m_sent.size() > KeepSent || m_sentBytes > KeepSentBytes)) {
        m_sentBytes -= m_sent.begin()->second.size();
        m_sent.erase(m_sent.begin());
    }
}

std::vector<std::pair<quint64, QByteArray>> BridgeStore::keptAfter(quint64 after) const
{
    std::vector<std::pair<quint64, QByteArray>> kept;
    for (const auto *map : {&m_sent, &m_pending}) {
        for (auto it = map->upper_bound(after); it != map->end(); ++it)
            kept.emplace_back(it->first, it->second);
    }
    std::sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return kept;
}

void BridgeStore::acknowledge(quint64 seq)
{
    auto node = m_pending.extract(seq);
    if (!node)
        return;
    keep(seq, std::move(node.mapped()));
    const QByteArray line = "A " + QByteArray::number(seq);
    m_journalBytes += line.size() + 1;
    (void)appendLine(m_journal, line);
    // Rewritten when acknowledgements make up most of it (amortized: at least twice what the
    // last rewrite left, so many unacknowledged messages do not make every ack rewrite them).
    if (m_journalBytes > std::max(CompactJournalBytes, 2 * m_journalCompacted) && !compactJournal())
        qCWarning(lcBridge).noquote() << m_errorString;
}

bool BridgeStore::loadSeen()
{
    m_seen.setFileName(m_dir + u'/' + m_origin + u".seen"_s);
    if (m_seen.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = m_seen.readAll().split('\n');
        m_seen.close();
        for (const QByteArray &line : lines) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 2 && parts.size() != 3)
                continue;
            bool ok = false, epochOk = true;
            const quint64 seq = parts.at(1).toULongLong(&ok);
            const quint64 epoch = parts.size() == 3 ? parts.at(2).toULongLong(&epochOk) : 0;
            const QString origin = QString::fromUtf8(parts.at(0));
            if (!ok || !epochOk || !bridgepayload::isValidOrigin(origin))
                continue;
            const quint64 known = m_epoch.value(origin);
            if (epoch != 0 && known != 0 && epoch < known)
                continue;                                   // an earlier life's (cannot be written after)
            if (epoch > known && known != 0)
                m_highest[origin] = seq;                    // restartOrigin()'s line, or after it
            else
                m_highest[origin] = std::max(m_highest.value(origin), seq);
            if (epoch > known)
                m_epoch[origin] = epoch;
        }
    }
    if (!compactSeen())
        return false;
    if (!m_seen.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        m_errorString = u"cannot open %1: %2"_s.arg(m_seen.fileName(), m_seen.errorString());
        return false;
    }
    return true;
}

bool BridgeStore::compactSeen()
{
    QByteArray contents;
    for (auto it = m_highest.cbegin(); it != m_highest.cend(); ++it)
        contents += it.key().toUtf8() + ' ' + QByteArray::number(it.value()) + ' ' + QByteArray::number(m_epoch.value(it.key())) + '\n';
    m_seenBytes = contents.size();
    return rewrite(m_seen, m_seen.fileName(), contents);
}

bool BridgeStore::restartOrigin(const QString &origin, quint64 epoch)
{
    m_highest[origin] = 0;
    m_epoch[origin] = epoch;
    const QByteArray line = origin.toUtf8() + " 0 " + QByteArray::number(epoch);
    m_seenBytes += line.size() + 1;
    return appendLine(m_seen, line);
}

bool BridgeStore::markSeen(const QString &origin, quint64 seq, quint64 epoch)
{
    if (seq == 0)
        return true;
    m_highest[origin] = std::max(m_highest.value(origin), seq);
    if (epoch > m_epoch.value(origin))
        m_epoch[origin] = epoch;
    const QByteArray line = origin.toUtf8() + ' ' + QByteArray::number(seq) + ' ' + QByteArray::number(m_epoch.value(origin));
    m_seenBytes += line.size() + 1;
    const bool ok = appendLine(m_seen, line);
    if (m_seenBytes > CompactSeenBytes && !compactSeen())
        qCWarning(lcBridge).noquote() << m_errorString;
    return ok;
}
