#include "consolepeer.h"

#include "terminaltext.h"
#include "terminationsignals.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <utility>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString lowerFirst(QString text)
{
    if (text.size() > 1 && text.at(0).isUpper() && text.at(1).isLower())
        text[0] = text.at(0).toLower();
    return text;
}

QString isoTime(qint64 msecsSinceEpoch)
{
    static const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(0).toUTC();   // UTC on Qt 6.4 and 6.8 alike
    return epoch.addMSecs(msecsSinceEpoch).toString(Qt::ISODateWithMs);
}

} // namespace

ConsolePeer::ConsolePeer(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_bus(options.channel)
{
    // Messages are printed on the bus's watcher thread as they are read: one wake-up per message
    // hop, no event loop turn (README, "Receiving"). Peer events still come as signals here, in
    // the same one order (setDirectHandler()).
    m_bus.setDirectHandler([this](std::span<const BusMessage> messages) { onMessages(messages); });
    connect(&m_bus, &MessageBus::peerJoined, this, &ConsolePeer::onPeerJoined);
    connect(&m_bus, &MessageBus::peerLeft, this, &ConsolePeer::onPeerLeft);
    connect(&m_bus, &MessageBus::messagesMissed, this, &ConsolePeer::onMissed);
    connect(&m_bus, &MessageBus::historyReceived, this, &ConsolePeer::onHistoryReceived);
    connect(&m_bus, &MessageBus::errorOccurred, this, &ConsolePeer::onBusError);
    connect(&m_files, &FileTransfers::offered, this, &ConsolePeer::onFileOffered);
    connect(&m_files, &FileTransfers::progress, this, &ConsolePeer::onFileProgress);
    connect(&m_files, &FileTransfers::finished, this, &ConsolePeer::onFileFinished);
    connect(&m_files, &FileTransfers::cancelled, this, &ConsolePeer::onFileCancelled);
    connect(&m_files, &FileTransfers::failed, this, &ConsolePeer::onFileFailed);
    for (auto signal : {&FileTransfers::finished, &FileTransfers::failed}) {
        connect(&m_files, signal, this, [this] {   // after the job's thread ended: activeIds() is up to date
            QMetaObject::invokeMethod(this, &ConsolePeer::finishIfDone, Qt::QueuedConnection);
        });
    }
    connect(&m_files, &FileTransfers::cancelled, this, [this] {
        QMetaObject::invokeMethod(this, &ConsolePeer::finishIfDone, Qt::QueuedConnection);
    });
    connect(&m_files, &FileTransfers::receiverFinished, this, [this](const QString &id, const QString &peer) {
        printFileEvent(u"received"_s, id, {{u"by"_s, peer}},
                       "* " + terminaltext::escaped(peer) + " saved " + terminaltext::escaped(m_files.fileName(id)));
    });
    connect(&m_files, &FileTransfers::receiverCancelled, this, [this](const QString &id, const QString &peer) {
        printFileEvent(u"cancelled"_s, id, {{u"by"_s, peer}},
                       "* " + terminaltext::escaped(peer) + " cancelled " + terminaltext::escaped(m_files.fileName(id)));
    });
    connect(&m_files, &FileTransfers::receiverDeclined, this, [this](const QString &id, const QString &peer) {
        printFileEvent(u"declined"_s, id, {{u"by"_s, peer}},
                       "* " + terminaltext::escaped(peer) + " declined " + terminaltext::escaped(m_files.fileName(id)));
    });
    connect(&m_files, &FileTransfers::receiverFailed, this, [this](const QString &id, const QString &peer, const QString &reason) {
        printFileEvent(u"failed"_s, id, {{u"by"_s, peer}, {u"reason"_s, reason}},
                       "* " + terminaltext::escaped(peer) + ": " + terminaltext::escaped(m_files.fileName(id)) + " failed: "
                           + terminaltext::escaped(reason));
    });
    connect(&m_stdin, &StdinReader::lineRead, this, &ConsolePeer::onLine);
    connect(&m_stdin, &StdinReader::lineTooLong, this, &ConsolePeer::onLineTooLong);
    connect(&m_stdin, &StdinReader::endOfInput, this, &ConsolePeer::onEndOfInput);
}

ConsolePeer::~ConsolePeer()
{
    m_stdin.stop();
    m_files.cancelAll();   // while still joined: the receivers are told
    m_bus.leave();         // no more messages for m_files, which goes first
}

int ConsolePeer::start()
{
    terminationsignals::onTermination(this, [this] { finish(0); });   // SIGINT/SIGTERM: leave cleanly, like "exit"
    m_bus.setHistoryLimit(m_options.history);
    if (!m_bus.join(m_options.name)) {
        printError(m_bus.errorString());
        return m_bus.error() == MessageBus::Error::InvalidName || m_bus.error() == MessageBus::Error::InvalidChannel ? 2 : 1;
    }
    if (m_options.json) {
        QJsonObject ready{{u"event"_s, u"ready"_s}, {u"channel"_s, m_bus.channel()}, {u"name"_s, m_bus.peerName()},
                          {u"pid"_s, qint64(::getpid())}};
        printJson(ready);
    }
    // The prompt follows the history (onHistoryReceived), which the bus delivers first.
    m_stdin.start();
    return 0;
}

// Called from two threads (messages come on the bus's watcher thread): one fwrite per line, so
// that stdio's lock keeps each line whole.
void ConsolePeer::printLine(const QByteArray &line)
{
    const QByteArray withNewline = line + '\n';
    std::fwrite(withNewline.constData(), 1, std::size_t(withNewline.size()), stdout);
    std::fflush(stdout);
}

void ConsolePeer::printJson(const QJsonObject &object)
{
    printLine(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void ConsolePeer::printError(const QString &text)
{
    const QByteArray line = "peerchat: " + terminaltext::escaped(lowerFirst(text)) + '\n';
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
    std::fflush(stderr);
    if (m_options.json && m_bus.isJoined())
        printJson({{u"event"_s, u"error"_s}, {u"message"_s, text}});
}

void ConsolePeer::onLine(const QByteArray &line)
{
    ++m_lineNumber;
    if (m_inputDone || m_finished)
        return;
    if (line == "exit") {
        onEndOfInput();
        return;
    }
    if (line.startsWith("/send ")) {
        sendFile(line.mid(6));
        return;
    }
    if (line == "/cancel" || line.startsWith("/cancel ")) {
        cancelFiles(line.mid(8).trimmed());
        return;
    }
    // "//..." is a line that really starts with "/": sent with one "/" less.
    if (!m_bus.sendUtf8(line.startsWith("//") ? line.mid(1) : line)) {
        m_sendFailed = true;
        printError(QCoreApplication::translate("Console", "line %1 not sent: %2").arg(m_lineNumber).arg(m_bus.errorString()));
    }
}

void ConsolePeer::onLineTooLong(qsizetype bytes)
{
    ++m_lineNumber;
    m_sendFailed = true;
    printError(QCoreApplication::translate("Console", "line %1 not sent: it is %2 bytes long; the limit is %3 bytes")
                   .arg(m_lineNumber).arg(bytes).arg(MessageBus::MaxTextBytes));
}

void ConsolePeer::onEndOfInput()
{
    m_inputDone.store(true, std::memory_order_release);
    finishIfDone();
}

void ConsolePeer::onMessages(std::span<const BusMessage> messages)
{
    for (const BusMessage &message : messages) {
        if (m_closing.load(std::memory_order_acquire))
            return;
        if (message.binary && FileTransfers::isFileMessage(message.type)) {
            if (!message.history)   // an old offer is not shown: its sender may be long gone
                m_files.takeMessage(message);
            continue;   // not a chat message: not printed as one, not counted by --receive
        }
        printMessage(message);
        if (message.history)
            continue;   // --receive counts live messages
        const qint64 received = m_received.fetch_add(1, std::memory_order_acq_rel) + 1;
        if (received >= m_options.receive && m_inputDone.load(std::memory_order_acquire))
            m_closing.store(true, std::memory_order_release);   // done: print no more
        if (received == m_options.receive)
            QMetaObject::invokeMethod(this, &ConsolePeer::finishIfDone, Qt::QueuedConnection);
    }
}

void ConsolePeer::printMessage(const BusMessage &message)
{
    if (m_options.json) {
        QJsonObject object{{u"event"_s, u"message"_s}, {u"from"_s, message.sender},
                           {u"seq"_s, qint64(message.seq)}, {u"time"_s, isoTime(message.timeMs)}, {u"pid"_s, message.senderPid}};
        if (message.binary) {
            object.insert(u"binary"_s, true);   // never shown as text: its type tag and size
            object.insert(u"type"_s, int(message.type));
            object.insert(u"size"_s, qint64(message.bytes.size()));
        } else {
            object.insert(u"text"_s, message.text);
        }
        if (message.relayed)
            object.insert(u"relayed"_s, true);   // from another machine, through a bridge
        if (message.history)
            object.insert(u"history"_s, true);
        printJson(object);
    } else if (message.binary) {
        printLine((message.history ? "History: * " : "* ") + terminaltext::escaped(message.sender) + " sent binary data ("
                  + QByteArray::number(message.bytes.size()) + " bytes, type " + QByteArray::number(message.type) + ')');
    } else {
        printLine((message.history ? "History: " : "Received: ") + terminaltext::escaped(message.sender) + ':'
                  + terminaltext::escaped(message.text));
    }
}

void ConsolePeer::onHistoryReceived(int count, quint64 unrecoverable)
{
    if (m_options.json) {
        if (count > 0 || unrecoverable > 0)   // the end of the history, where live events begin
            printJson({{u"event"_s, u"history"_s}, {u"count"_s, count}, {u"unrecoverable"_s, qint64(unrecoverable)}});
        return;
    }
    if (unrecoverable > 0)
        printLine("* history: " + QByteArray::number(unrecoverable) + " earlier messages could not be recovered");
    if (!std::exchange(m_prompted, true))
        printLine(QCoreApplication::translate("Console", "Enter text to send to peer(s)").toUtf8());
}

void ConsolePeer::onPeerJoined(const PeerInfo &peer)
{
    if (m_options.json)
        printJson({{u"event"_s, u"joined"_s}, {u"name"_s, peer.name}, {u"pid"_s, peer.pid}, {u"remote"_s, peer.remote}});
    else
        printLine("* " + terminaltext::escaped(peer.name) + " joined");
}

void ConsolePeer::onPeerLeft(const PeerInfo &peer)
{
    if (m_options.json)
        printJson({{u"event"_s, u"left"_s}, {u"name"_s, peer.name}, {u"pid"_s, peer.pid}, {u"remote"_s, peer.remote}});
    else
        printLine("* " + terminaltext::escaped(peer.name) + " left");
}

void ConsolePeer::onMissed(quint64 count)
{
    if (m_options.json)
        printJson({{u"event"_s, u"missed"_s}, {u"count"_s, qint64(count)}});
    else
        printLine("* missed " + QByteArray::number(count) + " messages");
}

void ConsolePeer::onBusError(MessageBus::Error error)
{
    if (!m_bus.isJoined() && !m_finished && m_received == 0 && m_lineNumber == 0)
        return;   // join() failed: start() prints it
    switch (error) {
    case MessageBus::Error::InvalidText:
    case MessageBus::Error::MessageTooLarge:
        return;   // reported with the line number by onLine()
    case MessageBus::Error::Corrupted:
        if (m_bus.isJoined()) {
            printError(m_bus.errorString());   // a damaged record: counted as missed, carry on
            return;
        }
        break;
    default:
        break;
    }
    printError(m_bus.errorString());
    finish(1);
}

namespace {

QByteArray sizeText(quint64 bytes)
{
    return QLocale::c().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeSIFormat).toUtf8();
}

} // namespace

void ConsolePeer::sendFile(const QByteArray &path)
{
    const QString file = QString::fromLocal8Bit(path);
    QString why;
    const QString id = m_files.offerFile(file, &why);
    if (id.isEmpty()) {
        m_sendFailed = true;
        printError(QCoreApplication::translate("Console", "cannot send %1: %2").arg(file, why));
        return;
    }
    m_ownTransfers.insert(id);
    const QFileInfo info(file);
    printFileEvent(u"sending"_s, id, {{u"name"_s, info.fileName()}, {u"size"_s, info.size()}},
                   "* sending " + terminaltext::escaped(info.fileName()) + " (" + sizeText(quint64(info.size())) + "), id "
                       + id.toLatin1());
}

void ConsolePeer::cancelFiles(const QByteArray &id)
{
    const QStringList active = m_files.activeIds();
    if (id.isEmpty()) {
        for (const QString &one : active)
            m_files.cancel(one);
        return;
    }
    if (!active.contains(QString::fromLatin1(id))) {
        printError(QCoreApplication::translate("Console", "no file transfer %1 is going on").arg(QString::fromUtf8(id)));
        return;
    }
    m_files.cancel(QString::fromLatin1(id));
}

void ConsolePeer::printFileEvent(const QString &event, const QString &id, const QJsonObject &extra, const QByteArray &line)
{
    if (!m_options.json) {
        printLine(line);
        return;
    }
    QJsonObject object{{u"event"_s, event}, {u"id"_s, id}};
    if (!object.contains(u"name"_s) && !extra.contains(u"name"_s))
        object.insert(u"name"_s, m_files.fileName(id));
    for (auto it = extra.begin(); it != extra.end(); ++it)
        object.insert(it.key(), it.value());
    printJson(object);
}

void ConsolePeer::onFileOffered(const FileOffer &offer)
{
    printFileEvent(u"offer"_s, offer.id,
                   {{u"name"_s, offer.name}, {u"size"_s, qint64(offer.size)}, {u"mime"_s, offer.mime}, {u"from"_s, offer.sender},
                    {u"pid"_s, offer.senderPid}},
                   "* " + terminaltext::escaped(offer.sender) + " offers " + terminaltext::escaped(offer.name) + " ("
                       + sizeText(offer.size) + ')');
    if (m_options.saveFilesDir.isEmpty()) {
        m_files.decline(offer.id);   // its sender need not wait for us
        return;
    }
    QString why;
    if (!m_files.accept(offer.id, m_options.saveFilesDir, &why))
        onFileFailed(offer.id, why);
}

void ConsolePeer::onFileProgress(const QString &id, quint64 done, quint64 total)
{
    const int tenth = total == 0 ? 10 : int(done * 10 / total);
    int &shown = m_shownPercent[id];
    if (tenth <= shown || tenth >= 10)
        return;   // at most each 10 %; 100 % is the "saved" line
    shown = tenth;
    printFileEvent(u"progress"_s, id, {{u"bytes"_s, qint64(done)}, {u"size"_s, qint64(total)}},
                   "* " + terminaltext::escaped(m_files.fileName(id)) + ' ' + QByteArray::number(tenth * 10) + " %");
}

void ConsolePeer::onFileFinished(const QString &id, const QString &path)
{
    const QFileInfo info(path);
    if (m_ownTransfers.contains(id)) {
        printFileEvent(u"done"_s, id, {{u"size"_s, info.size()}, {u"sent"_s, true}},
                       "* sent " + terminaltext::escaped(m_files.fileName(id)) + " (" + sizeText(quint64(info.size())) + ')');
        return;
    }
    printFileEvent(u"done"_s, id, {{u"size"_s, info.size()}, {u"path"_s, path}},
                   "* saved " + terminaltext::escaped(m_files.fileName(id)) + " (" + sizeText(quint64(info.size())) + ") to "
                       + terminaltext::escaped(path));
}

void ConsolePeer::onFileCancelled(const QString &id, const QString &byWhom)
{
    printFileEvent(u"cancelled"_s, id, {{u"by"_s, byWhom}},
                   "* " + terminaltext::escaped(m_files.fileName(id)) + " cancelled by " + terminaltext::escaped(byWhom));
}

void ConsolePeer::onFileFailed(const QString &id, const QString &reason)
{
    printFileEvent(u"failed"_s, id, {{u"reason"_s, reason}},
                   "* " + terminaltext::escaped(m_files.fileName(id)) + " failed: " + terminaltext::escaped(reason));
}

void ConsolePeer::finishIfDone()
{
    // At the end of input, a file still being sent or received is let finish (^C cancels it).
    if (m_inputDone.load(std::memory_order_acquire) && m_received.load(std::memory_order_acquire) >= m_options.receive
        && m_files.activeIds().isEmpty())
        finish(m_sendFailed ? 1 : 0);
}

void ConsolePeer::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_closing.store(true, std::memory_order_release);
    m_stdin.stop();
    m_files.cancelAll();
    m_bus.leave();
    emit finished(exitCode);
}
