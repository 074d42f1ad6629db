// The chat window on real widgets with a real bus: what is typed reaches another process, what
// another process sends shows up, the input's keys, the size limit, the peer list, and switching
// languages at run time. Every channel is unique (pid + counter) and gone after each test.
#include "chatwindow.h"
#include "filepanel.h"
#include "filetransfers.h"
#include "languagemanager.h"
#include "messagebus.h"
#include "messageinput.h"
#include "messagelistmodel.h"
#include "peerlistwidget.h"
#include "testsupport.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDropEvent>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using testsupport::Peer;
using testsupport::sha256Of;

class TestChatWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void startsWithFocusInInput();
    void enterSendsToAnotherProcess();
    void showsMessageFromAnotherProcess();
    void fileProtocolMessagesAreNoRows();
    void pictureOfferShowsThumbnailAndSaves();
    void windowSendsDroppedFileAndPastedPicture();
    void receiverCancelsFromTheWindow();
    void hostilePreviewIsNoThumbnail();
    void shiftEnterInsertsLineBreak();
    void emptyInputIsNotSent();
    void oversizedMessageIsRefusedAndKept();
    void longestMessageIsSent();
    void peerListFollowsJoinAndLeave();
    void arabicFlipsLayoutDirection();
    void germanChangesTexts();
    void changeNameRejoins();
    void lateWindowShowsHistoryAndDivider();

private:
    // Starts `peerchat --headless` on the test's channel and waits until it has joined.
    std::unique_ptr<Peer> startConsolePeer(const QString &name, const QStringList &extra = {});
    int rowsFrom(const QString &sender, const QString &text) const;
    bool peerListHas(const QString &name) const;

    LanguageManager m_languages;
    QString m_channel;
    std::unique_ptr<MessageBus> m_bus;
    std::unique_ptr<ChatWindow> m_window;
};

void TestChatWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_languages.setLanguage(u"en"_s));
}

void TestChatWindow::init()
{
    m_channel = testsupport::uniqueChannel("ui");
    m_bus = std::make_unique<MessageBus>(m_channel);
    QVERIFY2(m_bus->join(u"me"_s), qPrintable(m_bus->errorString()));
    m_window = std::make_unique<ChatWindow>(m_bus.get(), &m_languages);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestChatWindow::cleanup()
{
    m_window.reset();
    if (m_bus)
        m_bus->leave();
    m_bus.reset();
    if (m_languages.language() != u"en"_s)
        QVERIFY(m_languages.setLanguage(u"en"_s));
    // The last peer out removes the channel's IPC objects; a failed test may have left some.
    QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment outlived its peers");
}

std::unique_ptr<Peer> TestChatWindow::startConsolePeer(const QString &name, const QStringList &extra)
{
    auto peer = std::make_unique<Peer>();
    peer->start(QStringLiteral(PEERCHAT_BINARY),
                QStringList{u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, name} + extra);
    const QByteArray ready = peer->waitForLine(extra.contains(u"--json"_s) ? QByteArray(R"({"channel")")
                                                                            : QByteArray("Enter text"));
    if (ready.isEmpty())
        qWarning() << "console peer did not start:" << peer->standardError();
    return peer;
}

int TestChatWindow::rowsFrom(const QString &sender, const QString &text) const
{
    const MessageListModel *model = m_window->model();
    int found = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(MessageListModel::KindRole).value<MessageListModel::Kind>() == MessageListModel::Kind::Message
            && index.data(MessageListModel::SenderRole).toString() == sender
            && index.data(MessageListModel::TextRole).toString() == text)
            ++found;
    }
    return found;
}

bool TestChatWindow::peerListHas(const QString &name) const
{
    const QList<PeerInfo> peers = m_window->peerList()->peers();
    return std::any_of(peers.begin(), peers.end(), [&](const PeerInfo &p) { return p.name == name; });
}

