#pragma once

#include "chatmessage.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QTimer>

#include <deque>
#include <vector>

// The conversation as rows: messages, presence lines ("anna joined"), "missed N messages",
// notices (bus errors) and the "you joined here" line after the history a late joiner gets. Rows are appended in batches: append*() collects them and one
// beginInsertRows() per event-loop turn inserts them all (a flood of messages costs one insert
// per turn, not one per message). Memory is bounded: beyond maxRows() rows, or maxTextBytes() of
// text, the oldest rows are dropped and counted (droppedCount()).
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Kind { Message, Joined, Left, Missed, Notice, HistoryEnd };
    Q_ENUM(Kind)

    enum Role {
        KindRole = Qt::UserRole + 1,   // Kind
        SenderRole,                    // QString, as the bus gave it
        SenderDisplayRole,             // QString, control characters escaped
        TextRole,                      // QString, exactly as sent (for copying)
        TimeRole,                      // QDateTime, local time
        IsOwnRole,                     // bool: sent by this window's peer
        IsUnreadRole,                  // bool: arrived while the window was not active
        IsTruncatedRole,               // bool: DisplayRole shows only the start of the text
        IdRole,                        // quint64, unique per row for the model's lifetime
        CountRole,                     // quint64: missed messages (Missed); unrecoverable ones (HistoryEnd)
        IsHistoryRole,                 // bool: a message from before this peer joined (never unread)
    };
    Q_ENUM(Role)

    static constexpr int DefaultMaxRows = 20'000;
    static constexpr qsizetype DefaultMaxTextBytes = 64 * 1024 * 1024;   // of QString data

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void appendMessage(const ChatMessage &message, bool own);
    void appendJoined(const QString &name);
    void appendLeft(const QString &name);
    void appendMissed(quint64 count);
    void appendNotice(const QString &text);
    // The line after the last history message: "you joined here", and how many earlier
    // messages could not be recovered.
    void appendHistoryEnd(quint64 unrecoverable);
    // Inserts what the append*() calls collected now instead of on the next event-loop turn.
    void flush();                              // inserts everything pending now
    qsizetype pendingCount() const { return qsizetype(m_pending.size()); }

    void clear();
    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows);
    qsizetype maxTextBytes() const { return m_maxTextBytes; }
    void setMaxTextBytes(qsizetype bytes);
    // Rows dropped (oldest first) to stay within maxRows()/maxTextBytes() since the last clear().
    quint64 droppedCount() const { return m_dropped; }

    // While marking is on (the window is not active), messages from others arrive unread.
    bool isMarkingUnread() const { return m_markingUnread; }
    void setMarkingUnread(bool marking);
    int unreadCount() const { return m_unread; }
    void markAllRead();

    // The language changed: presence lines and notices are worded anew.
    void retranslate();

signals:
    void droppedCountChanged(quint64 count);
    void unreadCountChanged(int count);
    // After a batch was inserted: rows first..last are new.
    void batchInserted(int first, int last);

private:
    static constexpr std::size_t InsertLimit = 256;   // rows inserted per event-loop turn
    void insertPending(std::size_t limit);

    struct Row
    {
        quint64 id = 0;
        Kind kind = Kind::Message;
        bool own = false;
        bool unread = false;
        bool truncated = false;
        bool history = false;
        quint64 count = 0;
        QString sender;
        QString senderDisplay;
        QString text;
        QString display;        // the text as laid out (escaped, maybe cut)
        QDateTime time;
        qsizetype bytes() const;
    };

    void appendPresence(Kind kind, const QString &name);   // a "joined" or "left" row
    void enqueue(Row &&row);
    void dropOldest(qsizetype rows);
    void trimToLimits();
    QString presenceText(const Row &row) const;

    std::deque<Row> m_rows;
    std::vector<Row> m_pending;
    QTimer m_flushTimer;
    quint64 m_nextId = 1;
    quint64 m_dropped = 0;
    qsizetype m_textBytes = 0;
    int m_maxRows = DefaultMaxRows;
    qsizetype m_maxTextBytes = DefaultMaxTextBytes;
    int m_unread = 0;
    int m_firstUnreadRow = -1;
    bool m_markingUnread = false;
};
