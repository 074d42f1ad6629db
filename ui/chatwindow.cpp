#include "chatwindow.h"

#include "displaytext.h"
#include "filepanel.h"
#include "filetransfers.h"
#include "languagemanager.h"
#include "messagedelegate.h"
#include "messageinput.h"
#include "messagelistmodel.h"
#include "peerlistwidget.h"
#include "uilogging.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBoxLayout>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QScroller>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString GeometryKey = u"window/geometry"_s;
const QString SplitterKey = u"window/splitter"_s;
const QString NameKey = u"name"_s;
const QString LanguageKey = u"language"_s;
const QString NotificationsKey = u"notifications"_s;
const QString HistoryKey = u"history"_s;
// The choices of Settings → Earlier Messages (--history takes any number up to 4 096).
constexpr int HistoryChoices[] = {0, 20, MessageBus::DefaultHistoryLimit, 1000};

// Kiosk: the smallest touch target (logical pixels; about 7 mm at the usual 160 dpi of a 5"
// 800×480 panel), and the widths below which the peer list and then the own name give way.
constexpr int MinTouchSize = 44;
constexpr int KioskPeerListMinWidth = 640;
constexpr int KioskNameMinWidth = 560;

} // namespace

ChatWindow::ChatWindow(MessageBus *bus, LanguageManager *languages, Layout layout, QWidget *parent)
    : QMainWindow(parent)
    , m_bus(bus)
    , m_languages(languages)
    , m_kiosk(layout == Layout::Kiosk)
{
    setObjectName(m_kiosk ? u"kioskWindow"_s : u"chatWindow"_s);
    m_model = new MessageListModel(this);
    m_files = new FileTransfers(m_bus, this);
    m_files->setOfferPatience(60'000);   // people need a moment to click Save
    if (m_kiosk)
        createKioskWidgets();
    else
        createWidgets();
    createActions();
    if (m_kiosk)
        createKioskMenu();

    connect(m_bus, &MessageBus::messageReceived, this, &ChatWindow::onMessageReceived);
    connect(m_bus, &MessageBus::peerJoined, this, &ChatWindow::onPeerJoined);
    connect(m_bus, &MessageBus::peerLeft, this, &ChatWindow::onPeerLeft);
    connect(m_bus, &MessageBus::messagesMissed, this, &ChatWindow::onMessagesMissed);
    connect(m_bus, &MessageBus::historyReceived, this, &ChatWindow::onHistoryReceived);
    connect(m_bus, &MessageBus::errorOccurred, this, &ChatWindow::onBusError);
    connect(m_model, &MessageListModel::rowsAboutToBeInserted, this, &ChatWindow::onRowsAboutToBeInserted);
    connect(m_model, &MessageListModel::batchInserted, this, &ChatWindow::onBatchInserted);
    connect(m_model, &MessageListModel::unreadCountChanged, this, &ChatWindow::updateTitle);
    connect(m_model, &MessageListModel::droppedCountChanged, this, &ChatWindow::updateStatus);
    connect(m_peerList, &PeerListWidget::peerCountChanged, this, &ChatWindow::updateStatus);
    connect(m_input, &MessageInput::sendRequested, this, &ChatWindow::sendInput);
    connect(m_input, &MessageInput::textChanged, this, &ChatWindow::onInputChanged);
    connect(m_sendButton, &QPushButton::clicked, this, &ChatWindow::sendInput);
    connect(m_input, &MessageInput::filesGiven, this, &ChatWindow::sendFiles);
    connect(m_input, &MessageInput::imageGiven, this, &ChatWindow::sendPicture);
    connect(m_filePanel, &FilePanel::problem, this, &ChatWindow::showInputProblem);
    setAcceptDrops(true);
    if (m_languages)
        connect(m_languages, &LanguageManager::languageChanged, this, &ChatWindow::updateLanguageChecks);

    m_notifications = QSettings().value(NotificationsKey, false).toBool();
    m_notifyAction->setChecked(m_notifications);
    m_peerList->setPeers(m_bus->peers());
    retranslateUi();
    updateLanguageChecks();
    updateHistoryChecks();
    m_input->setFocus(Qt::OtherFocusReason);
}

ChatWindow::~ChatWindow() = default;

void ChatWindow::createMessageView(QWidget *parent)
{
    m_view = new QListView(parent);
    m_view->setObjectName(u"messageView"_s);
    m_view->setModel(m_model);
    m_delegate = new MessageDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(false);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setLayoutMode(QListView::SinglePass);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);   // stable widths for the cached sizes
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(true);
    m_view->setTextElideMode(Qt::ElideNone);
    m_view->setSpacing(0);
}