void TestChatWindow::startsWithFocusInInput()
{
    m_window->activateWindow();
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(m_window->input()));
    QVERIFY(!m_window->input()->accessibleName().isEmpty());
    QVERIFY(!m_window->messageView()->accessibleName().isEmpty());
    QVERIFY(!m_window->peerList()->accessibleName().isEmpty());
}

void TestChatWindow::enterSendsToAnotherProcess()
{
    auto peer = startConsolePeer(u"x"_s, {u"--receive"_s, u"1"_s});
    QTRY_VERIFY(peerListHas(u"x"_s));

    QTest::keyClicks(m_window->input(), u"hello from the window"_s);
    QTest::keyClick(m_window->input(), Qt::Key_Return);
    QCOMPARE(m_window->input()->toPlainText(), QString());
    QTRY_COMPARE(rowsFrom(u"me"_s, u"hello from the window"_s), 1);
    const QModelIndex own = m_window->model()->index(m_window->model()->rowCount() - 1);
    QVERIFY(own.data(MessageListModel::IsOwnRole).toBool());

    QCOMPARE(peer->waitForLine("Received: "), QByteArray("Received: me:hello from the window"));
    peer->closeInput();
    QVERIFY(peer->waitForFinished());
    QVERIFY2(peer->exitedWith(0), peer->standardError().constData());
}

void TestChatWindow::showsMessageFromAnotherProcess()
{
    auto peer = startConsolePeer(u"anna"_s);
    const QString text = u"grüße 你好 مرحبا"_s;
    peer->write(text.toUtf8() + '\n');
    QTRY_COMPARE(rowsFrom(u"anna"_s, text), 1);
    for (int row = 0; row < m_window->model()->rowCount(); ++row) {
        const QModelIndex index = m_window->model()->index(row);
        if (index.data(MessageListModel::TextRole).toString() == text) {
            QVERIFY(!index.data(MessageListModel::IsOwnRole).toBool());
            QVERIFY(index.data(MessageListModel::TimeRole).toDateTime().isValid());
            QCOMPARE(index.data(Qt::DisplayRole).toString(), text);
        }
    }
    peer->closeInput();
    QVERIFY(peer->waitForFinished());
    QVERIFY(peer->exitedWith(0));
}

// A console offers a file and cancels it: the offer is one (binary) row, the cancel none.
void TestChatWindow::fileProtocolMessagesAreNoRows()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"report.pdf"_s));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(QByteArray(5000, 'x')) == 5000);
    file.close();
    auto peer = startConsolePeer(u"anna"_s);
    QTRY_VERIFY(peerListHas(u"anna"_s));
    peer->write("/send " + file.fileName().toUtf8() + "\n/cancel\nafter\n");
    QTRY_COMPARE(rowsFrom(u"anna"_s, u"after"_s), 1);
    int binaryRows = 0;
    for (int row = 0; row < m_window->model()->rowCount(); ++row)
        binaryRows += m_window->model()->index(row).data(MessageListModel::TextRole).toString().startsWith(u"binary, "_s);
    QCOMPARE(binaryRows, 0);   // the offer is a row of the file panel
    QCOMPARE(m_window->filePanel()->rows().size(), 1);
    QTRY_COMPARE(m_window->filePanel()->rows().first()->state(), FileRow::State::Cancelled);
    QCOMPARE(m_window->filePanel()->rows().first()->detail(), u"Cancelled by anna"_s);
    peer->closeInput();
    QVERIFY(peer->waitForFinished());
    QVERIFY2(peer->exitedWith(0), peer->standardError().constData());
}

