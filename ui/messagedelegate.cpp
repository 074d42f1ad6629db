#include "messagedelegate.h"

#include "messagelistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTextLayout>

using namespace Qt::StringLiterals;

namespace {

using Kind = MessageListModel::Kind;

QColor mixed(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
                            float(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
                            float(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

// Lays text out in lines of at most `width`; returns the size used.
QSizeF layOut(QTextLayout &layout, qreal width)
{
    qreal height = 0;
    qreal used = 0;
    layout.beginLayout();
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        line.setPosition(QPointF(0, height));
        height += line.height();
        used = qMax(used, line.naturalTextWidth());
    }
    layout.endLayout();
    return {used, height};
}

QFont quietFont(const QFont &base)
{
    QFont font = base;
    font.setItalic(true);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.9);
    return font;
}

QFont smallFont(const QFont &base)
{
    QFont font = base;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.85);
    return font;
}

// History rows (sent before this peer joined) show their time in italics.
QFont timeFont(const QFont &base, bool history)
{
    QFont font = smallFont(base);
    font.setItalic(history);
    return font;
}

QFont boldFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

} // namespace

struct MessageDelegate::Geometry
{
    QRect bubble;          // messages: the bubble; quiet rows: the text's box
    QRect header;          // sender + time line
    QPointF textOrigin;
    QSize size;            // the whole row
    QString timeText;
    int padding = 0;
};

MessageDelegate::MessageDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
    // A view that shows its end keeps showing it when the rows' heights change: corrected
    // estimates (announceCorrections) and any later layout of the view (it lays out on timers of
    // its own, so the range can grow after a correction was announced). Scrolling away stops it.
    QScrollBar *bar = view->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) { m_followEnd = value >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_followEnd)
            bar->setValue(maximum);
    });
}

void MessageDelegate::invalidateSizes()
{
    m_heights.clear();
    m_heightsWidth = -1;
}

int MessageDelegate::availableWidth() const
{
    int width = m_view->viewport()->width();
    // The scroll bar may come and go with the rows; reserve its room so sizes stay stable.
    if (!m_view->verticalScrollBar()->isVisible())
        width -= m_view->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_view);
    return qMax(width, 8 * m_view->fontMetrics().height());
}

MessageDelegate::Geometry MessageDelegate::geometry(const QStyleOptionViewItem &option, const QModelIndex &index,
                                                    QTextLayout *textLayout) const
{
    Geometry g;
    const QFontMetrics fm(option.font);
    const int unit = fm.height();
    const int margin = qMax(2, unit / 4);
    g.padding = qMax(3, unit / 2);
    const int width = availableWidth();
    const auto kind = index.data(MessageListModel::KindRole).value<Kind>();
    const QString text = index.data(Qt::DisplayRole).toString();

    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    const Qt::LayoutDirection textDirection = text.isRightToLeft() ? Qt::RightToLeft : Qt::LeftToRight;
    textOption.setTextDirection(textDirection);

    if (kind != Kind::Message) {
        const QFont font = quietFont(option.font);
        textOption.setAlignment(Qt::AlignHCenter);
        textLayout->setText(text);
        textLayout->setFont(font);
        textLayout->setTextOption(textOption);
        const int textWidth = width - 2 * margin - 2 * g.padding;
        const QSizeF used = layOut(*textLayout, textWidth);
        g.bubble = QRect(margin + g.padding, margin, textWidth, qCeil(used.height()));
        g.textOrigin = g.bubble.topLeft();
        g.size = QSize(width, qCeil(used.height()) + 2 * margin);
        return g;
    }

    const QFont headerFont = boldFont(option.font);
    const QFont stampFont = timeFont(option.font, index.data(MessageListModel::IsHistoryRole).toBool());
    g.timeText = QLocale().toString(index.data(MessageListModel::TimeRole).toDateTime().time(), QLocale::ShortFormat);
    const QString sender = index.data(MessageListModel::SenderDisplayRole).toString();
    const int headerWidth = QFontMetrics(headerFont).horizontalAdvance(sender) + unit
        + QFontMetrics(stampFont).horizontalAdvance(g.timeText);
    const int headerHeight = QFontMetrics(headerFont).height();

    const int maxBubble = qMax(6 * unit, qMin(width * 4 / 5, 45 * fm.averageCharWidth()));
    const int textMax = maxBubble - 2 * g.padding;
    textOption.setAlignment(textDirection == Qt::RightToLeft ? Qt::AlignRight : Qt::AlignLeft);
    textLayout->setText(text);
    textLayout->setFont(option.font);
    textLayout->setTextOption(textOption);
    const QSizeF used = layOut(*textLayout, textMax);
    int inner = qMin(textMax, qMax(qCeil(used.width()), headerWidth));
    inner = qMax(inner, 2 * unit);
    if (inner < textMax)
        layOut(*textLayout, inner);   // aligned (right-to-left text: to the right) within the bubble
    const int bubbleWidth = inner + 2 * g.padding;
    const int bubbleHeight = g.padding + headerHeight + unit / 6 + qCeil(used.height()) + g.padding;

    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    const bool trailing = own;   // own messages on the trailing side
    const bool rightSide = (option.direction == Qt::RightToLeft) != trailing;
    const int markRoom = own ? 0 : unit / 2;   // others' messages: room for the unread mark
    const int x = rightSide ? width - margin - markRoom - bubbleWidth : margin + markRoom;
    g.bubble = QRect(x, margin, bubbleWidth, bubbleHeight);
    g.header = QRect(x + g.padding, margin + g.padding, inner, headerHeight);
    g.textOrigin = QPointF(x + g.padding, margin + g.padding + headerHeight + unit / 6);
    g.size = QSize(width, bubbleHeight + 2 * margin);
    return g;
}

