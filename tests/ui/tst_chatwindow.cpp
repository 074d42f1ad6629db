// The chat window on real widgets with a real bus: what is typed reaches another process, what
// another process sends shows up, the input's keys, the size limit, the peer list, and switching
// languages at run time. Every channel is unique (pid + counter) and gone after each test.
#include "chatwindow.h"
#include "languagemanager.h"
#include "messagebus.h"
#include "messageinput.h"
#include "messagelistmodel.h"
#include "peerlistwidget.h"
#include "testsupport.h"

#include <QApplication>
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
    QCOMPARE(binaryRows, 1);
    peer->closeInput();
    QVERIFY(peer->waitForFinished());
    QVERIFY2(peer->exitedWith(0), peer->standardError().constData());
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