namespace {
// A 640×480 picture with something to see in it: sky, sea, a sun.
QImage harbourPicture()
{
    QImage image(640, 480, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient sky(0, 0, 0, 300);
    sky.setColorAt(0, QColor(0x2a, 0x6f, 0xdb));
    sky.setColorAt(1, QColor(0xa8, 0xd8, 0xff));
    painter.fillRect(0, 0, 640, 300, sky);
    painter.fillRect(0, 300, 640, 180, QColor(0x0b, 0x3d, 0x5c));
    painter.setBrush(QColor(0xff, 0xc8, 0x3d));
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(QPoint(480, 120), 60, 60);
    return image;
}
} // namespace

// Another window sends a picture: this window shows an offer row with the sender, name, size,
// type and a thumbnail made from the offer's preview; Save puts the file, byte for byte, into
// the folder of the settings, and the row then shows the saved picture and Show in Folder; the
// sender's row ends as "Sent", "me saved it". A console peer makes no preview (it has no
// QtGui): its picture shows a file icon until saved, then the picture.
void TestChatWindow::pictureOfferShowsThumbnailAndSaves()
{
    QTemporaryDir dir;
    const QString picture = dir.filePath(u"harbour.png"_s);
    QVERIFY(harbourPicture().save(picture, "PNG"));
    const QString folder = dir.filePath(u"received"_s);
    FilePanel::setReceivedFilesFolder(folder);   // made when the first file is saved
    const QString shots = qEnvironmentVariable("PEERCHAT_SCREENSHOT_DIR");
    FilePanel *panel = m_window->filePanel();
    QVERIFY(!panel->isVisible());
    {
        MessageBus annaBus(m_channel);
        QVERIFY2(annaBus.join(u"anna"_s), qPrintable(annaBus.errorString()));
        ChatWindow anna(&annaBus, &m_languages);
        QTRY_VERIFY(peerListHas(u"anna"_s));
        QVERIFY(annaBus.send(u"The harbour this morning:"_s));
        QTRY_COMPARE(rowsFrom(u"anna"_s, u"The harbour this morning:"_s), 1);
        QString why;
        QVERIFY2(anna.filePanel()->sendFile(picture, &why), qPrintable(why));
        QTRY_COMPARE(panel->rows().size(), 1);
        FileRow *row = panel->rows().first();
        QVERIFY(panel->isVisible());
        QCOMPARE(row->state(), FileRow::State::Offered);
        QCOMPARE(row->title(), u"anna offers harbour.png"_s);
        QVERIFY2(row->detail().contains(u"PNG image"_s) && row->detail().contains(u" kB"_s), qPrintable(row->detail()));
        QVERIFY(row->saveButton()->isVisible() && row->openButton()->isVisible() && row->declineButton()->isVisible());
        // The row is not cut off: its buttons are on screen in full.
        QTRY_COMPARE(row->saveButton()->visibleRegion().boundingRect(), row->saveButton()->rect());
        // The preview is the picture, 160×120: the sun's yellow, top right; the sea's blue, bottom.
        const QImage thumbnail = row->thumbnail();
        QCOMPARE(thumbnail.size(), QSize(160, 120));
        const QColor sun = thumbnail.pixelColor(120, 30), sea = thumbnail.pixelColor(20, 110);
        QVERIFY2(sun.red() > 200 && sun.green() > 150 && sun.blue() < 120, qPrintable(sun.name()));
        QVERIFY2(sea.blue() > sea.red() && sea.red() < 60, qPrintable(sea.name()));
        if (!shots.isEmpty())
            m_window->grab().save(shots + u"/file-offer.png"_s);

        // The sender's row waits for an answer (its small file is in shared memory already).
        FileRow *sent = anna.filePanel()->rows().value(0);
        QVERIFY(sent);
        QCOMPARE(sent->state(), FileRow::State::Waiting);
        QCOMPARE(sent->title(), u"You offer harbour.png"_s);
        QVERIFY2(sent->detail().endsWith(u"waiting for someone to accept"_s), qPrintable(sent->detail()));
        QVERIFY(!sent->cancelButton()->isHidden() && sent->progressBar()->isHidden());   // its window is not shown

        QTest::mouseClick(row->saveButton(), Qt::LeftButton);
        QTRY_COMPARE(row->state(), FileRow::State::Saved);
        QCOMPARE(row->savedPath(), QDir(folder).filePath(u"harbour.png"_s));
        QCOMPARE(sha256Of(row->savedPath()), sha256Of(picture));
        QVERIFY(row->folderButton()->isVisible() && row->openButton()->isVisible() && !row->saveButton()->isVisible());
        QCOMPARE(row->thumbnail().size(), QSize(160, 120));   // now from the saved file
        QTRY_COMPARE(sent->state(), FileRow::State::Sent);
        QTRY_VERIFY2(sent->detail().contains(u"me saved it"_s), qPrintable(sent->detail()));
        if (!shots.isEmpty())
            m_window->grab().save(shots + u"/file-saved.png"_s);
        QTest::mouseClick(row->removeButton(), Qt::LeftButton);
        QTRY_VERIFY(panel->rows().isEmpty());
        QTRY_VERIFY(!panel->isVisible());
        annaBus.leave();
    }

    auto bruno = startConsolePeer(u"bruno"_s);
    QTRY_VERIFY(peerListHas(u"bruno"_s));
    bruno->write("/send " + picture.toUtf8() + '\n');
    QTRY_COMPARE(panel->rows().size(), 1);
    FileRow *row = panel->rows().first();
    QCOMPARE(row->title(), u"bruno offers harbour.png"_s);
    QVERIFY(row->thumbnail().isNull());   // a file icon
    QTest::mouseClick(row->saveButton(), Qt::LeftButton);
    QTRY_COMPARE(row->state(), FileRow::State::Saved);
    QCOMPARE(row->savedPath(), QDir(folder).filePath(u"harbour (1).png"_s));   // never over the first
    QCOMPARE(row->thumbnail().size(), QSize(160, 120));
    QVERIFY2(!bruno->waitForLine("* me saved harbour.png").isEmpty(), bruno->standardError().constData());
    FilePanel::setReceivedFilesFolder(QString());
    bruno->closeInput();
    QVERIFY(bruno->waitForFinished());
    QVERIFY2(bruno->exitedWith(0), bruno->standardError().constData());
}

// A file dropped on the window and a picture pasted into the input are offered to the channel:
// a console peer with --save-files gets both, byte for byte (the picture as the PNG the window
// wrote); the window's rows end as "Sent", with who saved them. A folder dropped is refused
// with a clear reason and nothing is sent.
void TestChatWindow::windowSendsDroppedFileAndPastedPicture()
{
    QTemporaryDir dir;
    const QString inbox = dir.filePath(u"bruno"_s);
    QVERIFY(QDir().mkpath(inbox));
    const QString file = dir.filePath(u"notes.txt"_s);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 20000; ++i)
            f.write("line " + QByteArray::number(i) + " of the notes\n");
    }
    auto bruno = startConsolePeer(u"bruno"_s, {u"--save-files"_s, inbox});
    QTRY_VERIFY(peerListHas(u"bruno"_s));

    QMimeData dropped;
    dropped.setUrls({QUrl::fromLocalFile(file)});
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &dropped, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);   // as a real drag: enter, then drop
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &dropped, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(drop.isAccepted());
    FilePanel *panel = m_window->filePanel();
    QTRY_COMPARE(panel->rows().size(), 1);
    QVERIFY2(bruno->waitForLine("* saved notes.txt").size() > 0, bruno->standardError().constData());
    QCOMPARE(sha256Of(QDir(inbox).filePath(u"notes.txt"_s)), sha256Of(file));
    FileRow *sent = panel->rows().first();
    QTRY_COMPARE(sent->state(), FileRow::State::Sent);
    QTRY_VERIFY2(sent->detail().contains(u"bruno saved it"_s), qPrintable(sent->detail()));

    QGuiApplication::clipboard()->setImage(harbourPicture());
    m_window->input()->setFocus();
    m_window->input()->paste();
    QTRY_COMPARE(panel->rows().size(), 2);
    FileRow *pasted = panel->rows().last();
    QVERIFY2(pasted->title().startsWith(u"You offer Pasted image "_s) || pasted->title().startsWith(u"Sending Pasted image"_s)
                 || pasted->title().startsWith(u"Sent Pasted image"_s), qPrintable(pasted->title()));
    QCOMPARE(pasted->thumbnail().size(), QSize(160, 120));
    QCOMPARE(m_window->input()->toPlainText(), QString());   // nothing pasted as text
    const QByteArray saved = bruno->waitForLine("* saved Pasted image ");
    QVERIFY2(!saved.isEmpty(), bruno->standardError().constData());
    const QStringList names = QDir(inbox).entryList({u"Pasted image *.png"_s}, QDir::Files);
    QCOMPARE(names.size(), 1);
    QImage received(QDir(inbox).filePath(names.first()));
    QCOMPARE(received.size(), QSize(640, 480));
    QCOMPARE(received.convertToFormat(QImage::Format_RGB32), harbourPicture());
    QTRY_COMPARE(pasted->state(), FileRow::State::Sent);

    QMimeData folder;
    folder.setUrls({QUrl::fromLocalFile(dir.path())});
    QDragEnterEvent folderEnter(QPoint(20, 20), Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &folderEnter);
    QVERIFY(!folderEnter.isAccepted());   // a folder is no file to send
    QVERIFY(m_window->sendFiles({dir.path()}) == false);
    QVERIFY2(m_window->inputProblem().contains(u"not a regular file"_s), qPrintable(m_window->inputProblem()));
    QCOMPARE(panel->rows().size(), 2);

    bruno->closeInput();
    QVERIFY(bruno->waitForFinished());
    QVERIFY2(bruno->exitedWith(0), bruno->standardError().constData());
}