// The height geometry() would give, without shaping the text: lines are counted from the
// characters' average width. Exact for most one-line rows; paint() corrects the rest.
int MessageDelegate::estimatedHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFontMetrics fm(option.font);
    const int unit = fm.height();
    const int margin = qMax(2, unit / 4);
    const int padding = qMax(3, unit / 2);
    const int width = availableWidth();
    const QString text = index.data(Qt::DisplayRole).toString();
    const auto lines = [&text](const QFontMetrics &metrics, int lineWidth) {
        const qreal perLine = qMax(1.0, qreal(lineWidth) / qMax(1, metrics.averageCharWidth()));
        int count = 0;
        for (const QStringView paragraph : QStringView(text).tokenize(QChar(QChar::LineSeparator)))
            count += qMax(1, qCeil(qreal(paragraph.size()) / perLine));
        return qMax(1, count);
    };
    if (index.data(MessageListModel::KindRole).value<Kind>() != Kind::Message) {
        const QFontMetrics quiet(quietFont(option.font));
        return lines(quiet, width - 2 * margin - 2 * padding) * quiet.height() + 2 * margin;
    }
    const int maxBubble = qMax(6 * unit, qMin(width * 4 / 5, 45 * fm.averageCharWidth()));
    const int headerHeight = QFontMetrics(boldFont(option.font)).height();
    return padding + headerHeight + unit / 6 + lines(fm, maxBubble - 2 * padding) * unit + padding + 2 * margin;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = availableWidth();
    if (width != m_heightsWidth) {
        m_heights.clear();
        m_heightsWidth = width;
    }
    const quint64 id = index.data(MessageListModel::IdRole).toULongLong();
    if (const auto it = m_heights.constFind(id); it != m_heights.constEnd())
        return QSize(width, it->value);
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int height = estimatedHeight(opt, index);
    rememberHeight(id, height, false, index);
    return QSize(width, height);
}

void MessageDelegate::rememberHeight(quint64 id, int height, bool exact, const QModelIndex &index) const
{
    if (m_heights.size() > 4 * qMax(1000, index.model()->rowCount())) {
        // Forget only the ids of rows long gone (ids grow with the rows): clearing all made the
        // next layout measure every row kept again (0.6-0.9 s stalls under a flood).
        const quint64 oldest = index.model()->index(0, 0).data(MessageListModel::IdRole).toULongLong();
        m_heights.removeIf([oldest](const auto &it) { return it.key() < oldest; });
    }
    m_heights.insert(id, Height{height, exact});
}

