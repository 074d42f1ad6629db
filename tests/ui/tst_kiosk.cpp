// The kiosk layout (peerchat --kiosk) on real widgets with a real bus (offscreen): no menu bar
// but a menu button with the same actions, dragging scrolls the conversation, the input and the
// send button stay on screen and large enough to touch at 800×480 and 480×272, and a tap on
// Send puts the message on the bus. Every channel is unique (pid + counter) and gone after each
// test.
#include "chatwindow.h"
#include "kioskstyle.h"
#include "languagemanager.h"
#include "messagebus.h"
#include "messageinput.h"
#include "messagelistmodel.h"
#include "peerlistwidget.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QScroller>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using testsupport::Peer;

namespace {

// The smallest target a finger hits reliably: about 7 mm, 40 pixels on a 5" 800×480 panel.
constexpr int MinTouchPixels = 40;

QRect geometryIn(const QWidget *widget, const QWidget *window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

QStringList actionTexts(const QMenu *menu)
{
    QStringList texts;
    for (const QAction *action : menu->actions()) {
        if (!action->isSeparator())
            texts.append(action->text());
    }
    return texts;
}

} // namespace

class TestKiosk : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void hasMenuButtonInsteadOfMenuBar();
    void menuButtonHoldsTheActions();
    void messageViewScrollsByDragging();
    void fitsSmallScreens_data();
    void fitsSmallScreens();
    void tapOnSendReachesAnotherProcess();
    void peerListMakesRoomOnNarrowScreens();

private:
    void fillView(int count);

    LanguageManager m_languages;
    QString m_channel;
    std::unique_ptr<MessageBus> m_bus;
    std::unique_ptr<ChatWindow> m_window;
};

void TestKiosk::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_languages.setLanguage(u"en"_s));
    QApplication::setStyle(new KioskStyle(u"Fusion"_s));   // as runGui() does for --kiosk
    QCOMPARE(QApplication::style()->styleHint(QStyle::SH_UnderlineShortcut), 0);   // no Alt key to show them for
}

void TestKiosk::init()
{
    m_channel = testsupport::uniqueChannel("kiosk");
    m_bus = std::make_unique<MessageBus>(m_channel);
    QVERIFY2(m_bus->join(u"panel"_s), qPrintable(m_bus->errorString()));
    m_window = std::make_unique<ChatWindow>(m_bus.get(), &m_languages, ChatWindow::Layout::Kiosk);
    m_window->resize(800, 480);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestKiosk::cleanup()
{
    m_window.reset();
    if (m_bus)
        m_bus->leave();
    m_bus.reset();
    QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment outlived its peers");
}

void TestKiosk::fillView(int count)
{
    for (int i = 0; i < count; ++i) {
        ChatMessage message;
        message.sender = u"sensor"_s;
        message.senderPid = 1;
        message.text = u"Temperature %1 °C"_s.arg(20 + i % 10);
        message.time = QDateTime::currentDateTimeUtc();
        m_window->model()->appendMessage(message, false);
    }
    QTRY_COMPARE(m_window->model()->rowCount(), count);
}

void TestKiosk::hasMenuButtonInsteadOfMenuBar()
{
    QVERIFY(m_window->isKiosk());
    const auto *menuBar = m_window->findChild<QMenuBar *>();
    QVERIFY2(!menuBar || !menuBar->isVisible(), "the kiosk window shows a menu bar");
    QToolButton *button = m_window->menuButton();
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QVERIFY(button->menu());
    QCOMPARE(button->popupMode(), QToolButton::InstantPopup);   // a tap opens it
    QVERIFY(!button->text().isEmpty());
    QVERIFY(!button->accessibleName().isEmpty());
    QVERIFY(m_window->sendButton()->toolTip().isEmpty());       // nothing that needs hovering

    ChatWindow desktop(m_bus.get(), &m_languages);                  // the desktop keeps its menu bar
    QVERIFY(!desktop.isKiosk());
    QVERIFY(!desktop.menuButton());
    QVERIFY(desktop.menuBar()->actions().size() >= 4);
}

void TestKiosk::menuButtonHoldsTheActions()
{
    const QMenu *menu = m_window->menuButton()->menu();
    const QStringList texts = actionTexts(menu);
    for (const QString &expected : {u"Change &Name…"_s, u"&Copy Message"_s, u"C&lear View"_s, u"&Language"_s,
                                    u"&About peerchat"_s, u"About &Qt"_s, u"&Quit"_s})
        QVERIFY2(texts.contains(expected), qPrintable(expected + u" missing from: "_s + texts.join(u'|')));
    for (const QAction *action : menu->actions()) {
        if (action->menu())   // the languages: one entry each, the system's default first
            QVERIFY(actionTexts(action->menu()).size() >= 6);
    }
    QVERIFY2(QFontInfo(menu->font()).pixelSize() >= QFontInfo(m_window->font()).pixelSize(),
             "the menu pops up in a smaller font than the window's");

    fillView(3);
    for (QAction *action : menu->actions()) {
        if (action->text() == u"C&lear View"_s)
            action->trigger();
    }
    QCOMPARE(m_window->model()->rowCount(), 0);
}

void TestKiosk::messageViewScrollsByDragging()
{
    QListView *view = m_window->messageView();
    QVERIFY(QScroller::hasScroller(view));
    QVERIFY(QScroller::grabbedGesture(view) != Qt::GestureType(0));
    QVERIFY(view->contextMenuPolicy() != Qt::ActionsContextMenu);   // no right click on a touch screen

    fillView(60);
    view->scrollToBottom();
    const QScrollBar *bar = view->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    const int before = bar->value();

    // A finger (here the left mouse button, as on the vnc platform) drags the messages down.
    QWidget *viewport = view->viewport();
    QPoint at(viewport->width() / 2, viewport->height() / 4);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, at);
    for (int step = 0; step < 10; ++step) {
        at.ry() += viewport->height() / 20;
        QMouseEvent move(QEvent::MouseMove, at, viewport->mapToGlobal(at), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
    }
    QCOMPARE(QScroller::scroller(view)->state(), QScroller::Dragging);
    // The scroller moves the content on its next animation tick, while the finger is still down.
    QTRY_VERIFY2(bar->value() < before, qPrintable(u"scroll bar still at %1 of %2"_s.arg(bar->value()).arg(bar->maximum())));
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, at);
    QTRY_COMPARE(QScroller::scroller(view)->state(), QScroller::Inactive);
}

