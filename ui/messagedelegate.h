#pragma once

#include <QHash>
#include <QPersistentModelIndex>
#include <QStyledItemDelegate>

class QAbstractItemView;
class QTextLayout;

// Paints MessageListModel rows: messages as bubbles (own ones on the trailing side, others' on
// the leading side) with sender, local time and wrapped text; presence lines, "missed" lines and
// notices centred in a quiet style. Sizes depend on the view's width and are cached per row id.
//
// A row's exact height needs its text shaped (QTextLayout), which costs tens of microseconds;
// a window receiving thousands of messages a second cannot afford that for rows nobody sees.
// So sizeHint() estimates the height of a row that was never painted (from character counts
// and font metrics), and paint(), which lays the text out anyway, stores the exact height and,
// if the estimate was off, tells the view (sizeHintChanged) once per event-loop turn. A view
// that showed its last row keeps showing it through that correction.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Fonts, palette, language or width changed: sizes are computed anew.
    void invalidateSizes();

private:
    struct Geometry;
    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index, QTextLayout *textLayout) const;
    int estimatedHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int availableWidth() const;
    void rememberHeight(quint64 id, int height, bool exact, const QModelIndex &index) const;
    void announceCorrections();

    struct Height
    {
        int value = 0;
        bool exact = false;   // from a real layout (paint), not an estimate
    };
    QAbstractItemView *m_view;
    mutable QHash<quint64, Height> m_heights;   // row id → height at m_heightsWidth
    mutable int m_heightsWidth = -1;
    mutable QPersistentModelIndex m_corrected;  // a row whose height paint() corrected
    mutable bool m_correctionPending = false;
    bool m_followEnd = true;   // the view showed its last row when its range last changed
};