// The window receives a file that a console peer sends slowly; its Cancel stops the copy, keeps
// nothing in the folder, and the sender is told; the sender's own row-less transfer ends.
void TestChatWindow::receiverCancelsFromTheWindow()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"big.bin"_s);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray block(1024 * 1024, 'b');
        for (int i = 0; i < 40; ++i)
            f.write(block);
    }
    const QString folder = dir.filePath(u"received"_s);
    FilePanel::setReceivedFilesFolder(folder);
    QProcessEnvironment slow = QProcessEnvironment::systemEnvironment();
    slow.insert(u"PEERCHAT_FAILPOINT"_s, u"file-sender-block:sleep(50)"_s);
    Peer anna;
    anna.start(QStringLiteral(PEERCHAT_BINARY), {u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, u"anna"_s}, slow);
    QVERIFY(!anna.waitForLine("Enter text").isEmpty());
    QTRY_VERIFY(peerListHas(u"anna"_s));
    anna.write("/send " + file.toUtf8() + '\n');
    FilePanel *panel = m_window->filePanel();
    QTRY_COMPARE(panel->rows().size(), 1);
    FileRow *row = panel->rows().first();
    QTest::mouseClick(row->saveButton(), Qt::LeftButton);
    QTRY_COMPARE(row->state(), FileRow::State::Moving);
    QTRY_VERIFY(row->progressBar()->value() > 0);
    QTRY_VERIFY2(row->detail().contains(u"/s"_s) && row->detail().contains(u"left"_s), qPrintable(row->detail()));
    QVERIFY(row->cancelButton()->isVisible());
    QTest::mouseClick(row->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(row->state(), FileRow::State::Cancelled);
    QCOMPARE(row->detail(), u"You cancelled it"_s);
    QVERIFY2(anna.waitForLine("* me cancelled big.bin").size() > 0, anna.standardError().constData());
    QTRY_COMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), QStringList());
    FilePanel::setReceivedFilesFolder(QString());
    anna.write("/cancel\n");
    anna.closeInput();
    QVERIFY(anna.waitForFinished());
    QVERIFY2(anna.exitedWith(0), anna.standardError().constData());
}

