#pragma once

#include <QList>
#include <QString>

// The user's channels as the segments in the runtime directory show them, for
// `peerchat --channels` and `peerchat --purge NAME`: seeing and repairing the bus without ipcrm.
class ChannelDirectory
{
public:
    struct Peer
    {
        enum class State { Alive, Frozen, Gone };
        int slot = -1;
        QString name;
        qint64 pid = 0;
        State state = State::Gone;
    };
    struct Channel
    {
        QString name;
        bool healthy = false;
        QString problem;            // why not healthy (damaged, other version, no segment)
        quint32 layoutVersion = 0;
        quint64 published = 0;      // records published since the segment was made
        quint64 held = 0;           // records the ring holds now
        QList<Peer> peers;
    };

    static QList<Channel> channels();
    // Removes the channel's IPC objects and files when no live peer is on it. Otherwise refuses
    // and says who is still there (in *why).
    [[nodiscard]] static bool purge(const QString &channel, QString *why);
};
