#pragma once

#include "filetransfers.h"
#include "messagebus.h"
#include "stdinreader.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <atomic>
#include <span>


// `peerchat --headless`: the sample's console loop, done right. The output is a contract that
// scripts and tests rely on (README, "Console peer").
class ConsolePeer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString channel;
        QString name;
        bool json = false;
        qint64 receive = 0;        // stay until this many messages were received (live, not history)
        int history = MessageBus::DefaultHistoryLimit;   // earlier messages shown on joining
        QString saveFilesDir;      // accept every file offered into this folder (empty: show offers only)
    };

    explicit ConsolePeer(const Options &options, QObject *parent = nullptr);
    ~ConsolePeer() override;

    // Joins and starts reading stdin. On failure prints the error and returns the exit code.
    int start();

signals:
    void finished(int exitCode);

private:
    void printLine(const QByteArray &line);
    void printJson(const QJsonObject &object);
    void printError(const QString &text);
    void onLine(const QByteArray &line);
    void onLineTooLong(qsizetype bytes);
    void onEndOfInput();
    void onMessages(std::span<const BusMessage> messages);   // the bus's watcher thread (or the bus's own)
    void printMessage(const BusMessage &message);
    void onPeerJoined(const PeerInfo &peer);
    void onPeerLeft(const PeerInfo &peer);
    void onMissed(quint64 count);
    void onHistoryReceived(int count, quint64 unrecoverable);
    void onBusError(MessageBus::Error error);
    void sendFile(const QByteArray &path);
    void cancelFiles(const QByteArray &id);
    void onFileOffered(const FileOffer &offer);
    void onFileProgress(const QString &id, quint64 done, quint64 total);
    void onFileFinished(const QString &id, const QString &path);
    void onFileCancelled(const QString &id, const QString &byWhom);
    void onFileFailed(const QString &id, const QString &reason);
    void printFileEvent(const QString &event, const QString &id, const QJsonObject &extra, const QByteArray &line);
    void finishIfDone();
    void finish(int exitCode);

    Options m_options;
    MessageBus m_bus;
    FileTransfers m_files{&m_bus};   // after the bus: goes first
    QHash<QString, int> m_shownPercent;   // per transfer: the last tenth printed
    QSet<QString> m_ownTransfers;
    StdinReader m_stdin;
    // Messages come on the bus's watcher thread (MessageBus::setDirectHandler()): these three are
    // shared with it.
    std::atomic<qint64> m_received{0};
    std::atomic<bool> m_inputDone{false};
    std::atomic<bool> m_closing{false};   // stop printing messages: finishing
    qint64 m_lineNumber = 0;
    bool m_sendFailed = false;
    bool m_finished = false;
    bool m_prompted = false;
};