// A preview is untrusted bytes: only a PNG or JPEG of at most 256×256 becomes a thumbnail.
void TestChatWindow::hostilePreviewIsNoThumbnail()
{
    const auto encoded = [](const QImage &image, const char *format) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, format);
        return bytes;
    };
    QImage small(100, 80, QImage::Format_RGB32);
    small.fill(Qt::red);
    QCOMPARE(FilePanel::decodePreview(encoded(small, "PNG")).size(), QSize(100, 80));
    QCOMPARE(FilePanel::decodePreview(encoded(small, "JPEG")).size(), QSize(100, 80));
    QVERIFY(FilePanel::decodePreview(encoded(small, "BMP")).isNull());        // not PNG or JPEG
    QImage large(2000, 10, QImage::Format_RGB32);
    large.fill(Qt::blue);
    QVERIFY(FilePanel::decodePreview(encoded(large, "PNG")).isNull());        // too wide
    QVERIFY(FilePanel::decodePreview(QByteArray("\x89PNG\r\n\x1a\n garbage")).isNull());
    QVERIFY(FilePanel::decodePreview(QByteArray()).isNull());
    QVERIFY(FilePanel::decodePreview(QByteArray(30 * 1024, 'x')).isNull());   // too many bytes
}

void TestChatWindow::shiftEnterInsertsLineBreak()
{
    MessageInput *input = m_window->input();
    QTest::keyClicks(input, u"first"_s);
    QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input, u"second"_s);
    QCOMPARE(input->toPlainText(), u"first\nsecond"_s);
    QCOMPARE(m_window->model()->rowCount() + m_window->model()->pendingCount(), 0);   // not sent

    QTest::keyClick(input, Qt::Key_Enter, Qt::KeypadModifier);   // the keypad's Enter sends too
    QTRY_COMPARE(rowsFrom(u"me"_s, u"first\nsecond"_s), 1);
    QVERIFY(input->toPlainText().isEmpty());
}

