#pragma once

#include "messagebus.h"

#include <QMainWindow>
#include <QPointer>

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

// The chat window on a joined MessageBus: the conversation, the input, the peers, a status bar
// and menus. It talks to the bus only through its QObject API (signals in, send() out).
class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    // The bus should be joined; it must outlive the window. languages may be shared by windows.
    ChatWindow(MessageBus *bus, LanguageManager *languages, QWidget *parent = nullptr);
    ~ChatWindow() override;

    MessageListModel *model() const { return m_model; }
    QListView *messageView() const { return m_view; }
    MessageInput *input() const { return m_input; }
    PeerListWidget *peerList() const { return m_peerList; }
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

signals:
    void peerNameChanged(const QString &name);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createWidgets();
    void createActions();
    void retranslateUi();
    void updateTitle();
    void updateStatus();
    void updateLanguageChecks();
    void showInputProblem(const QString &text);

    void onMessageReceived(const ChatMessage &message);
    void onPeerJoined(const PeerInfo &peer);
    void onPeerLeft(const PeerInfo &peer);
    void onMessagesMissed(quint64 count);
    void onBusError(MessageBus::Error error);
    void onRowsAboutToBeInserted();
    void onBatchInserted();
    void onInputChanged();

    void askForName();
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
    QLabel *m_channelLabel = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_peerCountLabel = nullptr;
    QLabel *m_droppedLabel = nullptr;
    QLabel *m_errorLabel = nullptr;

    QMenu *m_chatMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_changeNameAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_notifyAction = nullptr;
    QAction *m_systemLanguageAction = nullptr;
    QList<QAction *> m_languageActions;
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QAction *m_quitAction = nullptr;
    QPointer<QSystemTrayIcon> m_trayIcon;

    QString m_busError;                 // the bus's last errorString(), shown until it recovers
    MessageBus::Error m_busErrorCode = MessageBus::Error::None;
    bool m_followBottom = true;         // the view was at the bottom before the batch came
    bool m_rememberGeometry = false;
    bool m_notifications = false;
};
