#pragma once

#include <QElapsedTimer>
#include <QFrame>
#include <QImage>
#include <QPointer>
#include <QStringList>

#include <map>
#include <memory>

class FileTransfers;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTemporaryDir;
class QVBoxLayout;
struct FileOffer;

// One file of the panel: an offer from another peer (thumbnail for a picture, name, size, type,
// sender; Save, Open, Decline), or one of ours; then a progress bar with the rate and the time
// left, Cancel; at the end Open and Show in Folder, or why it failed. A row never touches a file
// itself: it asks the panel.
class FileRow : public QFrame
{
    Q_OBJECT
public:
    enum class State { Offered, Waiting, Moving, Saved, Sent, Cancelled, Failed, Declined };
    Q_ENUM(State)

    FileRow(const QString &id, bool outgoing, QWidget *parent = nullptr);

    QString id() const { return m_id; }
    bool isOutgoing() const { return m_outgoing; }
    State state() const { return m_state; }
    bool hasEnded() const;
    QString title() const;
    QString detail() const;
    QString savedPath() const { return m_savedPath; }
    QImage thumbnail() const { return m_thumbnail; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *openButton() const { return m_open; }
    QPushButton *declineButton() const { return m_decline; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *folderButton() const { return m_folder; }
    QPushButton *removeButton() const { return m_remove; }
    QProgressBar *progressBar() const { return m_bar; }

    void setFile(const QString &name, quint64 size, const QString &mime, const QString &peer);
    void setThumbnail(const QImage &image);
    void setState(State state, const QString &note = QString());
    void setProgress(quint64 done, quint64 total);
    void addReceiverNote(const QString &note);   // outgoing: "bruno saved it", …
    void setSavedPath(const QString &path) { m_savedPath = path; }
    bool openWhenSaved = false;
    void retranslate();

signals:
    void saveClicked();
    void openClicked();
    void declineClicked();
    void cancelClicked();
    void folderClicked();
    void removeClicked();
    void changed();   // its texts or buttons (and so perhaps its height)

private:
    void updateTexts();

    const QString m_id;
    const bool m_outgoing;
    State m_state;
    QString m_name;
    quint64 m_size = 0;
    QString m_mime;
    QString m_peer;
    QString m_note;
    QStringList m_receiverNotes;
    QString m_savedPath;
    QImage m_thumbnail;
    quint64 m_done = 0;
    QElapsedTimer m_since;   // the first progress report
    quint64 m_doneAtStart = 0;

    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_detail;
    QProgressBar *m_bar;
    QPushButton *m_save;
    QPushButton *m_open;
    QPushButton *m_decline;
    QPushButton *m_cancel;
    QPushButton *m_folder;
    QPushButton *m_remove;
};

// The window's files (README, "Files and pictures"): a panel above the input with a row per
// transfer, on the window's FileTransfers. Received files go to the folder of the settings
// (Settings → Folder for Received Files), by default the user's Downloads folder.
class FilePanel : public QWidget
{
    Q_OBJECT
public:
    explicit FilePanel(FileTransfers *files, QWidget *parent = nullptr);
    ~FilePanel() override;

    // Offers a file to the channel (Send File…, a drop, a paste). False and why when it cannot.
    bool sendFile(const QString &path, QString *why, const QString &name = QString());
    // A picture from the clipboard: written as a PNG into a folder of this window's own (removed
    // when it closes), then offered as "Pasted image <date and time>.png".
    bool sendImage(const QImage &image, QString *why);

    QList<FileRow *> rows() const;
    FileRow *row(const QString &id) const;

    static QString receivedFilesFolder();
    static void setReceivedFilesFolder(const QString &folder);

    // A picture's thumbnail from untrusted bytes: PNG or JPEG of at most 256×256 pixels only.
    static QImage decodePreview(const QByteArray &bytes);
    // A small JPEG of the picture at path (at most 160 px; at most 24 KiB), or empty.
    static QByteArray makePreview(const QString &path);

    void retranslate();

signals:
    // A sentence for the status bar (a file that could not be sent or saved).
    void problem(const QString &text);

private:
    FileRow *addRow(const QString &id, bool outgoing);
    void removeRow(FileRow *row);
    void accept(FileRow *row, bool open);
    void onOffered(const FileOffer &offer);
    void onFinished(const QString &id, const QString &path);
    void updateVisibility();

    FileTransfers *m_files;
    QScrollArea *m_scroll;
    QWidget *m_list;
    QVBoxLayout *m_listLayout;
    std::map<QString, QPointer<FileRow>> m_rows;
    std::unique_ptr<QTemporaryDir> m_pasted;
};
