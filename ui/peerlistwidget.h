#pragma once

#include "chatmessage.h"

#include <QList>
#include <QListWidget>

// The peers on the channel: their names (escaped for display), the own one marked "(you)" and
// listed first; the others sorted by name.
class PeerListWidget : public QListWidget
{
    Q_OBJECT
public:
    explicit PeerListWidget(QWidget *parent = nullptr);

    void setPeers(const QList<PeerInfo> &peers);
    void addPeer(const PeerInfo &peer);
    void removePeer(const PeerInfo &peer);
    QList<PeerInfo> peers() const { return m_peers; }
    int peerCount() const { return int(m_peers.size()); }
    // The text shown for a peer (with "(you)" for the own one), in the current language.
    static QString displayText(const PeerInfo &peer);

signals:
    void peerCountChanged(int count);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QList<PeerInfo> m_peers;
};
