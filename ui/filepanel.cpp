#include "filepanel.h"

#include "displaytext.h"
#include "filetransfers.h"

#include <QBoxLayout>
#include <QBuffer>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QMimeDatabase>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

const QString FolderKey = u"files/folder"_s;
constexpr int PreviewPixels = 160;           // the longer side of an offer's preview
constexpr int MaxPreviewPixels = 256;        // what a received preview may have at most
constexpr qsizetype MaxPreviewBytes = 24 * 1024;
constexpr int ThumbnailHeight = 120;         // a picture's height in its row
constexpr int KeptEndedRows = 12;            // older rows of ended transfers go

bool isPicture(const QString &mime)
{
    return mime == u"image/png"_s || mime == u"image/jpeg"_s || mime == u"image/gif"_s || mime == u"image/bmp"_s
        || mime == u"image/webp"_s;
}

QString sizeText(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeSIFormat);
}

QString durationText(qint64 seconds)
{
    if (seconds >= 3600)
        return u"%1:%2:%3"_s.arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QChar(u'0')).arg(seconds % 60, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

// A picture file's thumbnail, read scaled (never the whole picture in memory at full size).
QImage thumbnailOf(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!reader.canRead() || !size.isValid() || size.isEmpty())
        return {};
    if (size.height() > ThumbnailHeight || size.width() > 2 * ThumbnailHeight)
        reader.setScaledSize(size.scaled(2 * ThumbnailHeight, ThumbnailHeight, Qt::KeepAspectRatio));
    return reader.read();
}

} // namespace

FileRow::FileRow(const QString &id, bool outgoing, QWidget *parent)
    : QFrame(parent)
    , m_id(id)
    , m_outgoing(outgoing)
    , m_state(outgoing ? State::Waiting : State::Offered)
{
    setObjectName(u"fileRow"_s);
    setFrameShape(QFrame::StyledPanel);
    m_icon = new QLabel(this);
    m_icon->setObjectName(u"fileIcon"_s);
    m_icon->setAlignment(Qt::AlignCenter);
    m_title = new QLabel(this);
    m_title->setObjectName(u"fileTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_detail = new QLabel(this);
    m_detail->setObjectName(u"fileDetail"_s);
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->hide();
    const auto button = [this](const char *name, void (FileRow::*signal)()) {
        auto *b = new QPushButton(this);
        b->setObjectName(QString::fromLatin1(name));
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, signal);
        return b;
    };
    m_save = button("saveButton", &FileRow::saveClicked);
    m_open = button("openButton", &FileRow::openClicked);
    m_decline = button("declineButton", &FileRow::declineClicked);
    m_cancel = button("cancelButton", &FileRow::cancelClicked);
    m_folder = button("folderButton", &FileRow::folderClicked);
    m_remove = button("removeButton", &FileRow::removeClicked);

    auto *texts = new QVBoxLayout;
    texts->setContentsMargins(0, 0, 0, 0);
    texts->addWidget(m_title);
    texts->addWidget(m_detail);
    texts->addWidget(m_bar);
    texts->addStretch(1);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addStretch(1);
    for (QPushButton *b : {m_save, m_open, m_decline, m_cancel, m_folder, m_remove})
        buttons->addWidget(b);
    texts->addLayout(buttons);
    auto *layout = new QHBoxLayout(this);
    const int gap = fontMetrics().height() / 3;
    layout->setContentsMargins(gap, gap, gap, gap);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(texts, 1);
    setThumbnail(QImage());
    retranslate();
}

bool FileRow::hasEnded() const
{
    switch (m_state) {
    case State::Saved:
    case State::Sent:
    case State::Cancelled:
    case State::Failed:
    case State::Declined:
        return true;
    default:
        return false;
    }
}

QString FileRow::title() const
{
    return m_title->text();
}

QString FileRow::detail() const
{
    return m_detail->text();
}

