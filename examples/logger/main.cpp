// logger: prints every message of a peerchat channel with the time it was sent.
//
//   logger [--channel lab] [--name logger] [--count 0]
//
// Start it, then the sensor example (or any peerchat peer) on the same channel. A peer gets the
// messages sent after it joined: start the logger first.
#include <peerchat/memorytuning.h>
#include <peerchat/messagebus.h>

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    memorytuning::keepMessageMemory();   // first thing, before any thread: large messages stay cheap
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Prints the messages of a peerchat channel."_s);
    parser.addHelpOption();
    const QCommandLineOption channelOption(u"channel"_s, u"The channel (default: lab)."_s, u"NAME"_s, u"lab"_s);
    const QCommandLineOption nameOption(u"name"_s, u"The logger's name (default: logger)."_s, u"NAME"_s, u"logger"_s);
    const QCommandLineOption countOption(u"count"_s, u"Stop after N messages (default: 0, never)."_s, u"N"_s, u"0"_s);
    parser.addOptions({channelOption, nameOption, countOption});
    parser.process(app);
    const int count = parser.value(countOption).toInt();

    MessageBus bus(parser.value(channelOption));
    int received = 0;
    QObject::connect(&bus, &MessageBus::messageReceived, &app, [&](const ChatMessage &message) {
        std::printf("%s %s: %s\n", qPrintable(message.time.toLocalTime().toString(u"HH:mm:ss.zzz"_s)),
                    qPrintable(message.sender), qPrintable(message.text));
        std::fflush(stdout);
        if (++received == count)
            QCoreApplication::quit();
    });
    QObject::connect(&bus, &MessageBus::peerJoined, &app, [](const PeerInfo &peer) {
        std::printf("* %s joined\n", qPrintable(peer.name));
        std::fflush(stdout);
    });
    QObject::connect(&bus, &MessageBus::peerLeft, &app, [](const PeerInfo &peer) {
        std::printf("* %s left\n", qPrintable(peer.name));
        std::fflush(stdout);
    });
    QObject::connect(&bus, &MessageBus::messagesMissed, &app, [](quint64 missed) {
        std::printf("* missed %llu messages\n", static_cast<unsigned long long>(missed));
        std::fflush(stdout);
    });
    QObject::connect(&bus, &MessageBus::errorOccurred, &app, [&bus] {
        std::fprintf(stderr, "logger: %s\n", qPrintable(bus.errorString()));
        QCoreApplication::exit(1);
    });
    if (!bus.join(parser.value(nameOption))) {
        std::fprintf(stderr, "logger: %s\n", qPrintable(bus.errorString()));
        return 1;
    }
    std::printf("logger: listening on channel %s\n", qPrintable(bus.channel()));
    std::fflush(stdout);
    return app.exec();
}