void ChatWindow::createInputWidgets(QWidget *parent)
{
    m_inputProblem = new QLabel(parent);
    m_inputProblem->setObjectName(u"inputProblem"_s);
    m_inputProblem->setWordWrap(true);
    m_inputProblem->setTextFormat(Qt::PlainText);
    m_inputProblem->setForegroundRole(QPalette::BrightText);
    m_inputProblem->setAutoFillBackground(true);
    m_inputProblem->setBackgroundRole(QPalette::Highlight);
    m_inputProblem->hide();

    m_input = new MessageInput(parent);
    m_input->setObjectName(u"messageInput"_s);
    m_sendButton = new QPushButton(parent);
    m_sendButton->setObjectName(u"sendButton"_s);
    m_sendButton->setAutoDefault(false);
}

void ChatWindow::createWidgets()
{
    auto *central = new QWidget(this);
    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(u"splitter"_s);
    splitter->setChildrenCollapsible(false);

    auto *chatPane = new QWidget(splitter);
    createMessageView(chatPane);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    createInputWidgets(chatPane);
    m_inputProblem->setMargin(fontMetrics().height() / 4);

    auto *inputRow = new QHBoxLayout;
    inputRow->setContentsMargins(0, 0, 0, 0);
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_sendButton, 0, Qt::AlignBottom);

    m_filePanel = new FilePanel(m_files, chatPane);
    auto *chatLayout = new QVBoxLayout(chatPane);
    chatLayout->setContentsMargins(0, 0, 0, 0);
    chatLayout->addWidget(m_view, 1);
    chatLayout->addWidget(m_filePanel);
    chatLayout->addWidget(m_inputProblem);
    chatLayout->addLayout(inputRow);

    auto *peerPane = new QWidget(splitter);
    m_peersTitle = new QLabel(peerPane);
    m_peerList = new PeerListWidget(peerPane);
    m_peerList->setObjectName(u"peerList"_s);
    m_peersTitle->setBuddy(m_peerList);
    auto *peerLayout = new QVBoxLayout(peerPane);
    peerLayout->setContentsMargins(0, 0, 0, 0);
    peerLayout->addWidget(m_peersTitle);
    peerLayout->addWidget(m_peerList, 1);

    splitter->addWidget(chatPane);
    splitter->addWidget(peerPane);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    const int em = fontMetrics().averageCharWidth();
    splitter->setSizes({60 * em, 16 * em});

    auto *layout = new QVBoxLayout(central);
    const int gap = fontMetrics().height() / 3;
    layout->setContentsMargins(gap, gap, gap, gap);
    layout->addWidget(splitter);
    setCentralWidget(central);

    setTabOrder(m_input, m_sendButton);
    setTabOrder(m_sendButton, m_view);
    setTabOrder(m_view, m_peerList);

    m_channelLabel = new QLabel(this);
    m_nameLabel = new QLabel(this);
    m_peerCountLabel = new QLabel(this);
    m_droppedLabel = new QLabel(this);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setForegroundRole(QPalette::Highlight);
    for (QLabel *label : {m_channelLabel, m_nameLabel, m_peerCountLabel, m_droppedLabel, m_errorLabel})
        label->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_channelLabel);
    statusBar()->addWidget(m_nameLabel);
    statusBar()->addWidget(m_peerCountLabel);
    statusBar()->addWidget(m_droppedLabel);
    statusBar()->addWidget(m_errorLabel, 1);
    m_droppedLabel->hide();
    m_errorLabel->hide();

    QSize size(90 * em + 2 * gap, 36 * fontMetrics().height());
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 9 / 10);   // e.g. at 200 % on a small screen
    resize(size);
}