void FileRow::setFile(const QString &name, quint64 size, const QString &mime, const QString &peer)
{
    m_name = name;
    m_size = size;
    m_mime = mime;
    m_peer = peer;
    updateTexts();
}

void FileRow::setThumbnail(const QImage &image)
{
    m_thumbnail = image;
    if (image.isNull()) {
        const int side = 2 * fontMetrics().height();
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_FileIcon).pixmap(side, side));
        m_icon->setAccessibleName(QString());
        return;
    }
    QImage shown = image;
    if (shown.height() > ThumbnailHeight || shown.width() > 2 * ThumbnailHeight)
        shown = shown.scaled(2 * ThumbnailHeight, ThumbnailHeight, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    m_icon->setPixmap(QPixmap::fromImage(shown));
    m_icon->setAccessibleName(tr("Picture %1").arg(displaytext::name(m_name)));
    emit changed();
}

void FileRow::setState(State state, const QString &note)
{
    m_state = state;
    m_note = note;
    if (state == State::Moving && !m_since.isValid()) {
        m_since.start();
        m_doneAtStart = m_done;
    }
    updateTexts();
}

void FileRow::setProgress(quint64 done, quint64 total)
{
    m_done = done;
    if (total > 0)
        m_size = total;
    // An own offer's file is read into shared memory before anyone accepted it: the row says
    // "waiting" until someone did (receiverAccepted), and counts the rate from then on.
    if (m_state != State::Waiting) {
        m_state = State::Moving;
        if (!m_since.isValid()) {
            m_since.start();
            m_doneAtStart = done;
        }
    }
    updateTexts();
}

void FileRow::addReceiverNote(const QString &note)
{
    m_receiverNotes.append(note);
    updateTexts();
}

void FileRow::retranslate()
{
    m_save->setText(tr("Save"));
    m_open->setText(tr("Open"));
    m_decline->setText(tr("Decline"));
    m_cancel->setText(tr("Cancel"));
    m_folder->setText(tr("Show in Folder"));
    m_remove->setText(tr("Remove"));
    m_remove->setAccessibleName(tr("Remove this file from the list"));
    updateTexts();
}

void FileRow::updateTexts()
{
    const QString name = displaytext::name(m_name);
    const QString peer = displaytext::name(m_peer);
    QString type = QMimeDatabase().mimeTypeForName(m_mime).comment();
    if (type.isEmpty())
        type = m_mime;
    QString title;
    QStringList detail;
    switch (m_state) {
    case State::Offered:
        title = tr("%1 offers %2").arg(peer, name);
        detail << sizeText(m_size) << type;
        break;
    case State::Waiting:
        title = tr("You offer %1").arg(name);
        detail << sizeText(m_size) << tr("waiting for someone to accept");
        break;
    case State::Moving: {
        title = m_outgoing ? tr("Sending %1").arg(name) : tr("Receiving %1 from %2").arg(name, peer);
        detail << tr("%1 of %2").arg(sizeText(m_done), sizeText(m_size));
        const qint64 ms = m_since.isValid() ? m_since.elapsed() : 0;
        if (ms >= 500 && m_done > m_doneAtStart) {
            const double perSecond = double(m_done - m_doneAtStart) * 1000.0 / double(ms);
            detail << tr("%1/s").arg(sizeText(quint64(perSecond)));
            if (m_size > m_done)
                detail << tr("%1 left").arg(durationText(qint64(double(m_size - m_done) / perSecond) + 1));
        }
        break;
    }
    case State::Saved:
        title = tr("%1 from %2").arg(name, peer);
        detail << tr("Saved as %1").arg(QDir::toNativeSeparators(m_savedPath));
        break;
    case State::Sent:
        title = tr("Sent %1").arg(name);
        detail << sizeText(m_size);
        break;
    case State::Cancelled:
        title = m_outgoing ? tr("You offered %1").arg(name) : tr("%1 from %2").arg(name, peer);
        detail << m_note;
        break;
    case State::Failed:
        title = m_outgoing ? tr("You offered %1").arg(name) : tr("%1 from %2").arg(name, peer);
        detail << tr("Failed: %1").arg(m_note);
        break;
    case State::Declined:
        title = tr("%1 offers %2").arg(peer, name);
        detail << tr("Declined");
        break;
    }
    if (m_outgoing && !m_receiverNotes.isEmpty())
        detail << m_receiverNotes.mid(qMax(0, m_receiverNotes.size() - 3));
    m_title->setText(title);
    m_detail->setText(detail.join(u" · "_s));
    setAccessibleName(title);
    setAccessibleDescription(m_detail->text());

    const bool offered = m_state == State::Offered;
    m_save->setVisible(offered);
    m_open->setVisible(offered || (m_state == State::Saved && !m_savedPath.isEmpty()));
    m_decline->setVisible(offered);
    m_cancel->setVisible(m_state == State::Waiting || m_state == State::Moving);
    m_folder->setVisible(m_state == State::Saved && !m_savedPath.isEmpty());
    m_remove->setVisible(hasEnded());
    m_bar->setVisible(m_state == State::Moving);
    m_bar->setValue(m_size == 0 ? 1000 : int(m_done * 1000 / m_size));
    m_bar->setAccessibleName(title);
    emit changed();
}

