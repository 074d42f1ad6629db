#pragma once

#include <QHash>
#include <QStyledItemDelegate>

class QAbstractItemView;
class QTextLayout;

// Paints MessageListModel rows: messages as bubbles (own ones on the trailing side, others' on
// the leading side) with sender, local time and wrapped text; presence lines, "missed" lines and
// notices centred in a quiet style. Sizes depend on the view's width and are cached per row id.
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
    int availableWidth() const;

    QAbstractItemView *m_view;
    mutable QHash<quint64, int> m_heights;   // row id → height at m_heightsWidth
    mutable int m_heightsWidth = -1;
};