void TestChatWindow::emptyInputIsNotSent()
{
    MessageInput *input = m_window->input();
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClicks(input, u"   "_s);
    QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClick(input, Qt::Key_Tab);   // moves the focus, inserts nothing
    QTest::keyClick(input, Qt::Key_Return);
    QVERIFY(!m_window->sendInput());
    QCOMPARE(m_window->model()->rowCount() + m_window->model()->pendingCount(), 0);
    QCOMPARE(input->toPlainText(), u"   \n"_s);
}

void TestChatWindow::oversizedMessageIsRefusedAndKept()
{
    MessageInput *input = m_window->input();
    // 3 UTF-8 bytes per character: one character over the limit.
    const QString text(MessageBus::MaxTextBytes / 3 + 1, QChar(u'你'));
    input->setPlainText(text);
    QSignalSpy errors(m_bus.get(), &MessageBus::errorOccurred);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(input->toPlainText(), text);                          // kept for shortening
    QVERIFY2(m_window->inputProblem().contains(QString::number(text.toUtf8().size())),
             qPrintable(m_window->inputProblem()));
    QVERIFY(m_window->inputProblem().contains(QString::number(MessageBus::MaxTextBytes)));
    QCOMPARE(m_window->model()->rowCount() + m_window->model()->pendingCount(), 0);
    QVERIFY(m_window->statusText().indexOf(u"Error"_s) < 0);       // not a bus error

    QTest::keyClick(input, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClick(input, Qt::Key_Backspace);                     // editing clears the notice
    QVERIFY(m_window->inputProblem().isEmpty());
}

void TestChatWindow::longestMessageIsSent()
{
    const QString text(MessageBus::MaxTextBytes, u'x');
    m_window->input()->setPlainText(text);
    QVERIFY2(m_window->sendInput(), qPrintable(m_window->inputProblem()));
    QTRY_COMPARE(rowsFrom(u"me"_s, text), 1);
}

void TestChatWindow::peerListFollowsJoinAndLeave()
{
    PeerListWidget *list = m_window->peerList();
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), u"me (you)"_s);
    QVERIFY2(m_window->statusText().contains(u"1 peer online"_s), qPrintable(m_window->statusText()));

    auto bob = startConsolePeer(u"bob"_s);
    QTRY_COMPARE(list->count(), 2);
    QVERIFY(peerListHas(u"bob"_s));
    QCOMPARE(list->item(0)->text(), u"me (you)"_s);            // the own entry stays first
    QCOMPARE(list->item(1)->text(), u"bob"_s);
    QTRY_VERIFY2(m_window->statusText().contains(u"2 peers online"_s), qPrintable(m_window->statusText()));

    bob->closeInput();                                         // "bob" leaves
    QVERIFY(bob->waitForFinished());
    QTRY_COMPARE(list->count(), 1);
    QVERIFY(!peerListHas(u"bob"_s));
    QTRY_VERIFY2(m_window->statusText().contains(u"1 peer online"_s), qPrintable(m_window->statusText()));

    // The presence lines reach the model in its next batch (an event-loop turn later).
    const auto lines = [this] {
        QStringList all;
        for (int row = 0; row < m_window->model()->rowCount(); ++row)
            all.append(m_window->model()->index(row).data().toString());
        return all;
    };
    QTRY_VERIFY2(lines().contains(u"bob joined"_s), qPrintable(lines().join(u'|')));
    QTRY_VERIFY2(lines().contains(u"bob left"_s), qPrintable(lines().join(u'|')));
}