void ChatWindow::createKioskWidgets()
{
    auto *central = new QWidget(this);

    createMessageView(central);   // its scroll bar is an indicator here: dragging scrolls
    m_view->setContextMenuPolicy(Qt::NoContextMenu);              // its actions are in the menu
    m_view->setMinimumHeight(0);
    // A finger (or the mouse, for the vnc platform) drags the conversation; a flick keeps it going.
    // (Qt 6.4's QScroller needs a screen: it crashes reading the DPI of a missing one.)
    if (QGuiApplication::primaryScreen()) {
        QScroller::grabGesture(m_view, QScroller::LeftMouseButtonGesture);
        QScroller *scroller = QScroller::scroller(m_view);
        QScrollerProperties properties = scroller->scrollerProperties();
        properties.setScrollMetric(QScrollerProperties::HorizontalOvershootPolicy,
                                   QVariant::fromValue(QScrollerProperties::OvershootAlwaysOff));
        properties.setScrollMetric(QScrollerProperties::VerticalOvershootPolicy,
                                   QVariant::fromValue(QScrollerProperties::OvershootAlwaysOff));
        scroller->setScrollerProperties(properties);
    }

    createInputWidgets(central);
    m_sendButton->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);   // as tall as the input

    m_menuButton = new QToolButton(central);
    m_menuButton->setObjectName(u"menuButton"_s);
    m_menuButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_menuButton->setPopupMode(QToolButton::InstantPopup);   // a tap opens it; no arrow to find

    // The header: where and who, how many, and the menu. Labels give way rather than widen the
    // window beyond a 480-pixel screen.
    m_channelLabel = new QLabel(central);
    m_nameLabel = new QLabel(central);
    m_peerCountLabel = new QLabel(central);
    m_droppedLabel = new QLabel(central);
    m_errorLabel = new QLabel(central);
    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setForegroundRole(QPalette::BrightText);
    m_errorLabel->setAutoFillBackground(true);
    m_errorLabel->setBackgroundRole(QPalette::Highlight);
    m_droppedLabel->setWordWrap(true);
    for (QLabel *label : {m_channelLabel, m_nameLabel, m_peerCountLabel, m_droppedLabel, m_errorLabel})
        label->setTextFormat(Qt::PlainText);
    for (QLabel *label : {m_channelLabel, m_nameLabel, m_peerCountLabel})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont bold = m_channelLabel->font();
    bold.setBold(true);
    m_channelLabel->setFont(bold);
    m_droppedLabel->hide();
    m_errorLabel->hide();

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_channelLabel, 3);
    header->addWidget(m_nameLabel, 2);
    header->addWidget(m_peerCountLabel, 2);
    header->addWidget(m_menuButton, 0);

    auto *inputRow = new QHBoxLayout;
    inputRow->setContentsMargins(0, 0, 0, 0);
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_sendButton, 0);

    auto *chatLayout = new QVBoxLayout;
    chatLayout->setContentsMargins(0, 0, 0, 0);
    chatLayout->addWidget(m_errorLabel);
    chatLayout->addWidget(m_droppedLabel);
    chatLayout->addWidget(m_view, 1);
    m_filePanel = new FilePanel(m_files, central);   // a tap on Save or Open; no menu entry to send
    chatLayout->addWidget(m_filePanel);
    chatLayout->addWidget(m_inputProblem);
    chatLayout->addLayout(inputRow);

    // The peers beside the conversation when the screen is wide enough (updateKioskMetrics()).
    m_peerPane = new QWidget(central);
    m_peersTitle = new QLabel(m_peerPane);
    m_peerList = new PeerListWidget(m_peerPane);
    m_peerList->setObjectName(u"peerList"_s);
    m_peerList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_peersTitle->setBuddy(m_peerList);
    if (QGuiApplication::primaryScreen())
        QScroller::grabGesture(m_peerList, QScroller::LeftMouseButtonGesture);
    auto *peerLayout = new QVBoxLayout(m_peerPane);
    peerLayout->setContentsMargins(0, 0, 0, 0);
    peerLayout->addWidget(m_peersTitle);
    peerLayout->addWidget(m_peerList, 1);

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->addLayout(chatLayout, 1);
    body->addWidget(m_peerPane, 0);

    auto *layout = new QVBoxLayout(central);
    layout->addLayout(header);
    layout->addLayout(body, 1);
    setCentralWidget(central);

    setTabOrder(m_input, m_sendButton);
    setTabOrder(m_sendButton, m_menuButton);
    setTabOrder(m_menuButton, m_view);

    // Transient notes ("Message copied") appear in a status bar only while there is one to read.
    statusBar()->setSizeGripEnabled(false);
    statusBar()->hide();
    connect(statusBar(), &QStatusBar::messageChanged, this,
            [this](const QString &text) { statusBar()->setVisible(!text.isEmpty()); });

    updateKioskMetrics();
    resize(800, 480);   // until shown full screen
}