void TestKiosk::fitsSmallScreens_data()
{
    QTest::addColumn<QSize>("screen");
    QTest::newRow("800x480") << QSize(800, 480);
    QTest::newRow("480x272") << QSize(480, 272);
}

void TestKiosk::fitsSmallScreens()
{
    QFETCH(QSize, screen);
    fillView(20);
    m_window->resize(screen);
    QTRY_COMPARE(m_window->size(), screen);
    const QSize minimum = m_window->minimumSizeHint();
    QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height(),
             qPrintable(u"needs at least %1x%2"_s.arg(minimum.width()).arg(minimum.height())));
    QVERIFY2(QFontInfo(m_window->font()).pixelSize() >= 12,
             qPrintable(u"font of %1 pixels"_s.arg(QFontInfo(m_window->font()).pixelSize())));

    const QRect window = m_window->rect();
    const QWidget *input = m_window->input();
    const QWidget *send = m_window->sendButton();
    const QWidget *menu = m_window->menuButton();
    for (const QWidget *widget : {input, send, menu}) {
        const QRect area = geometryIn(widget, m_window.get());
        QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
        QVERIFY2(window.contains(area),
                 qPrintable(u"%1 at %2,%3 %4x%5"_s.arg(widget->objectName()).arg(area.x()).arg(area.y())
                                .arg(area.width()).arg(area.height())));
        QVERIFY2(area.width() >= MinTouchPixels && area.height() >= MinTouchPixels,
                 qPrintable(u"%1 is %2x%3"_s.arg(widget->objectName()).arg(area.width()).arg(area.height())));
    }
    QVERIFY2(!geometryIn(input, m_window.get()).intersects(geometryIn(send, m_window.get())), "input under the button");
    // Room for a few lines of conversation above the input.
    QVERIFY2(m_window->messageView()->height() >= 4 * m_window->fontMetrics().height(),
             qPrintable(u"message view %1 pixels high"_s.arg(m_window->messageView()->height())));
    QVERIFY(window.contains(geometryIn(m_window->messageView(), m_window.get())));
}

void TestKiosk::tapOnSendReachesAnotherProcess()
{
    m_window->resize(480, 272);
    QTRY_COMPARE(m_window->size(), QSize(480, 272));
    Peer peer;
    peer.start(QStringLiteral(PEERCHAT_BINARY),
               {u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, u"logger"_s, u"--receive"_s, u"1"_s});
    QVERIFY2(!peer.waitForLine("Enter text").isEmpty(), peer.standardError().constData());

    MessageInput *input = m_window->input();
    QTest::mouseClick(input->viewport(), Qt::LeftButton);          // a tap into the input
    QTest::keyClicks(input, u"fan on"_s);
    QTest::mouseClick(m_window->sendButton(), Qt::LeftButton);      // a tap on Send
    QVERIFY(input->toPlainText().isEmpty());
    QCOMPARE(peer.waitForLine("Received: "), QByteArray("Received: panel:fan on"));
    peer.closeInput();
    QVERIFY(peer.waitForFinished());
    QVERIFY2(peer.exitedWith(0), peer.standardError().constData());

    const MessageListModel *model = m_window->model();
    int own = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(MessageListModel::TextRole).toString() == u"fan on"_s && index.data(MessageListModel::IsOwnRole).toBool())
            ++own;
    }
    QCOMPARE(own, 1);
}

void TestKiosk::peerListMakesRoomOnNarrowScreens()
{
    QVERIFY(m_window->peerList()->isVisible());            // 800 wide: beside the conversation
    QVERIFY(m_window->statusText().contains(u"1 peer online"_s));
    m_window->resize(480, 272);
    QTRY_VERIFY(!m_window->peerList()->isVisible());       // 480 wide: the count in the header stays
    QVERIFY2(m_window->statusText().contains(u"1 peer online"_s), qPrintable(m_window->statusText()));
    QTRY_VERIFY2(m_window->messageView()->width() > 480 * 3 / 4,
                 qPrintable(u"message view %1 pixels wide"_s.arg(m_window->messageView()->width())));
}

QTEST_MAIN(TestKiosk)
#include "tst_kiosk.moc"
