#include "messagelistmodel.h"

#include <limits>

#include "displaytext.h"
#include "uilogging.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { insertPending(InsertLimit); });
}

qsizetype MessageListModel::Row::bytes() const
{
    // Shared QString data is counted once per row: an upper bound, which is what a cap needs.
    const qsizetype displayBytes = display.isSharedWith(text) ? 0 : display.size();
    return (sender.size() + text.size() + displayBytes) * qsizetype(sizeof(QChar)) + qsizetype(sizeof(Row));
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString MessageListModel::presenceText(const Row &row) const
{
    switch (row.kind) {
    case Kind::Joined:
        return tr("%1 joined").arg(row.senderDisplay);
    case Kind::Left:
        return tr("%1 left").arg(row.senderDisplay);
    case Kind::Missed:
        return tr("Missed %n message(s)", nullptr, int(qMin<quint64>(row.count, INT_MAX)));
    case Kind::HistoryEnd:
        if (row.count == 0)
            return tr("You joined here");
        return tr("You joined here; %n earlier message(s) could not be recovered", nullptr,
                  int(qMin<quint64>(row.count, INT_MAX)));
    case Kind::Notice:
    case Kind::Message:
        break;
    }
    return row.display;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return presenceText(row);
    case Qt::ToolTipRole:
        if (row.kind == Kind::Message)
            return tr("%1, %2").arg(row.senderDisplay, QLocale().toString(row.time, QLocale::LongFormat));
        return row.time.isValid() ? QLocale().toString(row.time, QLocale::LongFormat) : QString();
    case Qt::AccessibleTextRole:
        if (row.kind == Kind::Message && row.history)
            return tr("%1 at %2, before you joined: %3")
                .arg(row.senderDisplay, QLocale().toString(row.time.time(), QLocale::ShortFormat), row.display);
        if (row.kind == Kind::Message)
            return tr("%1 at %2: %3").arg(row.senderDisplay, QLocale().toString(row.time.time(), QLocale::ShortFormat),
                                          row.display);
        return presenceText(row);
    case KindRole:
        return QVariant::fromValue(row.kind);
    case SenderRole:
        return row.sender;
    case SenderDisplayRole:
        return row.senderDisplay;
    case TextRole:
        return row.kind == Kind::Message ? row.text : presenceText(row);
    case TimeRole:
        return row.time;
    case IsOwnRole:
        return row.own;
    case IsUnreadRole:
        return row.unread;
    case IsTruncatedRole:
        return row.truncated;
    case IdRole:
        return row.id;
    case CountRole:
        return row.count;
    case IsHistoryRole:
        return row.history;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(SenderRole, "sender");
    names.insert(SenderDisplayRole, "senderDisplay");
    names.insert(TextRole, "text");
    names.insert(TimeRole, "time");
    names.insert(IsOwnRole, "own");
    names.insert(IsUnreadRole, "unread");
    names.insert(IsTruncatedRole, "truncated");
    names.insert(IdRole, "id");
    names.insert(CountRole, "count");
    names.insert(IsHistoryRole, "history");
    return names;
}

void MessageListModel::enqueue(Row &&row)
{
    row.id = m_nextId++;
    m_pending.push_back(std::move(row));
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MessageListModel::appendMessage(const ChatMessage &message, bool own)
{
    Row row;
    row.kind = Kind::Message;
    row.own = own;
    row.sender = message.sender;
    row.senderDisplay = displaytext::name(message.sender);
    if (message.binary) {
        // Bytes are never shown as text: what they are, how many, and their type tag.
        row.text = tr("binary, %1 bytes, type %2").arg(message.bytes.size()).arg(message.type);
        row.display = row.text;
    } else {
        row.text = message.text;
        row.display = displaytext::message(message.text, &row.truncated);
    }
    row.time = (message.time.isValid() ? message.time : QDateTime::currentDateTimeUtc()).toLocalTime();
    row.history = message.history;
    row.unread = m_markingUnread && !own && !message.history;   // history is not news
    enqueue(std::move(row));
}

void MessageListModel::appendJoined(const QString &name)
{
    appendPresence(Kind::Joined, name);
}

void MessageListModel::appendLeft(const QString &name)
{
    appendPresence(Kind::Left, name);
}

void MessageListModel::appendPresence(Kind kind, const QString &name)
{
    Row row;
    row.kind = kind;
    row.sender = name;
    row.senderDisplay = displaytext::name(name);
    row.time = QDateTime::currentDateTime();
    enqueue(std::move(row));
}

void MessageListModel::appendMissed(quint64 count)
{
    if (count == 0)
        return;
    if (!m_pending.empty() && m_pending.back().kind == Kind::Missed) {
        m_pending.back().count += count;   // one line for a burst of losses
        return;
    }
    Row row;
    row.kind = Kind::Missed;
    row.count = count;
    row.time = QDateTime::currentDateTime();
    enqueue(std::move(row));
}

void MessageListModel::appendNotice(const QString &text)
{
    Row row;
    row.kind = Kind::Notice;
    row.text = text;
    row.display = displaytext::message(text, &row.truncated);
    row.time = QDateTime::currentDateTime();
    enqueue(std::move(row));
}

void MessageListModel::appendHistoryEnd(quint64 unrecoverable)
{
    Row row;
    row.kind = Kind::HistoryEnd;
    row.count = unrecoverable;
    row.time = QDateTime::currentDateTime();
    enqueue(std::move(row));
}

void MessageListModel::flush()
{
    insertPending(std::numeric_limits<std::size_t>::max());
}

// Rows beyond the cap never reach the view; the timer inserts at most InsertLimit rows per
// event-loop turn, so that a flood never holds the window for long (the rest follows at once).
void MessageListModel::insertPending(std::size_t limit)
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    if (m_pending.size() > std::size_t(m_maxRows)) {
        const std::size_t excess = m_pending.size() - std::size_t(m_maxRows);
        m_pending.erase(m_pending.begin(), m_pending.begin() + qsizetype(excess));
        m_dropped += excess;
        emit droppedCountChanged(m_dropped);
    }
    std::vector<Row> batch;
    if (m_pending.size() <= limit) {
        batch.swap(m_pending);
    } else {
        batch.assign(std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.begin() + qsizetype(limit)));
        m_pending.erase(m_pending.begin(), m_pending.begin() + qsizetype(limit));
        m_flushTimer.start();
    }

    // Rows that would be dropped at once are never inserted (a flood larger than the cap).
    std::size_t skip = 0;
    if (batch.size() > std::size_t(m_maxRows)) {
        skip = batch.size() - std::size_t(m_maxRows);
        m_dropped += skip;
    }
    qsizetype batchBytes = 0;
    for (std::size_t i = skip; i < batch.size(); ++i)
        batchBytes += batch[i].bytes();
    while (skip < batch.size() && batchBytes > m_maxTextBytes) {
        batchBytes -= batch[skip].bytes();
        ++skip;
        ++m_dropped;
    }

    // Make room first, so that the view never holds more than the cap.
    const qsizetype incoming = qsizetype(batch.size() - skip);
    qsizetype dropRows = qMax<qsizetype>(0, qsizetype(m_rows.size()) + incoming - m_maxRows);
    qsizetype bytesAfter = m_textBytes + batchBytes;
    for (qsizetype i = 0; i < dropRows; ++i)
        bytesAfter -= m_rows[std::size_t(i)].bytes();
    while (dropRows < qsizetype(m_rows.size()) && bytesAfter > m_maxTextBytes) {
        bytesAfter -= m_rows[std::size_t(dropRows)].bytes();
        ++dropRows;
    }
    if (dropRows > 0)
        dropOldest(dropRows);
    const bool droppedAny = skip > 0 || dropRows > 0;

    if (incoming > 0) {
        const int first = int(m_rows.size());
        const int last = first + int(incoming) - 1;
        int newUnread = 0;
        beginInsertRows(QModelIndex(), first, last);
        for (std::size_t i = skip; i < batch.size(); ++i) {
            m_textBytes += batch[i].bytes();
            if (batch[i].unread)
                ++newUnread;
            m_rows.push_back(std::move(batch[i]));
        }
        endInsertRows();
        emit batchInserted(first, last);
        if (newUnread > 0) {
            if (m_firstUnreadRow < 0) {
                for (int r = first; r <= last; ++r) {
                    if (m_rows[std::size_t(r)].unread) {
                        m_firstUnreadRow = r;
                        break;
                    }
                }
            }
            m_unread += newUnread;
            emit unreadCountChanged(m_unread);
        }
    }
    if (droppedAny) {
        qCDebug(lcUi) << "dropped" << m_dropped << "rows so far";
        emit droppedCountChanged(m_dropped);
    }
}