// A readable size for the screen the window fills: about 22 lines in its height, and never
// smaller than the desktop's font (QT_FONT_DPI raises both); touch targets follow the font.
void ChatWindow::updateKioskMetrics()
{
    const QFont base = QApplication::font(this);
    const int basePixels = QFontInfo(base).pixelSize();
    const int pixels = qMax(basePixels, qMin(height() / 22, width() / 40));
    if (pixels != m_kioskFontPixels) {
        m_kioskFontPixels = pixels;
        QFont font = base;
        font.setPointSizeF(pixels * 72.0 / qMax(1, logicalDpiY()));   // the delegate scales point sizes
        setFont(font);
        for (QMenu *menu : {m_kioskMenu, m_languageMenu}) {   // pop-ups are windows: no inheritance
            if (menu)
                menu->setFont(font);
        }
    }
    const int touch = touchSize();
    const int gap = fontMetrics().height() / 3;
    if (QLayout *layout = centralWidget()->layout()) {
        layout->setContentsMargins(gap, gap, gap, gap);
        layout->setSpacing(gap);
    }
    m_menuButton->setMinimumSize(qMax(touch, m_menuButton->sizeHint().width()), touch);
    m_sendButton->setMinimumSize(qMax(2 * touch, m_sendButton->sizeHint().width()), touch);
    const int inputLines = height() >= 400 ? 3 : 2;   // on a 272-pixel screen the messages need the room
    const int inputFrame = 2 * (m_input->frameWidth() + int(m_input->document()->documentMargin()));
    m_input->setMinimumHeight(touch);
    m_input->setMaximumHeight(qMax(touch, inputLines * m_input->fontMetrics().lineSpacing() + inputFrame));
    m_inputProblem->setMargin(gap);
    m_errorLabel->setMargin(gap);
    m_peerPane->setFixedWidth(qMax(touch * 3, width() / 4));
    m_peerPane->setVisible(width() >= KioskPeerListMinWidth);
    m_nameLabel->setVisible(width() >= KioskNameMinWidth);
    if (m_kioskMenu) {
        // Entries a finger hits, but all of them on the screen: a menu taller than the screen
        // would open a second column over the window.
        qsizetype entries = 0;
        qsizetype separators = 0;
        for (const QAction *action : m_kioskMenu->actions())
            ++(action->isSeparator() ? separators : entries);
        const int room = (height() - 2 * fontMetrics().height() - int(separators) * (gap + 1)) / int(qMax<qsizetype>(1, entries));
        const int padding = qMax(1, (qMin(touch, room) - fontMetrics().height()) / 2);
        const QString style = u"QMenu::item { padding: %1px %2px; }"
                              u"QMenu::item:selected { background: palette(highlight); color: palette(highlighted-text); }"
                              u"QMenu::separator { height: 1px; background: palette(mid); margin: %3px %4px; }"_s
                                  .arg(padding).arg(2 * padding).arg(gap / 2).arg(padding);
        m_kioskMenu->setStyleSheet(style);
        m_languageMenu->setStyleSheet(style);
    }
}

int ChatWindow::touchSize() const
{
    return qMax(MinTouchSize, 2 * fontMetrics().height());
}

void ChatWindow::createActions()
{
    m_chatMenu = new QMenu(this);
    m_sendFileAction = m_chatMenu->addAction(QString(), this, &ChatWindow::chooseFilesToSend);
    m_sendFileAction->setShortcut(QKeySequence::Open);
    m_changeNameAction = m_chatMenu->addAction(QString(), this, &ChatWindow::askForName);
    m_changeNameAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_chatMenu->addSeparator();
    m_quitAction = m_chatMenu->addAction(QString(), this, &ChatWindow::close);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_editMenu = new QMenu(this);
    m_copyAction = m_editMenu->addAction(QString(), this, &ChatWindow::copyMessage);
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_clearAction = m_editMenu->addAction(QString(), this, &ChatWindow::clearView);
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_view->addAction(m_copyAction);
    m_view->addAction(m_clearAction);

    m_settingsMenu = new QMenu(this);
    m_languageMenu = new QMenu(this);
    m_settingsMenu->addMenu(m_languageMenu);
    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    m_systemLanguageAction = m_languageMenu->addAction(QString());
    m_systemLanguageAction->setCheckable(true);
    m_languageGroup->addAction(m_systemLanguageAction);
    connect(m_systemLanguageAction, &QAction::triggered, this, [this] {
        if (m_languages && m_languages->setLanguage(QString()))
            QSettings().remove(LanguageKey);
    });
    m_languageMenu->addSeparator();
    for (const LanguageManager::Language &language : LanguageManager::availableLanguages()) {
        QAction *action = m_languageMenu->addAction(language.nativeName);
        action->setCheckable(true);
        action->setData(language.code);
        m_languageGroup->addAction(action);
        m_languageActions.append(action);
        connect(action, &QAction::triggered, this, [this, code = language.code] {
            if (m_languages && m_languages->setLanguage(code))
                QSettings().setValue(LanguageKey, code);
        });
    }
    m_historyMenu = m_settingsMenu->addMenu(QString());
    m_historyGroup = new QActionGroup(this);
    m_historyGroup->setExclusive(true);
    for (const int limit : HistoryChoices) {
        QAction *action = m_historyMenu->addAction(QString());
        action->setCheckable(true);
        action->setData(limit);
        m_historyGroup->addAction(action);
        m_historyActions.append(action);
        connect(action, &QAction::triggered, this, [this, limit] { setSavedHistoryLimit(limit); });
    }
    m_folderAction = m_settingsMenu->addAction(QString(), this, &ChatWindow::chooseReceivedFilesFolder);
    m_notifyAction = m_settingsMenu->addAction(QString());
    m_notifyAction->setCheckable(true);
    connect(m_notifyAction, &QAction::toggled, this, &ChatWindow::setNotificationsEnabled);

    m_helpMenu = new QMenu(this);
    m_aboutAction = m_helpMenu->addAction(QString(), this, &ChatWindow::showAbout);
    m_aboutAction->setShortcut(QKeySequence::HelpContents);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);

    if (!m_kiosk) {
        for (QMenu *menu : {m_chatMenu, m_editMenu, m_settingsMenu, m_helpMenu})
            menuBar()->addMenu(menu);
    }
}