void MessageDelegate::announceCorrections()
{
    m_correctionPending = false;
    const QPersistentModelIndex index = std::exchange(m_corrected, {});
    if (!index.isValid())
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    emit sizeHintChanged(index);   // the view lays its rows out again (cached heights: cheap)
    if (atEnd)
        m_view->scrollToBottom();
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QTextLayout layout;
    const Geometry g = geometry(opt, index, &layout);
    if (availableWidth() == m_heightsWidth) {
        const quint64 id = index.data(MessageListModel::IdRole).toULongLong();
        const auto it = m_heights.constFind(id);
        if (it == m_heights.constEnd() || !it->exact) {
            const bool changed = it != m_heights.constEnd() && it->value != g.size.height();
            rememberHeight(id, g.size.height(), true, index);
            if (changed) {
                m_corrected = index;
                if (!std::exchange(m_correctionPending, true))   // once per turn; paint() is const, the call is ours
                    QMetaObject::invokeMethod(const_cast<MessageDelegate *>(this), &MessageDelegate::announceCorrections,
                                              Qt::QueuedConnection);
            }
        }
    }
    const QPalette &pal = opt.palette;
    const bool selected = opt.state & QStyle::State_Selected;
    const bool focused = opt.state & QStyle::State_HasFocus;
    const auto kind = index.data(MessageListModel::KindRole).value<Kind>();
    const QPoint origin = opt.rect.topLeft();

    painter->save();
    painter->setClipRect(opt.rect);
    painter->setRenderHint(QPainter::Antialiasing);
    const int unit = opt.fontMetrics.height();

    if (kind != Kind::Message) {
        QColor color = pal.color(QPalette::PlaceholderText);
        if (kind == Kind::Notice || kind == Kind::Missed)
            color = mixed(pal.color(QPalette::Text), QColor(0xd0, 0x40, 0x30), 0.6);
        if (selected) {
            painter->fillRect(opt.rect, pal.color(QPalette::Highlight));
            color = pal.color(QPalette::HighlightedText);
        }
        if (kind == Kind::HistoryEnd && !selected)
            color = mixed(pal.color(QPalette::Text), pal.color(QPalette::Highlight), 0.6);
        painter->setPen(color);
        layout.draw(painter, origin + g.textOrigin);
        if (kind == Kind::HistoryEnd && layout.lineCount() == 1) {
            // A rule across the row on both sides of "you joined here".
            const QRectF text = layout.lineAt(0).naturalTextRect().translated(origin + g.textOrigin);
            const qreal y = qRound(text.center().y()) + 0.5;
            const qreal gap = unit / 2.0;
            QPen rule(color);
            rule.setWidthF(1.0);
            painter->setPen(rule);
            painter->drawLine(QPointF(opt.rect.left() + gap, y), QPointF(text.left() - gap, y));
            painter->drawLine(QPointF(text.right() + gap, y), QPointF(opt.rect.right() - gap, y));
        }
    } else {
        const bool own = index.data(MessageListModel::IsOwnRole).toBool();
        const bool unread = index.data(MessageListModel::IsUnreadRole).toBool();
        const bool history = index.data(MessageListModel::IsHistoryRole).toBool();
        const QColor base = pal.color(QPalette::Base);
        // History is quieter: a paler bubble with a dashed border, muted text, an italic time.
        const QColor textColor = history ? mixed(pal.color(QPalette::Text), base, 0.35) : pal.color(QPalette::Text);
        const QColor fill = own ? mixed(base, pal.color(QPalette::Highlight), 0.22)
                                : mixed(base, pal.color(QPalette::Text), history ? 0.035 : 0.07);
        const QRectF bubble = QRectF(g.bubble.translated(origin)).adjusted(0.5, 0.5, -0.5, -0.5);
        const qreal radius = unit / 2.0;
        QPainterPath path;
        path.addRoundedRect(bubble, radius, radius);
        painter->fillPath(path, fill);
        QPen border(selected ? pal.color(QPalette::Highlight) : mixed(fill, pal.color(QPalette::Text), 0.15));
        border.setWidthF(selected ? qMax(2.0, unit / 8.0) : 1.0);
        if (history && !selected)
            border.setStyle(Qt::DashLine);
        painter->setPen(border);
        painter->drawPath(path);

        if (unread) {   // a bar on the leading edge of the bubble
            const bool leftEdge = opt.direction == Qt::LeftToRight;
            const qreal barWidth = qMax(3.0, unit / 5.0);
            const qreal barX = leftEdge ? bubble.left() - barWidth - unit / 6.0 : bubble.right() + unit / 6.0;
            painter->setPen(Qt::NoPen);
            painter->setBrush(pal.color(QPalette::Highlight));
            painter->drawRoundedRect(QRectF(barX, bubble.top(), barWidth, bubble.height()), barWidth / 2, barWidth / 2);
        }

        // Header: sender at the leading edge, time at the trailing edge (of the UI direction).
        const QRect header = g.header.translated(origin);
        const QFont headerFont = boldFont(opt.font);
        const QFont stampFont = timeFont(opt.font, history);
        const QString sender = index.data(MessageListModel::SenderDisplayRole).toString();
        painter->setFont(headerFont);
        painter->setPen(textColor);
        const int timeWidth = QFontMetrics(stampFont).horizontalAdvance(g.timeText);
        const QRect senderRect = QStyle::visualRect(opt.direction, header,
                                                    header.adjusted(0, 0, -(timeWidth + unit / 2), 0));
        const QString elided = QFontMetrics(headerFont).elidedText(sender, Qt::ElideRight, senderRect.width());
        // The name is laid out on its own (isolated) so that an RTL name cannot move the time.
        painter->drawText(senderRect, int(Qt::AlignVCenter) | int(QStyle::visualAlignment(opt.direction, Qt::AlignLeft)),
                          elided);
        painter->setFont(stampFont);
        painter->setPen(mixed(textColor, fill, 0.35));
        painter->drawText(header, int(Qt::AlignVCenter) | int(QStyle::visualAlignment(opt.direction, Qt::AlignRight)),
                          g.timeText);

        painter->setPen(textColor);
        layout.draw(painter, origin + g.textOrigin);
    }

    if (focused) {
        QStyleOptionFocusRect focus;
        focus.initFrom(m_view);
        focus.rect = (kind == Kind::Message ? g.bubble.translated(origin) : opt.rect).adjusted(-1, -1, 1, 1) & opt.rect;
        focus.backgroundColor = pal.color(QPalette::Base);
        QApplication::style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, m_view);
    }
    painter->restore();
}
