#pragma once

#include "chatmessage.h"

#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>

#include <map>
#include <memory>

/// \file filetransfers.h
/// \brief FileTransfers: sending files to the other peers of a channel.

class MessageBus;
class TransferJob;

/// A file offered by another peer (FileTransfers::offered()). Its name is the sender's and
/// untrusted: FileTransfers::accept() saves it under a safe name.
struct FileOffer
{
    QString id;          ///< 32 hex digits, random: names the transfer in every message
    QString name;        ///< the file's name as the sender gave it (untrusted)
    quint64 size = 0;    ///< bytes
    QString mime;        ///< the sender's guess from the name, e.g. "application/pdf"
    QString sender;      ///< the sender's peer name
    qint64 senderPid = 0;
    QByteArray preview;  ///< a small picture the sender made (e.g. a JPEG thumbnail), or empty; untrusted
};
Q_DECLARE_METATYPE(FileOffer)

/**
 * \class FileTransfers
 * \brief Sends files to the peers of a channel and receives theirs (ipc/DESIGN.md, "Files").
 *
 * Offers, accepts, cancels and the results travel as small binary messages on the bus (types
 * MessageType); the bytes of a file never do: the sender reads the file once into a shared-memory
 * area of the transfer's own, and every receiver copies from there at its own pace. Every block
 * is checked with CRC-32C and the whole file with SHA-256 before it is kept; a received file
 * appears under its final name only when complete and checked, never outside the chosen folder
 * and never over an existing file.
 *
 * Each transfer runs on a thread of its own; the signals come on the thread of this object.
 * With MessageBus::Delivery::Signal this object reads the bus's messages itself; with another
 * delivery the owner hands every binary message whose type isFileMessage() to takeMessage().
 *
 * Not installed with the library yet (not one of the stable headers): the API may still change
 * when the window uses it.
 */
class FileTransfers : public QObject
{
    Q_OBJECT
public:
    /// The type tags of the bus messages (MessageBus::sendBytes()); payloads are compact JSON.
    enum MessageType : quint16 {
        OfferMessage = 0x4601,    ///< sender -> all: {id, name, size, mime, area[, preview (base64)]}
        AcceptMessage = 0x4602,   ///< receiver -> sender: {id}
        CancelMessage = 0x4603,   ///< sender -> all (the transfer ends), or receiver -> sender (it stops; declined: true before accepting): {id}
        DoneMessage = 0x4604,     ///< sender -> all: {id, sha256}; receiver -> sender: {id, saved}
        FailedMessage = 0x4605,   ///< either way: {id, reason}
    };
    Q_ENUM(MessageType)

    explicit FileTransfers(MessageBus *bus, QObject *parent = nullptr);
    /// Cancels every transfer still running (the others are told) and waits for its thread.
    ~FileTransfers() override;

    static bool isFileMessage(quint16 type) { return type >= OfferMessage && type <= FailedMessage; }

    /// Offers the file at \a path to every other peer, under its own name or \a name (e.g. a
    /// pasted picture's), with an optional \a preview (a thumbnail of at most 24 KiB; larger is
    /// left out). Returns the transfer's id, or an empty string and the reason in \a why (no such
    /// file, unreadable, not a regular file, no memory).
    QString offerFile(const QString &path, QString *why, const QString &name = QString(),
                      const QByteArray &preview = QByteArray());
    /// Declines offer \a id: its sender no longer waits for this peer.
    void decline(const QString &id);
    /// How long this peer's offers wait for every other peer to accept or decline before the
    /// file moves on without the late ones (once one has accepted). Default 1 s (scripts); the
    /// window waits a minute, for people.
    void setOfferPatience(int ms);
    /// Accepts offer \a id: saves the file into \a folder. False (and why) when there is no such
    /// offer or the folder cannot be written.
    bool accept(const QString &id, const QString &folder, QString *why);
    /// Cancels \a id: as its sender for everyone, as a receiver for this peer only. Returns at
    /// once; cancelled() follows when the transfer's thread has stopped and cleaned up.
    void cancel(const QString &id);
    /// Cancels every transfer of this peer.
    void cancelAll();
    /// The ids of the transfers that still run.
    QStringList activeIds() const;
    /// The name a transfer shows (its file's name as offered).
    QString fileName(const QString &id) const;

    /// For owners that receive the bus's messages themselves (Delivery::Direct or Batch): hand
    /// every live message with isFileMessage() here. Safe from any thread.
    void takeMessage(const BusMessage &message);

signals:
    /// Another peer offers a file (not accepted yet).
    void offered(const FileOffer &offer);
    /// Bytes done: read into the area (sending) or saved (receiving).
    void progress(const QString &id, quint64 bytesDone, quint64 total);
    /// Sending: every receiver that took part is done (\a savedPath is the file sent).
    /// Receiving: the file is complete, checked and saved as \a savedPath.
    void finished(const QString &id, const QString &savedPath);
    /// The transfer was cancelled by \a byWhom (a peer name; this peer's own for its own cancel).
    void cancelled(const QString &id, const QString &byWhom);
    /// The transfer failed for this peer; \a reason is a sentence for people. Nothing is kept.
    void failed(const QString &id, const QString &reason);
    /// Sending: receiver \a peer accepted (receiverAccepted), saved the file (receiverFinished),
    /// cancelled for itself (receiverCancelled), declined the offer (receiverDeclined) or failed
    /// (receiverFailed); the others go on.
    void receiverAccepted(const QString &id, const QString &peer);
    void receiverFinished(const QString &id, const QString &peer);
    void receiverCancelled(const QString &id, const QString &peer);
    void receiverDeclined(const QString &id, const QString &peer);   ///< it did not accept (decline())
    void receiverFailed(const QString &id, const QString &peer, const QString &reason);

private:
    friend class TransferJob;
    struct Transfer;
    void handleMessage(const BusMessage &message);
    void send(MessageType type, const QJsonObject &payload);
    void onPeerLeft(qint64 pid, const QString &name);
    void jobEnded(const QString &id);
    static void removeDeadPartials(const QString &folder);

    MessageBus *m_bus;
    int m_settleMs = 1000;
    std::map<QString, std::unique_ptr<Transfer>> m_transfers;
    std::map<QString, FileOffer> m_offers;   // offered to us, not accepted (yet)
    QHash<QString, int> m_offerAreas;        // their areas' shared memory ids
    QSet<QString> m_outgoing;                // the ids of the files we offered
    QHash<QString, QString> m_names;         // every transfer's file name, also after it ended
};