// One menu behind one button, each entry a tap: the same actions as the menu bar's, without
// desktop notifications (a kiosk has no tray); the languages are the one submenu.
void ChatWindow::createKioskMenu()
{
    m_kioskMenu = new QMenu(this);
    m_kioskMenu->setObjectName(u"kioskMenu"_s);
    m_kioskMenu->addAction(m_changeNameAction);
    m_kioskMenu->addSeparator();
    m_kioskMenu->addAction(m_copyAction);
    m_kioskMenu->addAction(m_clearAction);
    m_kioskMenu->addSeparator();
    m_kioskMenu->addMenu(m_languageMenu);
    m_kioskMenu->addSeparator();
    m_kioskMenu->addAction(m_aboutAction);
    m_kioskMenu->addAction(m_aboutQtAction);
    m_kioskMenu->addSeparator();
    m_kioskMenu->addAction(m_quitAction);
    m_menuButton->setMenu(m_kioskMenu);
    for (QAction *action : m_kioskMenu->actions())
        action->setShortcutVisibleInContextMenu(false);   // keys are no hint for a finger
    // No menu bar holds them: the window does, so that their shortcuts work (a USB keyboard).
    addActions({m_changeNameAction, m_copyAction, m_clearAction, m_aboutAction, m_quitAction});
    m_kioskFontPixels = 0;
    updateKioskMetrics();
}