FilePanel::FilePanel(FileTransfers *files, QWidget *parent)
    : QWidget(parent)
    , m_files(files)
{
    setObjectName(u"filePanel"_s);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"fileScroll"_s);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_list = new QWidget(m_scroll);
    m_listLayout = new QVBoxLayout(m_list);
    m_listLayout->setContentsMargins(0, 0, 0, 0);
    m_listLayout->addStretch(1);
    m_scroll->setWidget(m_list);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    connect(m_files, &FileTransfers::offered, this, &FilePanel::onOffered);
    connect(m_files, &FileTransfers::progress, this, [this](const QString &id, quint64 done, quint64 total) {
        if (FileRow *r = row(id); r && !r->hasEnded())
            r->setProgress(done, total);
    });
    connect(m_files, &FileTransfers::finished, this, &FilePanel::onFinished);
    connect(m_files, &FileTransfers::cancelled, this, [this](const QString &id, const QString &byWhom) {
        if (FileRow *r = row(id)) {
            const bool here = r->property("cancelledHere").toBool();
            r->setState(FileRow::State::Cancelled, here ? tr("You cancelled it") : tr("Cancelled by %1").arg(displaytext::name(byWhom)));
        }
        updateVisibility();
    });
    connect(m_files, &FileTransfers::failed, this, [this](const QString &id, const QString &reason) {
        if (FileRow *r = row(id))
            r->setState(FileRow::State::Failed, reason);
        updateVisibility();
    });
    connect(m_files, &FileTransfers::receiverAccepted, this, [this](const QString &id, const QString &peer) {
        if (FileRow *r = row(id)) {
            r->addReceiverNote(tr("%1 accepted").arg(displaytext::name(peer)));
            if (r->state() == FileRow::State::Waiting)
                r->setState(FileRow::State::Moving);
        }
    });
    connect(m_files, &FileTransfers::receiverFinished, this, [this](const QString &id, const QString &peer) {
        if (FileRow *r = row(id))
            r->addReceiverNote(tr("%1 saved it").arg(displaytext::name(peer)));
    });
    connect(m_files, &FileTransfers::receiverCancelled, this, [this](const QString &id, const QString &peer) {
        if (FileRow *r = row(id))
            r->addReceiverNote(tr("%1 cancelled").arg(displaytext::name(peer)));
    });
    connect(m_files, &FileTransfers::receiverDeclined, this, [this](const QString &id, const QString &peer) {
        if (FileRow *r = row(id))
            r->addReceiverNote(tr("%1 declined").arg(displaytext::name(peer)));
    });
    connect(m_files, &FileTransfers::receiverFailed, this, [this](const QString &id, const QString &peer, const QString &reason) {
        if (FileRow *r = row(id))
            r->addReceiverNote(tr("failed for %1: %2").arg(displaytext::name(peer), reason));
    });
    updateVisibility();
}