void TestChatWindow::arabicFlipsLayoutDirection()
{
    QCOMPARE(m_window->layoutDirection(), Qt::LeftToRight);
    QVERIFY(m_languages.setLanguage(u"ar"_s));
    QTRY_COMPARE(m_window->layoutDirection(), Qt::RightToLeft);
    QTRY_COMPARE(m_window->input()->layoutDirection(), Qt::RightToLeft);
    QTRY_VERIFY(m_window->menuBar()->actions().constFirst()->text() != u"&Chat"_s);
    QVERIFY(m_languages.setLanguage(u"en"_s));
    QTRY_COMPARE(m_window->layoutDirection(), Qt::LeftToRight);
    QTRY_COMPARE(m_window->menuBar()->actions().constFirst()->text(), u"&Chat"_s);
}

void TestChatWindow::germanChangesTexts()
{
    const auto *send = m_window->findChild<QPushButton *>(u"sendButton"_s);
    QVERIFY(send);
    QCOMPARE(send->text(), u"&Send"_s);
    const QString englishStatus = m_window->statusText();
    const QString englishTitle = m_window->windowTitle();
    QVERIFY(englishStatus.contains(u"Channel: "_s));

    QVERIFY(m_languages.setLanguage(u"de"_s));
    QTRY_COMPARE(send->text(), u"&Senden"_s);
    QCOMPARE(m_window->layoutDirection(), Qt::LeftToRight);
    QVERIFY2(m_window->statusText().contains(u"Kanal: "_s), qPrintable(m_window->statusText()));
    QVERIFY(m_window->statusText() != englishStatus);
    QVERIFY(m_window->windowTitle() != englishTitle);
    QVERIFY(m_window->input()->placeholderText() != u"Write a message. Enter sends it, Shift+Enter starts a new line."_s);
    QVERIFY(m_window->input()->accessibleName() != u"Message"_s);
    QCOMPARE(m_window->menuBar()->actions().constFirst()->text(), u"&Chat"_s);   // same word in German
    QVERIFY(m_window->menuBar()->actions().at(1)->text() != u"&Edit"_s);
    QCOMPARE(m_window->peerList()->item(0)->text(), u"me (du)"_s);

    QVERIFY(m_languages.setLanguage(u"en"_s));
    QTRY_COMPARE(send->text(), u"&Send"_s);
    QCOMPARE(m_window->statusText(), englishStatus);
}