void ChatWindow::retranslateUi()
{
    m_chatMenu->setTitle(tr("&Chat"));
    m_sendFileAction->setText(tr("Send &File…"));
    m_changeNameAction->setText(tr("Change &Name…"));
    m_quitAction->setText(tr("&Quit"));
    m_editMenu->setTitle(tr("&Edit"));
    m_copyAction->setText(tr("&Copy Message"));
    m_clearAction->setText(tr("C&lear View"));
    m_settingsMenu->setTitle(tr("&Settings"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguageAction->setText(tr("&System Default"));
    m_notifyAction->setText(tr("Desktop &Notifications"));
    m_folderAction->setText(tr("Folder for &Received Files…"));
    m_historyMenu->setTitle(tr("&Earlier Messages on Joining"));
    for (QAction *action : std::as_const(m_historyActions)) {
        const int limit = action->data().toInt();
        action->setText(limit == 0 ? tr("&None") : tr("The last %n message(s)", nullptr, limit));
    }
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About peerchat"));
    m_aboutQtAction->setText(tr("About &Qt"));

    m_sendButton->setText(tr("&Send"));
    m_sendButton->setAccessibleName(tr("Send"));
    if (m_kiosk) {   // no tooltips: a finger does not hover
        m_menuButton->setText(tr("Menu"));
        m_menuButton->setAccessibleName(tr("Menu"));
        m_input->setPlaceholderText(tr("Write a message"));
    } else {
        m_sendButton->setToolTip(tr("Send the message (Enter); Shift+Enter adds a line break"));
        m_input->setPlaceholderText(tr("Write a message. Enter sends it, Shift+Enter starts a new line."));
    }
    m_input->setAccessibleName(tr("Message"));
    m_input->setAccessibleDescription(tr("Enter sends the message; Shift+Enter starts a new line"));
    m_view->setAccessibleName(tr("Messages"));
    m_view->setAccessibleDescription(tr("The conversation on channel %1").arg(m_bus->channel()));
    m_peersTitle->setText(tr("&People"));
    m_peerList->setAccessibleName(tr("People on this channel"));
    m_inputProblem->setAccessibleName(tr("Why the message was not sent"));
    m_channelLabel->setAccessibleName(tr("Channel"));
    m_nameLabel->setAccessibleName(tr("Your name"));
    m_peerCountLabel->setAccessibleName(tr("Number of people"));
    m_errorLabel->setAccessibleName(tr("Channel error"));

    m_filePanel->retranslate();
    m_model->retranslate();
    m_delegate->invalidateSizes();
    m_view->doItemsLayout();
    updateStatus();
    updateTitle();
    if (m_kiosk)
        updateKioskMetrics();   // the texts' widths changed
}

void ChatWindow::updateTitle()
{
    const QString base = tr("%1 on %2 — peerchat").arg(displaytext::name(m_bus->peerName()), m_bus->channel());
    const int unread = isActiveWindow() ? 0 : m_model->unreadCount();
    setWindowTitle(unread > 0 ? tr("(%n new) %1", nullptr, unread).arg(base) : base);
}

void ChatWindow::updateStatus()
{
    m_channelLabel->setText(tr("Channel: %1").arg(m_bus->channel()));
    m_nameLabel->setText(m_bus->isJoined() ? tr("You: %1").arg(displaytext::name(m_bus->peerName()))
                                           : tr("You: not joined"));
    m_peerCountLabel->setText(tr("%n peer(s) online", nullptr, m_peerList->peerCount()));
    const quint64 dropped = m_model->droppedCount();
    m_droppedLabel->setVisible(dropped > 0);
    m_droppedLabel->setText(tr("%n older message(s) removed from view", nullptr, int(qMin<quint64>(dropped, INT_MAX))));
    m_errorLabel->setVisible(!m_busError.isEmpty());
    m_errorLabel->setText(m_busError.isEmpty() ? QString() : tr("Error: %1").arg(displaytext::name(m_busError)));
    if (!m_kiosk)
        m_errorLabel->setToolTip(m_errorLabel->text());
}

QString ChatWindow::statusText() const
{
    QStringList parts;
    for (const QLabel *label : {m_channelLabel, m_nameLabel, m_peerCountLabel, m_droppedLabel, m_errorLabel}) {
        if (!label->isHidden() && !label->text().isEmpty())
            parts.append(label->text());
    }
    return parts.join(u" | "_s);
}

void ChatWindow::updateLanguageChecks()
{
    if (!m_languages)
        return;
    if (m_languages->followsSystem()) {
        m_systemLanguageAction->setChecked(true);
        return;
    }
    for (QAction *action : std::as_const(m_languageActions)) {
        if (action->data().toString() == m_languages->language())
            action->setChecked(true);
    }
}

QString ChatWindow::inputProblem() const
{
    return m_inputProblem->isHidden() ? QString() : m_inputProblem->text();
}

void ChatWindow::showInputProblem(const QString &text)
{
    m_inputProblem->setText(text);
    m_inputProblem->setVisible(!text.isEmpty());
}

void ChatWindow::onInputChanged()
{
    if (!m_inputProblem->isHidden())
        showInputProblem(QString());
}

bool ChatWindow::sendInput()
{
    const QString text = m_input->toPlainText();
    if (text.trimmed().isEmpty())
        return false;
    const qsizetype bytes = text.toUtf8().size();
    if (bytes > MessageBus::MaxTextBytes) {
        showInputProblem(tr("This message is %1 bytes long; at most %2 bytes can be sent. Shorten it and "
                            "press Enter again.").arg(bytes).arg(MessageBus::MaxTextBytes));
        return false;
    }
    if (!m_bus->send(text)) {
        showInputProblem(tr("Not sent: %1").arg(m_bus->errorString()));
        return false;
    }
    ChatMessage own;
    own.sender = m_bus->peerName();
    own.senderPid = QCoreApplication::applicationPid();
    own.text = text;
    own.time = QDateTime::currentDateTimeUtc();
    m_model->markAllRead();
    m_model->appendMessage(own, true);
    m_followBottom = true;
    m_input->clear();
    showInputProblem(QString());
    return true;
}

void ChatWindow::onMessageReceived(const ChatMessage &message)
{
    // A file transfer's messages are not chat: an offer becomes a row of the file panel (live
    // ones only: FileTransfers ignores history), the others change that row.
    if (message.binary && FileTransfers::isFileMessage(message.type))
        return;
    const bool own = message.senderPid == QCoreApplication::applicationPid() && message.sender == m_bus->peerName();
    m_model->appendMessage(message, own);
    if (!own && !message.history && m_notifications && !isActiveWindow())
        notify(message);
}

void ChatWindow::onHistoryReceived(int count, quint64 unrecoverable)
{
    if (count > 0 || unrecoverable > 0)
        m_model->appendHistoryEnd(unrecoverable);   // the divider after the last history row
}

int ChatWindow::savedHistoryLimit()
{
    bool ok = false;
    const int limit = QSettings().value(HistoryKey, MessageBus::DefaultHistoryLimit).toInt(&ok);
    return ok ? qBound(0, limit, int(MessageBus::MaxHistoryLimit)) : MessageBus::DefaultHistoryLimit;
}

void ChatWindow::setSavedHistoryLimit(int limit)
{
    QSettings().setValue(HistoryKey, qBound(0, limit, int(MessageBus::MaxHistoryLimit)));
    updateHistoryChecks();
    statusBar()->showMessage(tr("Earlier messages are shown the next time peerchat joins a channel"), 5000);
}

void ChatWindow::updateHistoryChecks()
{
    const int limit = savedHistoryLimit();
    for (QAction *action : std::as_const(m_historyActions))
        action->setChecked(action->data().toInt() == limit);
}

void ChatWindow::onPeerJoined(const PeerInfo &peer)
{
    m_peerList->addPeer(peer);
    if (!peer.isSelf)
        m_model->appendJoined(peer.name);
}

void ChatWindow::onPeerLeft(const PeerInfo &peer)
{
    m_peerList->removePeer(peer);
    m_model->appendLeft(peer.name);
}

void ChatWindow::onMessagesMissed(quint64 count)
{
    m_model->appendMissed(count);
}

void ChatWindow::onBusError(MessageBus::Error error)
{
    switch (error) {
    case MessageBus::Error::InvalidText:
    case MessageBus::Error::MessageTooLarge:
        return;   // about the typed text: sendInput() shows it at the input
    default:
        break;
    }
    m_busErrorCode = error;
    m_busError = m_bus->errorString();
    qCWarning(lcUi) << "bus error" << error << m_busError;
    m_model->appendNotice(m_busError);
    updateStatus();
}

void ChatWindow::onRowsAboutToBeInserted()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    m_followBottom = m_followBottom || bar->value() >= bar->maximum() - fontMetrics().height();
}

void ChatWindow::onBatchInserted()
{
    if (m_followBottom) {
        m_view->scrollToBottom();
        m_followBottom = false;
    }
}

void ChatWindow::askForName()
{
    QInputDialog dialog(this);
    if (m_kiosk)
        dialog.setFont(font());   // a dialog is a window: it does not inherit the kiosk's font
    dialog.setWindowTitle(tr("Change Name"));
    dialog.setLabelText(tr("Your name on channel %1 (at most %n characters):", nullptr, MessageBus::MaxNameLength)
                            .arg(m_bus->channel()));
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setTextValue(m_bus->peerName());
    if (dialog.exec() == QDialog::Accepted && changeName(dialog.textValue()))
        QSettings().setValue(NameKey, m_bus->peerName());
}

bool ChatWindow::changeName(const QString &name)
{
    QString why;
    const std::optional<QString> normalized = MessageBus::normalizedPeerName(name, &why);
    if (!normalized) {
        const QString text = tr("Cannot use \"%1\" as your name: %2").arg(displaytext::name(name), why);
        statusBar()->showMessage(text, 10'000);
        if (isVisible() && QGuiApplication::platformName() != u"offscreen"_s)
            QMessageBox::warning(this, tr("Change Name"), text);
        return false;
    }
    if (*normalized == m_bus->peerName() && m_bus->isJoined())
        return true;
    const QString oldName = m_bus->peerName();
    // The conversation is on screen already: no history when joining again under a new name.
    const int historyLimit = m_bus->historyLimit();
    m_bus->setHistoryLimit(0);
    m_files->cancelAll();   // while still joined: the others are told
    m_bus->leave();
    bool joined = m_bus->join(*normalized);
    if (!joined) {
        const QString text = m_bus->errorString();
        if (!oldName.isEmpty() && m_bus->join(oldName))
            showInputProblem(tr("Could not change the name: %1").arg(text));
    }
    m_bus->setHistoryLimit(historyLimit);
    m_peerList->setPeers(m_bus->peers());
    if (joined) {
        m_busError.clear();
        m_busErrorCode = MessageBus::Error::None;
    }
    updateStatus();
    updateTitle();
    if (joined)
        emit peerNameChanged(m_bus->peerName());
    return joined;
}

bool ChatWindow::sendFiles(const QStringList &paths)
{
    bool all = true;
    for (const QString &path : paths) {
        QString why;
        if (!m_filePanel->sendFile(path, &why)) {
            showInputProblem(tr("Cannot send %1: %2").arg(displaytext::name(QFileInfo(path).fileName()), why));
            all = false;
        }
    }
    return all;
}

bool ChatWindow::sendPicture(const QImage &image)
{
    QString why;
    if (m_filePanel->sendImage(image, &why))
        return true;
    showInputProblem(tr("Cannot send the picture: %1").arg(why));
    return false;
}

void ChatWindow::chooseFilesToSend()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Send Files to Channel %1").arg(m_bus->channel()));
    if (!paths.isEmpty())
        sendFiles(paths);
}

void ChatWindow::chooseReceivedFilesFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for Received Files"), FilePanel::receivedFilesFolder());
    if (folder.isEmpty())
        return;
    FilePanel::setReceivedFilesFolder(folder);
    statusBar()->showMessage(tr("Received files are saved in %1").arg(QDir::toNativeSeparators(folder)), 5000);
}