void MessageListModel::dropOldest(qsizetype rows)
{
    rows = qMin(rows, qsizetype(m_rows.size()));
    if (rows <= 0)
        return;
    int unreadDropped = 0;
    beginRemoveRows(QModelIndex(), 0, int(rows) - 1);
    for (qsizetype i = 0; i < rows; ++i) {
        m_textBytes -= m_rows.front().bytes();
        if (m_rows.front().unread)
            ++unreadDropped;
        m_rows.pop_front();
    }
    m_dropped += quint64(rows);
    endRemoveRows();
    if (m_firstUnreadRow >= 0)
        m_firstUnreadRow = qMax(0, m_firstUnreadRow - int(rows));
    if (unreadDropped > 0) {
        m_unread -= unreadDropped;
        if (m_unread == 0)
            m_firstUnreadRow = -1;
        emit unreadCountChanged(m_unread);
    }
}

void MessageListModel::trimToLimits()
{
    qsizetype rows = qMax<qsizetype>(0, qsizetype(m_rows.size()) - m_maxRows);
    qsizetype bytes = m_textBytes;
    for (qsizetype i = 0; i < rows; ++i)
        bytes -= m_rows[std::size_t(i)].bytes();
    while (rows < qsizetype(m_rows.size()) && bytes > m_maxTextBytes) {
        bytes -= m_rows[std::size_t(rows)].bytes();
        ++rows;
    }
    if (rows > 0) {
        dropOldest(rows);
        emit droppedCountChanged(m_dropped);
    }
}