FilePanel::~FilePanel() = default;

QString FilePanel::receivedFilesFolder()
{
    const QString chosen = QSettings().value(FolderKey).toString();
    if (!chosen.isEmpty())
        return chosen;
    const QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return downloads.isEmpty() ? QDir::homePath() : downloads;
}

void FilePanel::setReceivedFilesFolder(const QString &folder)
{
    if (folder.isEmpty())
        QSettings().remove(FolderKey);
    else
        QSettings().setValue(FolderKey, folder);
}

QImage FilePanel::decodePreview(const QByteArray &bytes)
{
    if (bytes.isEmpty() || bytes.size() > MaxPreviewBytes)
        return {};
    QBuffer buffer;
    buffer.setData(bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        return {};
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    const QByteArray format = reader.format();
    if (format != "png" && format != "jpeg")
        return {};
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty() || size.width() > MaxPreviewPixels || size.height() > MaxPreviewPixels)
        return {};
    return reader.read();
}

QByteArray FilePanel::makePreview(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!reader.canRead() || !size.isValid() || size.isEmpty())
        return {};
    if (size.width() > PreviewPixels || size.height() > PreviewPixels)
        reader.setScaledSize(size.scaled(PreviewPixels, PreviewPixels, Qt::KeepAspectRatio));
    const QImage image = reader.read();
    if (image.isNull())
        return {};
    // JPEG has no transparency: a transparent picture is shown on white.
    QImage flat(image.size(), QImage::Format_RGB32);
    flat.fill(Qt::white);
    QPainter(&flat).drawImage(0, 0, image);
    for (const int quality : {80, 60, 40}) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (flat.save(&buffer, "JPEG", quality) && bytes.size() <= MaxPreviewBytes)
            return bytes;
    }
    return {};
}

bool FilePanel::sendFile(const QString &path, QString *why, const QString &name)
{
    const QString shown = name.isEmpty() ? QFileInfo(path).fileName() : name;
    const QString mime = QMimeDatabase().mimeTypeForFile(shown, QMimeDatabase::MatchExtension).name();
    const QByteArray preview = isPicture(mime) ? makePreview(path) : QByteArray();
    const QString id = m_files->offerFile(path, why, name, preview);
    if (id.isEmpty())
        return false;
    FileRow *r = addRow(id, true);
    r->setFile(shown, quint64(QFileInfo(path).size()), mime, QString());
    if (!preview.isEmpty())
        r->setThumbnail(thumbnailOf(path));
    return true;
}