namespace {
// The files of a drag onto the window (local files that exist, not folders), else none.
QStringList droppedFiles(const QMimeData *data)
{
    const QStringList paths = MessageInput::localFiles(data);
    const bool allFiles = std::all_of(paths.begin(), paths.end(), [](const QString &path) { return QFileInfo(path).isFile(); });
    return allFiles ? paths : QStringList();
}

bool canDrop(const QMimeData *data)
{
    return !droppedFiles(data).isEmpty() || (data && data->hasImage());
}
} // namespace

void ChatWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (canDrop(event->mimeData()))
        event->acceptProposedAction();
}

void ChatWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (canDrop(event->mimeData()))
        event->acceptProposedAction();
}

void ChatWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = droppedFiles(event->mimeData());
    if (!files.isEmpty())
        sendFiles(files);
    else if (event->mimeData() && event->mimeData()->hasImage())
        sendPicture(qvariant_cast<QImage>(event->mimeData()->imageData()));
    else
        return;
    event->acceptProposedAction();
}

void ChatWindow::copyMessage()
{
    QModelIndex index = m_view->currentIndex();
    if (!index.isValid() && m_model->rowCount() > 0)
        index = m_model->index(m_model->rowCount() - 1);
    if (!index.isValid())
        return;
    QGuiApplication::clipboard()->setText(index.data(MessageListModel::TextRole).toString());
    statusBar()->showMessage(tr("Message copied"), 3000);
}

