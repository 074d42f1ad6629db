#include "chatwindow.h"

#include "displaytext.h"
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
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace {

const QString GeometryKey = u"window/geometry"_s;
const QString SplitterKey = u"window/splitter"_s;
const QString NameKey = u"name"_s;
const QString LanguageKey = u"language"_s;
const QString NotificationsKey = u"notifications"_s;

} // namespace

ChatWindow::ChatWindow(MessageBus *bus, LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent)
    , m_bus(bus)
    , m_languages(languages)
{
    setObjectName(u"chatWindow"_s);
    m_model = new MessageListModel(this);
    createWidgets();
    createActions();

    connect(m_bus, &MessageBus::messageReceived, this, &ChatWindow::onMessageReceived);
    connect(m_bus, &MessageBus::peerJoined, this, &ChatWindow::onPeerJoined);
    connect(m_bus, &MessageBus::peerLeft, this, &ChatWindow::onPeerLeft);
    connect(m_bus, &MessageBus::messagesMissed, this, &ChatWindow::onMessagesMissed);
    connect(m_bus, &MessageBus::errorOccurred, this, &ChatWindow::onBusError);
    connect(m_model, &MessageListModel::rowsAboutToBeInserted, this, &ChatWindow::onRowsAboutToBeInserted);
    connect(m_model, &MessageListModel::batchInserted, this, &ChatWindow::onBatchInserted);
    connect(m_model, &MessageListModel::unreadCountChanged, this, &ChatWindow::updateTitle);
    connect(m_model, &MessageListModel::droppedCountChanged, this, &ChatWindow::updateStatus);
    connect(m_peerList, &PeerListWidget::peerCountChanged, this, &ChatWindow::updateStatus);
    connect(m_input, &MessageInput::sendRequested, this, &ChatWindow::sendInput);
    connect(m_input, &MessageInput::textChanged, this, &ChatWindow::onInputChanged);
    connect(m_sendButton, &QPushButton::clicked, this, &ChatWindow::sendInput);
    if (m_languages)
        connect(m_languages, &LanguageManager::languageChanged, this, &ChatWindow::updateLanguageChecks);

    m_notifications = QSettings().value(NotificationsKey, false).toBool();
    m_notifyAction->setChecked(m_notifications);
    m_peerList->setPeers(m_bus->peers());
    retranslateUi();
    updateLanguageChecks();
    m_input->setFocus(Qt::OtherFocusReason);
}

ChatWindow::~ChatWindow() = default;

void ChatWindow::createWidgets()
{
    auto *central = new QWidget(this);
    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(u"splitter"_s);
    splitter->setChildrenCollapsible(false);

    auto *chatPane = new QWidget(splitter);
    m_view = new QListView(chatPane);
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
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_inputProblem = new QLabel(chatPane);
    m_inputProblem->setObjectName(u"inputProblem"_s);
    m_inputProblem->setWordWrap(true);
    m_inputProblem->setTextFormat(Qt::PlainText);
    m_inputProblem->setForegroundRole(QPalette::BrightText);
    m_inputProblem->setAutoFillBackground(true);
    m_inputProblem->setBackgroundRole(QPalette::Highlight);
    m_inputProblem->setMargin(fontMetrics().height() / 4);
    m_inputProblem->hide();

    m_input = new MessageInput(chatPane);
    m_input->setObjectName(u"messageInput"_s);
    m_sendButton = new QPushButton(chatPane);
    m_sendButton->setObjectName(u"sendButton"_s);
    m_sendButton->setAutoDefault(false);

    auto *inputRow = new QHBoxLayout;
    inputRow->setContentsMargins(0, 0, 0, 0);
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_sendButton, 0, Qt::AlignBottom);

    auto *chatLayout = new QVBoxLayout(chatPane);
    chatLayout->setContentsMargins(0, 0, 0, 0);
    chatLayout->addWidget(m_view, 1);
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

void ChatWindow::createActions()
{
    m_chatMenu = menuBar()->addMenu(QString());
    m_changeNameAction = m_chatMenu->addAction(QString(), this, &ChatWindow::askForName);
    m_changeNameAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_chatMenu->addSeparator();
    m_quitAction = m_chatMenu->addAction(QString(), this, &ChatWindow::close);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_editMenu = menuBar()->addMenu(QString());
    m_copyAction = m_editMenu->addAction(QString(), this, &ChatWindow::copyMessage);
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_clearAction = m_editMenu->addAction(QString(), this, &ChatWindow::clearView);
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_view->addAction(m_copyAction);
    m_view->addAction(m_clearAction);

    m_settingsMenu = menuBar()->addMenu(QString());
    m_languageMenu = m_settingsMenu->addMenu(QString());
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
    m_notifyAction = m_settingsMenu->addAction(QString());
    m_notifyAction->setCheckable(true);
    connect(m_notifyAction, &QAction::toggled, this, &ChatWindow::setNotificationsEnabled);

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, &ChatWindow::showAbout);
    m_aboutAction->setShortcut(QKeySequence::HelpContents);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
}

void ChatWindow::retranslateUi()
{
    m_chatMenu->setTitle(tr("&Chat"));
    m_changeNameAction->setText(tr("Change &Name…"));
    m_quitAction->setText(tr("&Quit"));
    m_editMenu->setTitle(tr("&Edit"));
    m_copyAction->setText(tr("&Copy Message"));
    m_clearAction->setText(tr("C&lear View"));
    m_settingsMenu->setTitle(tr("&Settings"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguageAction->setText(tr("&System Default"));
    m_notifyAction->setText(tr("Desktop &Notifications"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About peerchat"));
    m_aboutQtAction->setText(tr("About &Qt"));

    m_sendButton->setText(tr("&Send"));
    m_sendButton->setToolTip(tr("Send the message (Enter); Shift+Enter adds a line break"));
    m_sendButton->setAccessibleName(tr("Send"));
    m_input->setPlaceholderText(tr("Write a message. Enter sends it, Shift+Enter starts a new line."));
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

    m_model->retranslate();
    m_delegate->invalidateSizes();
    m_view->doItemsLayout();
    updateStatus();
    updateTitle();
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
    const bool own = message.senderPid == QCoreApplication::applicationPid() && message.sender == m_bus->peerName();
    m_model->appendMessage(message, own);
    if (!own && m_notifications && !isActiveWindow())
        notify(message);
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
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Change Name"),
                                               tr("Your name on channel %1 (at most %n characters):", nullptr,
                                                  MessageBus::MaxNameLength).arg(m_bus->channel()),
                                               QLineEdit::Normal, m_bus->peerName(), &ok);
    if (ok && changeName(name))
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
    m_bus->leave();
    bool joined = m_bus->join(*normalized);
    if (!joined) {
        const QString text = m_bus->errorString();
        if (!oldName.isEmpty() && m_bus->join(oldName))
            showInputProblem(tr("Could not change the name: %1").arg(text));
    }
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
    QMessageBox::about(this, tr("About peerchat"),
                       tr("<h3>peerchat %1</h3><p>A chat between processes on one machine, through shared "
                          "memory.</p><p>Built with Qt %2, running on Qt %3.</p>")
                           .arg(QCoreApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
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
    QString text = displaytext::name(message.text.left(200));
    if (message.text.size() > 200)
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