void TestChatWindow::changeNameRejoins()
{
    auto peer = startConsolePeer(u"watcher"_s, {u"--json"_s});
    QTRY_VERIFY(peerListHas(u"watcher"_s));
    QVERIFY(m_window->changeName(u"renamed"_s));
    QCOMPARE(m_bus->peerName(), u"renamed"_s);
    QVERIFY(m_window->windowTitle().contains(u"renamed"_s));
    QVERIFY(m_window->statusText().contains(u"renamed"_s));
    QVERIFY(peer->waitForLine(R"({"event":"left","name":"me")").size() > 0);
    QVERIFY(peer->waitForLine(R"({"event":"joined","name":"renamed")").size() > 0);
    QTRY_COMPARE(m_window->peerList()->count(), 2);
    QVERIFY(!m_window->changeName(u"bad\u202Ename"_s));          // refused: the old name stays
    QCOMPARE(m_bus->peerName(), u"renamed"_s);
    peer->closeInput();
    QVERIFY(peer->waitForFinished());
    QVERIFY(peer->exitedWith(0));
}

// A window that joins late shows the earlier messages as history rows, then the divider; they
// are not counted as unread, and the live message after them is. Renaming gets no history again.
void TestChatWindow::lateWindowShowsHistoryAndDivider()
{
    auto anna = startConsolePeer(u"anna"_s);
    anna->write("first\nsecond\nthird\n");
    QTRY_COMPARE(rowsFrom(u"anna"_s, u"third"_s), 1);   // published before the late window joins

    MessageBus lateBus(m_channel);
    lateBus.setHistoryLimit(2);
    QVERIFY2(lateBus.join(u"late"_s), qPrintable(lateBus.errorString()));
    ChatWindow late(&lateBus, &m_languages);
    late.model()->setMarkingUnread(true);   // in the background: live messages are new
    MessageListModel *model = late.model();
    QTRY_COMPARE(model->rowCount(), 3);
    const auto kindAt = [model](int row) { return model->index(row).data(MessageListModel::KindRole).value<MessageListModel::Kind>(); };
    QCOMPARE(model->index(0).data(MessageListModel::TextRole).toString(), u"second"_s);
    QCOMPARE(model->index(1).data(MessageListModel::TextRole).toString(), u"third"_s);
    QVERIFY(model->index(0).data(MessageListModel::IsHistoryRole).toBool());
    QVERIFY(model->index(1).data(MessageListModel::IsHistoryRole).toBool());
    QCOMPARE(kindAt(2), MessageListModel::Kind::HistoryEnd);
    QCOMPARE(model->index(2).data(Qt::DisplayRole).toString(), u"You joined here"_s);
    QCOMPARE(model->unreadCount(), 0);
    QVERIFY(!late.windowTitle().contains(u"new"_s));

    anna->write("live\n");
    QTRY_VERIFY(model->rowCount() >= 4 && model->index(model->rowCount() - 1).data(MessageListModel::TextRole).toString() == u"live"_s);
    QVERIFY(!model->index(model->rowCount() - 1).data(MessageListModel::IsHistoryRole).toBool());
    QCOMPARE(model->unreadCount(), 1);

    const int rows = model->rowCount();
    QVERIFY(late.changeName(u"later"_s));
    QCOMPARE(lateBus.historyLimit(), 2);   // kept for the next start, not used for the rename
    anna->write("after rename\n");
    QTRY_COMPARE(model->index(model->rowCount() - 1).data(MessageListModel::TextRole).toString(), u"after rename"_s);
    for (int row = rows; row < model->rowCount(); ++row)
        QVERIFY2(!model->index(row).data(MessageListModel::IsHistoryRole).toBool(), "history again after a rename");

    anna->closeInput();
    QVERIFY(anna->waitForFinished());
    QVERIFY(anna->exitedWith(0));
    lateBus.leave();
}

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
