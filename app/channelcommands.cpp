#include "channelcommands.h"

#include "channeldirectory.h"
#include "terminaltext.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Console", text, disambiguation, n);
}

void printLine(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
}

QString stateName(ChannelDirectory::Peer::State state)
{
    switch (state) {
    case ChannelDirectory::Peer::State::Alive:
        return tr("alive");
    case ChannelDirectory::Peer::State::Frozen:
        return tr("frozen (stopped)");
    case ChannelDirectory::Peer::State::Gone:
        return tr("gone (will be removed at the next join)");
    }
    return {};
}

} // namespace

int listChannels()
{
    const QList<ChannelDirectory::Channel> channels = ChannelDirectory::channels();
    if (channels.isEmpty()) {
        printLine(tr("No channels."));
        return 0;
    }
    for (const ChannelDirectory::Channel &channel : channels) {
        if (!channel.healthy) {
            printLine(tr("%1: %2").arg(channel.name, channel.problem));
            continue;
        }
        printLine(tr("%1: healthy, layout version %2, %3 message(s) held of %4 published, %n peer(s)", nullptr,
                     int(channel.peers.size()))
                      .arg(channel.name)
                      .arg(channel.layoutVersion)
                      .arg(channel.held)
                      .arg(channel.published));
        for (const ChannelDirectory::Peer &peer : channel.peers) {
            printLine(tr("  %1  pid %2  %3")
                          .arg(QString::fromUtf8(terminaltext::escaped(peer.name)).leftJustified(16), QString::number(peer.pid).leftJustified(8),
                               stateName(peer.state)));
        }
    }
    std::fflush(stdout);
    return 0;
}

int purgeChannel(const QString &channel)
{
    QString why;
    if (!ChannelDirectory::purge(channel, &why)) {
        const QByteArray line = "peerchat: " + terminaltext::escaped(why) + '\n';
        std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
        return 1;
    }
    printLine(why.isEmpty() ? tr("Removed channel \"%1\".").arg(channel) : why);
    std::fflush(stdout);
    return 0;
}
