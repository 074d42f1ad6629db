#include "channelcommands.h"
#include "consolepeer.h"
#include "guimodule.h"
#include "memorytuning.h"
#include "messagebus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <csignal>
#include <cstdio>
#include <memory>
#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// When the binary started (after the dynamic loader, before main()): the window's
// PEERCHAT_TIMING figures count from here.
const qint64 s_startedMs = [] {
    QElapsedTimer timer;
    timer.start();
    return timer.msecsSinceReference();
}();

QString loginName()
{
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? u"peer"_s : user;
}

int usageError(const QString &text)
{
    std::fprintf(stderr, "peerchat: %s\nTry 'peerchat --help' for more information.\n", qPrintable(text));
    return 2;
}

bool wantsConsole(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--headless" || arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v"
            || arg == "--help-all" || arg == "--channels" || arg == "--purge" || arg.startsWith("--purge="))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);   // a closed stdout must not kill us before we leave the bus
    memorytuning::keepMessageMemory();
    std::unique_ptr<QCoreApplication> app;
    protectGuiArguments(argc, argv);   // before QApplication: keeps "--name NAME" out of xcb's reach
    const GuiModule *gui = nullptr;
    if (wantsConsole(argc, argv)) {
        app = std::make_unique<QCoreApplication>(argc, argv);   // Qt Core only: no GUI library is loaded
    } else {
        QString why;
        gui = loadGuiModule(&why);
        if (!gui) {
            std::fprintf(stderr, "peerchat: %s\n", why.toLocal8Bit().constData());
            return 1;
        }
        app.reset(gui->makeApplication(argc, argv));
    }
    QCoreApplication::setApplicationName(u"peerchat"_s);
    QCoreApplication::setOrganizationName(u"peerchat"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PEERCHAT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Console", "A chat between processes on one machine, through shared memory."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption headlessOption(u"headless"_s,
        QCoreApplication::translate("Console", "Run as a console peer: stdin lines are sent, messages printed."));
    const QCommandLineOption channelOption(u"channel"_s,
        QCoreApplication::translate("Console", "The channel to join (letters, digits, '.', '_', '-'; default: general)."),
        u"NAME"_s, u"general"_s);
    const QCommandLineOption nameOption(u"name"_s,
        QCoreApplication::translate("Console", "Your name on the channel (default: your login name)."), u"NAME"_s);
    const QCommandLineOption jsonOption(u"json"_s,
        QCoreApplication::translate("Console", "With --headless: print one JSON object per event."));
    const QCommandLineOption receiveOption(u"receive"_s,
        QCoreApplication::translate("Console", "With --headless: before leaving, wait until N messages were received."),
        u"N"_s);
    const QCommandLineOption historyOption(u"history"_s,
        QCoreApplication::translate("Console", "On joining, show up to N earlier messages the channel still holds "
                                               "(default 100; 0: none)."),
        u"N"_s);
    const QCommandLineOption demoOption(u"demo"_s,
        QCoreApplication::translate("Console", "Start N chat windows (2 to 8) as separate processes, side by side."),
        u"N"_s);
    const QCommandLineOption kioskOption(u"kiosk"_s,
        QCoreApplication::translate("Console", "Full-screen window for a small touch screen."));
    const QCommandLineOption channelsOption(u"channels"_s,
        QCoreApplication::translate("Console", "List your channels: peers (alive, frozen or gone), messages, health."));
    const QCommandLineOption purgeOption(u"purge"_s,
        QCoreApplication::translate("Console", "Remove a channel's shared memory and semaphores when no live peer is on it."),
        u"NAME"_s);
    parser.addOptions({headlessOption, channelOption, nameOption, jsonOption, receiveOption, historyOption, demoOption, kioskOption,
                       channelsOption, purgeOption});
    addGuiOptions(parser);

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(versionOption)) {
        std::printf("peerchat %s (Qt %s)\n", PEERCHAT_VERSION, qVersion());
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QCoreApplication::translate("Console", "unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    if (parser.isSet(channelsOption))
        return listChannels();
    if (parser.isSet(purgeOption)) {
        const QString target = parser.value(purgeOption);
        if (!MessageBus::isValidChannelName(target))
            return usageError(QCoreApplication::translate(
                "Console", "'%1' is not a valid channel name: use 1 to 64 letters, digits, '.', '_' or '-'").arg(target));
        return purgeChannel(target);
    }

    const QString channel = parser.value(channelOption);
    if (!MessageBus::isValidChannelName(channel))
        return usageError(QCoreApplication::translate(
            "Console", "'%1' is not a valid channel name: use 1 to 64 letters, digits, '.', '_' or '-'").arg(channel));
    const QString name = parser.isSet(nameOption) ? parser.value(nameOption) : loginName();
    QString why;
    if (!MessageBus::normalizedPeerName(name, &why))
        return usageError(QCoreApplication::translate("Console", "cannot use '%1' as a name: %2").arg(name, why));

    int history = -1;   // not given
    if (parser.isSet(historyOption)) {
        bool ok = false;
        history = parser.value(historyOption).toInt(&ok);
        if (!ok || history < 0 || history > MessageBus::MaxHistoryLimit)
            return usageError(QCoreApplication::translate("Console", "--history needs a number of messages from 0 to %1, not '%2'")
                                  .arg(MessageBus::MaxHistoryLimit).arg(parser.value(historyOption)));
    }

    if (parser.isSet(headlessOption)) {
        ConsolePeer::Options options;
        options.channel = channel;
        options.name = name;
        options.json = parser.isSet(jsonOption);
        if (history >= 0)
            options.history = history;
        if (parser.isSet(receiveOption)) {
            bool ok = false;
            options.receive = parser.value(receiveOption).toLongLong(&ok);
            if (!ok || options.receive < 0)
                return usageError(QCoreApplication::translate("Console", "--receive needs a number of messages, not '%1'")
                                      .arg(parser.value(receiveOption)));
        }
        ConsolePeer peer(options);
        QObject::connect(&peer, &ConsolePeer::finished, app.get(), [](int code) { QCoreApplication::exit(code); },
                         Qt::QueuedConnection);
        if (const int code = peer.start(); code != 0)
            return code;
        return QCoreApplication::exec();
    }

    GuiOptions window;
    window.channel = channel;
    window.name = name;
    window.nameGiven = parser.isSet(nameOption);
    window.kiosk = parser.isSet(kioskOption);
    window.history = history;
    window.startedMs = s_startedMs;
    if (parser.isSet(demoOption)) {
        bool ok = false;
        window.demo = parser.value(demoOption).toInt(&ok);
        if (!ok || window.demo < 2 || window.demo > 8)
            return usageError(QCoreApplication::translate("Console", "--demo needs a number of windows from 2 to 8, not '%1'")
                                  .arg(parser.value(demoOption)));
    }
    if (QString why; !readGuiOptions(parser, window, &why))
        return usageError(why);
    if (!gui)   // cannot happen: wantsConsole() saw no console option, so the module was loaded
        return usageError(QCoreApplication::translate("Console", "the window cannot open in this mode"));
    return gui->run(window);
}