bool FilePanel::sendImage(const QImage &image, QString *why)
{
    if (image.isNull()) {
        *why = tr("the clipboard holds no picture");
        return false;
    }
    if (!m_pasted) {
        m_pasted = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/peerchat-pasted-XXXXXX"_s);
        if (!m_pasted->isValid()) {
            *why = m_pasted->errorString();
            m_pasted.reset();
            return false;
        }
    }
    const QString name = tr("Pasted image %1.png").arg(QDateTime::currentDateTime().toString(u"yyyy-MM-dd hh.mm.ss"_s));
    // The name a peer sees; the file here gets a plain one of its own (two pastes in one second).
    const QString path = m_pasted->filePath(u"%1.png"_s.arg(QDateTime::currentMSecsSinceEpoch()));
    if (!image.save(path, "PNG")) {
        *why = tr("cannot write the picture to %1").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return sendFile(path, why, name);
}

QList<FileRow *> FilePanel::rows() const
{
    QList<FileRow *> all;
    for (int i = 0; i < m_listLayout->count(); ++i) {
        if (auto *r = qobject_cast<FileRow *>(m_listLayout->itemAt(i)->widget()))
            all.append(r);
    }
    return all;
}

FileRow *FilePanel::row(const QString &id) const
{
    const auto found = m_rows.find(id);
    return found == m_rows.end() ? nullptr : found->second.data();
}

FileRow *FilePanel::addRow(const QString &id, bool outgoing)
{
    // Keep the list short: the oldest rows of ended transfers go first.
    QList<FileRow *> ended;
    for (FileRow *r : rows()) {
        if (r->hasEnded())
            ended.append(r);
    }
    while (ended.size() >= KeptEndedRows)
        removeRow(ended.takeFirst());

    auto *r = new FileRow(id, outgoing, m_list);
    m_listLayout->insertWidget(m_listLayout->count() - 1, r);   // newest last, above the stretch
    r->show();   // now, not when the layout would (queued): its height counts from the start
    m_rows[id] = r;
    connect(r, &FileRow::saveClicked, this, [this, r] { accept(r, false); });
    connect(r, &FileRow::openClicked, this, [this, r] {
        if (r->state() == FileRow::State::Saved)
            QDesktopServices::openUrl(QUrl::fromLocalFile(r->savedPath()));
        else
            accept(r, true);
    });
    connect(r, &FileRow::declineClicked, this, [this, r] {
        m_files->decline(r->id());
        r->setState(FileRow::State::Declined);
    });
    connect(r, &FileRow::cancelClicked, this, [this, r] {
        r->setProperty("cancelledHere", true);
        m_files->cancel(r->id());
    });
    connect(r, &FileRow::folderClicked, this, [r] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(r->savedPath()).absolutePath()));
    });
    connect(r, &FileRow::removeClicked, this, [this, r] { removeRow(r); });
    connect(r, &FileRow::changed, this, &FilePanel::updateVisibility);
    updateVisibility();
    m_scroll->ensureWidgetVisible(r);
    return r;
}

void FilePanel::removeRow(FileRow *row)
{
    m_rows.erase(row->id());
    m_listLayout->removeWidget(row);
    row->deleteLater();
    updateVisibility();
}

void FilePanel::accept(FileRow *row, bool open)
{
    const QString folder = receivedFilesFolder();
    QString why;
    if (!QDir().mkpath(folder)) {
        why = tr("cannot make the folder %1").arg(QDir::toNativeSeparators(folder));
    } else if (m_files->accept(row->id(), folder, &why)) {
        row->openWhenSaved = open;
        row->setState(FileRow::State::Moving);
        return;
    }
    row->setState(FileRow::State::Failed, why);
    emit problem(tr("Cannot save the file: %1").arg(why));
}

void FilePanel::onOffered(const FileOffer &offer)
{
    FileRow *r = addRow(offer.id, false);
    r->setFile(offer.name, offer.size, offer.mime, offer.sender);
    if (isPicture(offer.mime))
        r->setThumbnail(decodePreview(offer.preview));
}

void FilePanel::onFinished(const QString &id, const QString &path)
{
    FileRow *r = row(id);
    if (!r)
        return;
    if (r->isOutgoing()) {
        r->setState(FileRow::State::Sent);
    } else {
        r->setSavedPath(path);
        r->setState(FileRow::State::Saved);
        const QImage picture = thumbnailOf(path);
        if (!picture.isNull())
            r->setThumbnail(picture);   // the saved picture itself, not the sender's preview
        if (r->openWhenSaved)
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    }
    updateVisibility();
}

void FilePanel::updateVisibility()
{
    const bool any = !m_rows.empty();
    setVisible(any);
    if (!any)
        return;
    // As tall as the rows, up to about two picture rows; then it scrolls.
    const int limit = 2 * ThumbnailHeight + 6 * fontMetrics().height();
    for (FileRow *r : rows())
        r->layout()->activate();   // the sizes of what changed just now
    m_listLayout->activate();
    m_scroll->setFixedHeight(qMin(m_list->sizeHint().height(), limit));
}

void FilePanel::retranslate()
{
    for (FileRow *r : rows())
        r->retranslate();
}
