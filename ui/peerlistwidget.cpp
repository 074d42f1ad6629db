#include "peerlistwidget.h"

#include "displaytext.h"

#include <QEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

PeerListWidget::PeerListWidget(QWidget *parent)
    : QListWidget(parent)
{
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    setTextElideMode(Qt::ElideRight);
}

QString PeerListWidget::displayText(const PeerInfo &peer)
{
    const QString name = displaytext::name(peer.name);
    return peer.isSelf ? tr("%1 (you)").arg(name) : name;
}

void PeerListWidget::setPeers(const QList<PeerInfo> &peers)
{
    m_peers = peers;
    rebuild();
}

void PeerListWidget::addPeer(const PeerInfo &peer)
{
    for (const PeerInfo &known : std::as_const(m_peers)) {
        if (known.isSamePeer(peer))
            return;
    }
    m_peers.append(peer);
    rebuild();
}

void PeerListWidget::removePeer(const PeerInfo &peer)
{
    const qsizetype removed = m_peers.removeIf([&](const PeerInfo &p) { return p.isSamePeer(peer); });
    if (removed > 0)
        rebuild();
}

void PeerListWidget::rebuild()
{
    QList<PeerInfo> sorted = m_peers;
    std::stable_sort(sorted.begin(), sorted.end(), [](const PeerInfo &a, const PeerInfo &b) {
        if (a.isSelf != b.isSelf)
            return a.isSelf;
        const int order = QString::localeAwareCompare(a.name, b.name);
        return order != 0 ? order < 0 : a.pid < b.pid;
    });
    const int current = currentRow();
    clear();
    for (const PeerInfo &peer : std::as_const(sorted)) {
        auto *item = new QListWidgetItem(displayText(peer), this);
        item->setToolTip(tr("%1, process %2").arg(displaytext::name(peer.name)).arg(peer.pid));
        item->setData(Qt::UserRole, peer.pid);
        if (peer.isSelf) {
            QFont font = item->font();
            font.setBold(true);
            item->setFont(font);
        }
    }
    if (current >= 0 && count() > 0)
        setCurrentRow(qMin(current, count() - 1), QItemSelectionModel::NoUpdate);
    emit peerCountChanged(int(m_peers.size()));
}

void PeerListWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QListWidget::changeEvent(event);
}