void ChatWindow::clearView()
{
    m_model->clear();
    m_delegate->invalidateSizes();
    updateStatus();
    updateTitle();
}

void ChatWindow::showAbout()
{
    QMessageBox box(QMessageBox::Information, tr("About peerchat"),
                    tr("<h3>peerchat %1</h3><p>A chat between processes on one machine, through shared "
                       "memory.</p><p>Built with Qt %2, running on Qt %3.</p>")
                        .arg(QCoreApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())),
                    QMessageBox::Ok, this);
    const QIcon icon = windowIcon();   // as QMessageBox::about() does
    box.setIconPixmap(icon.pixmap(icon.actualSize(QSize(64, 64))));
    if (m_kiosk)
        box.setFont(font());
    box.exec();
}

void ChatWindow::setNotificationsEnabled(bool enabled)
{
    if (m_notifications == enabled)
        return;
    m_notifications = enabled;
    m_notifyAction->setChecked(enabled);
    QSettings().setValue(NotificationsKey, enabled);
    if (enabled && !m_trayIcon && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_trayIcon = new QSystemTrayIcon(windowIcon(), this);
        connect(m_trayIcon, &QSystemTrayIcon::messageClicked, this, [this] {
            show();
            raise();
            activateWindow();
        });
        m_trayIcon->show();
    } else if (!enabled && m_trayIcon) {
        delete m_trayIcon;
    }
    if (enabled && !QSystemTrayIcon::isSystemTrayAvailable())
        statusBar()->showMessage(tr("This desktop shows no notifications; new messages are counted in the title"), 8000);
}

void ChatWindow::notify(const ChatMessage &message)
{
    if (!m_trayIcon)
        return;
    const QString body = message.binary ? tr("binary, %1 bytes, type %2").arg(message.bytes.size()).arg(message.type)
                                        : message.text;
    QString text = displaytext::name(body.left(200));
    if (body.size() > 200)
        text += QChar(0x2026);
    m_trayIcon->showMessage(tr("%1 on %2").arg(displaytext::name(message.sender), m_bus->channel()), text,
                            QSystemTrayIcon::Information, 5000);
}

void ChatWindow::setRememberGeometry(bool remember)
{
    m_rememberGeometry = remember;
}

bool ChatWindow::restoreSavedGeometry()
{
    const QSettings settings;
    bool restored = restoreGeometry(settings.value(GeometryKey).toByteArray());
    if (auto *splitter = findChild<QSplitter *>(u"splitter"_s))
        restored = splitter->restoreState(settings.value(SplitterKey).toByteArray()) && restored;
    return restored;
}

void ChatWindow::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslateUi();
        break;
    case QEvent::ActivationChange:
        if (isActiveWindow()) {
            m_model->setMarkingUnread(false);   // the marks stay until the next send or deactivation
        } else {
            m_model->markAllRead();
            m_model->setMarkingUnread(true);
        }
        updateTitle();
        break;
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
        if (m_delegate) {
            m_delegate->invalidateSizes();
            m_view->doItemsLayout();
        }
        break;
    default:
        break;
    }
    QMainWindow::changeEvent(event);
}

void ChatWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if (m_kiosk)
        updateKioskMetrics();
}

void ChatWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_model->setMarkingUnread(!isActiveWindow());   // shown in the background: messages are new
    m_input->setFocus(Qt::OtherFocusReason);
}

void ChatWindow::closeEvent(QCloseEvent *event)
{
    if (m_rememberGeometry) {
        QSettings settings;
        settings.setValue(GeometryKey, saveGeometry());
        if (const auto *splitter = findChild<QSplitter *>(u"splitter"_s))
            settings.setValue(SplitterKey, splitter->saveState());
    }
    event->accept();
}