void MessageListModel::clear()
{
    m_flushTimer.stop();
    m_pending.clear();
    beginResetModel();
    m_rows.clear();
    m_textBytes = 0;
    endResetModel();
    const bool hadDropped = m_dropped != 0;
    const bool hadUnread = m_unread != 0;
    m_dropped = 0;
    m_unread = 0;
    m_firstUnreadRow = -1;
    if (hadDropped)
        emit droppedCountChanged(0);
    if (hadUnread)
        emit unreadCountChanged(0);
}

void MessageListModel::setMaxRows(int rows)
{
    m_maxRows = qMax(1, rows);
    flush();
    trimToLimits();
}

void MessageListModel::setMaxTextBytes(qsizetype bytes)
{
    m_maxTextBytes = qMax<qsizetype>(1, bytes);
    flush();
    trimToLimits();
}

void MessageListModel::setMarkingUnread(bool marking)
{
    if (marking && !m_markingUnread)
        flush();   // what arrived while the window was active is read
    m_markingUnread = marking;
}

void MessageListModel::markAllRead()
{
    for (Row &row : m_pending)
        row.unread = false;
    if (m_unread == 0)
        return;
    const int first = qMax(0, m_firstUnreadRow);
    for (std::size_t r = std::size_t(first); r < m_rows.size(); ++r)
        m_rows[r].unread = false;
    m_unread = 0;
    m_firstUnreadRow = -1;
    if (!m_rows.empty())
        emit dataChanged(index(first), index(int(m_rows.size()) - 1), {IsUnreadRole});
    emit unreadCountChanged(0);
}

void MessageListModel::retranslate()
{
    if (!m_rows.empty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1), {Qt::DisplayRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}
