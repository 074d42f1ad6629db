#pragma once

#include "messagebus.h"

#include <QMainWindow>
#include <QImage>
#include <QPointer>

class FilePanel;
class FileTransfers;
class LanguageManager;
class MessageDelegate;
class MessageInput;
class MessageListModel;
class PeerListWidget;
class QAction;
class QActionGroup;
class QLabel;
class QListView;
class QMenu;
class QPushButton;
class QSystemTrayIcon;
class QToolButton;

// The chat window on a joined MessageBus: the conversation, the input, the peers, a status bar
// and menus. It talks to the bus only through its QObject API (signals in, send() out).
class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Desktop: menu bar, splitter, status bar. Kiosk: for a small touch screen (800×480 down to
    // 480×272) shown full screen: a menu button instead of the menu bar, large touch targets, a
    // font sized to the window, dragging scrolls the messages, nothing that needs hovering.
    enum class Layout { Desktop, Kiosk };
    Q_ENUM(Layout)

    // The bus should be joined; it must outlive the window. languages may be shared by windows.
    ChatWindow(MessageBus *bus, LanguageManager *languages, Layout layout = Layout::Desktop,
               QWidget *parent = nullptr);
    ~ChatWindow() override;

    bool isKiosk() const { return m_kiosk; }
    // Kiosk: the button that opens the menu (nullptr on the desktop, which has a menu bar).
    QToolButton *menuButton() const { return m_menuButton; }
    QPushButton *sendButton() const { return m_sendButton; }

    MessageListModel *model() const { return m_model; }
    QListView *messageView() const { return m_view; }
    MessageInput *input() const { return m_input; }
    PeerListWidget *peerList() const { return m_peerList; }
    FilePanel *filePanel() const { return m_filePanel; }
    FileTransfers *fileTransfers() const { return m_files; }
    // Offers files to the channel (Send File…, a drop, a paste); shows why one could not be.
    bool sendFiles(const QStringList &paths);
    bool sendPicture(const QImage &image);
    // Why the last send did not happen (empty after a successful send or an edit).
    QString inputProblem() const;
    QString statusText() const;   // all status bar fields, for tests and accessibility

    // Saves the geometry on close and restores it now (off for the --demo windows).
    void setRememberGeometry(bool remember);
    bool restoreSavedGeometry();

    // Sends the input's text; on failure shows why and keeps the text.
    bool sendInput();
    // Leaves and joins again under a new name; on failure rejoins with the old one.
    bool changeName(const QString &name);
    bool notificationsEnabled() const { return m_notifications; }
    void setNotificationsEnabled(bool enabled);
    // Settings → Earlier Messages: how many messages from before the join a window shows
    // (remembered; used at the next start). The bus must be told before it joins.
    static int savedHistoryLimit();
    void setSavedHistoryLimit(int limit);

signals:
    void peerNameChanged(const QString &name);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createWidgets();
    void createKioskWidgets();
    void createMessageView(QWidget *parent);     // m_view and m_delegate, as both layouts use them
    void createInputWidgets(QWidget *parent);    // m_inputProblem, m_input, m_sendButton
    void createActions();
    void createKioskMenu();
    void updateKioskMetrics();
    int touchSize() const;
    void retranslateUi();
    void updateTitle();
    void updateStatus();
    void updateLanguageChecks();
    void updateHistoryChecks();
    void showInputProblem(const QString &text);

    void onMessageReceived(const ChatMessage &message);
    void onPeerJoined(const PeerInfo &peer);
    void onPeerLeft(const PeerInfo &peer);
    void onMessagesMissed(quint64 count);
    void onHistoryReceived(int count, quint64 unrecoverable);
    void onBusError(MessageBus::Error error);
    void onRowsAboutToBeInserted();
    void onBatchInserted();
    void onInputChanged();

    void askForName();
    void chooseFilesToSend();
    void chooseReceivedFilesFolder();
    void copyMessage();
    void clearView();
    void showAbout();
    void notify(const ChatMessage &message);

    MessageBus *m_bus;
    LanguageManager *m_languages;
    MessageListModel *m_model = nullptr;
    MessageDelegate *m_delegate = nullptr;
    QListView *m_view = nullptr;
    MessageInput *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_inputProblem = nullptr;
    QLabel *m_peersTitle = nullptr;
    PeerListWidget *m_peerList = nullptr;
    FileTransfers *m_files = nullptr;
    FilePanel *m_filePanel = nullptr;
    QLabel *m_channelLabel = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_peerCountLabel = nullptr;
    QLabel *m_droppedLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QWidget *m_peerPane = nullptr;
    QToolButton *m_menuButton = nullptr;   // kiosk only

    QMenu *m_chatMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_kioskMenu = nullptr;
    QAction *m_changeNameAction = nullptr;
    QAction *m_sendFileAction = nullptr;
    QAction *m_folderAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_notifyAction = nullptr;
    QMenu *m_historyMenu = nullptr;
    QActionGroup *m_historyGroup = nullptr;
    QList<QAction *> m_historyActions;   // data(): the limit
    QAction *m_systemLanguageAction = nullptr;
    QList<QAction *> m_languageActions;
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QAction *m_quitAction = nullptr;
    QPointer<QSystemTrayIcon> m_trayIcon;

    QString m_busError;                 // the bus's last errorString(), shown until it recovers
    MessageBus::Error m_busErrorCode = MessageBus::Error::None;
    const bool m_kiosk;
    int m_kioskFontPixels = 0;          // the font size last chosen for the kiosk window's size
    bool m_followBottom = true;         // the view was at the bottom before the batch came
    bool m_rememberGeometry = false;
    bool m_notifications = false;
};
