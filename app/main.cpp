#include "channelcommands.h"
#include "consolepeer.h"
#include "guimodule.h"
#include "memorytuning.h"
#include "messagebus.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

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

// The arguments that QGuiApplication, QApplication and the xcb plugin take for themselves (with or
// without a second dash, as Qt accepts both), so that the window's own options can be checked
// before a display is opened. The flags take no value.
QStringList withoutQtGuiOptions(const QStringList &arguments)
{
    static const QStringList withValue = {
        u"platform"_s, u"platformpluginpath"_s, u"platformtheme"_s, u"plugin"_s, u"qwindowgeometry"_s,
        u"qwindowicon"_s, u"qwindowtitle"_s, u"session"_s, u"style"_s, u"stylesheet"_s, u"display"_s,
        u"geometry"_s, u"title"_s, u"visual"_s, u"ncols"_s, u"cmap"_s, u"im"_s, u"inputstyle"_s, u"fn"_s, u"font"_s,
        u"bg"_s, u"fg"_s, u"btn"_s};
    static const QStringList flags = {u"reverse"_s, u"widgetcount"_s, u"nograb"_s, u"dograb"_s, u"sync"_s,
                                      u"testability"_s};
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (i == 0 || arg == u"--"_s || !arg.startsWith(u'-')) {
            kept.append(arg);
            continue;
        }
        QString word = arg.mid(arg.startsWith(u"--"_s) ? 2 : 1);
        if (word.startsWith(u"qmljsdebugger="_s))
            continue;
        const qsizetype equals = word.indexOf(u'=');
        const bool inlineValue = equals >= 0;
        if (inlineValue)
            word.truncate(equals);
        if (flags.contains(word) && !inlineValue)
            continue;
        if (withValue.contains(word)) {
            if (!inlineValue)
                ++i;   // the value is the next argument
            continue;
        }
        kept.append(arg);
    }
    return kept;
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

// peerchat's options, parsed and checked before anything is opened: the window checks its
// arguments before it connects to a display, as the console peer does.
struct CommandLine
{
    QCommandLineParser parser;
    QCommandLineOption helpOption = parser.addHelpOption();
    QCommandLineOption versionOption = parser.addVersionOption();
    QCommandLineOption headlessOption{u"headless"_s,
        QCoreApplication::translate("Console", "Run as a console peer: stdin lines are sent, messages printed.")};
    QCommandLineOption channelOption{u"channel"_s,
        QCoreApplication::translate("Console", "The channel to join (letters, digits, '.', '_', '-'; default: general)."),
        u"NAME"_s, u"general"_s};
    QCommandLineOption nameOption{u"name"_s,
        QCoreApplication::translate("Console", "Your name on the channel (default: your login name)."), u"NAME"_s};
    QCommandLineOption jsonOption{u"json"_s,
        QCoreApplication::translate("Console", "With --headless: print one JSON object per event.")};
    QCommandLineOption receiveOption{u"receive"_s,
        QCoreApplication::translate("Console", "With --headless: before leaving, wait until N messages were received."),
        u"N"_s};
    QCommandLineOption historyOption{u"history"_s,
        QCoreApplication::translate("Console", "On joining, show up to N earlier messages the channel still holds "
                                               "(default 100; 0: none)."),
        u"N"_s};
    QCommandLineOption saveFilesOption{u"save-files"_s,
        QCoreApplication::translate("Console", "With --headless: accept every file offered and save it into DIR "
                                               "(without it, offers are shown and ignored). Send a file with a line "
                                               "\"/send PATH\"; \"/cancel [ID]\" stops sending or receiving; a line "
                                               "that starts with \"//\" is sent with one \"/\" less."),
        u"DIR"_s};
    QCommandLineOption demoOption{u"demo"_s,
        QCoreApplication::translate("Console", "Start N chat windows (2 to 8) as separate processes, side by side."),
        u"N"_s};
    QCommandLineOption kioskOption{u"kiosk"_s,
        QCoreApplication::translate("Console", "Full-screen window for a small touch screen.")};
    QCommandLineOption channelsOption{u"channels"_s,
        QCoreApplication::translate("Console", "List your channels: peers (alive, frozen or gone), messages, health.")};
    QCommandLineOption purgeOption{u"purge"_s,
        QCoreApplication::translate("Console", "Remove a channel's shared memory and semaphores when no live peer is on it."),
        u"NAME"_s};

    CommandLine()
    {
        parser.setApplicationDescription(QCoreApplication::translate(
            "Console", "A chat between processes on one machine, through shared memory."));
        parser.addOptions({headlessOption, channelOption, nameOption, jsonOption, receiveOption, historyOption, saveFilesOption, demoOption,
                           kioskOption, channelsOption, purgeOption});
        addGuiOptions(parser);
    }

    // 0 when the arguments are fine; else the exit code, the reason printed (2: bad usage).
    int check(const QStringList &arguments)
    {
        if (!parser.parse(arguments))
            return usageError(parser.errorText());
        if (parser.isSet(helpOption) || parser.isSet(versionOption))
            return 0;
        if (!parser.positionalArguments().isEmpty())
            return usageError(QCoreApplication::translate("Console", "unexpected argument '%1'")
                                  .arg(parser.positionalArguments().constFirst()));
        if (parser.isSet(channelsOption))
            return 0;
        if (parser.isSet(purgeOption))
            return checkChannel(parser.value(purgeOption));
        if (const int code = checkChannel(parser.value(channelOption)); code != 0)
            return code;
        QString why;
        if (!MessageBus::normalizedPeerName(name(), &why))
            return usageError(QCoreApplication::translate("Console", "cannot use '%1' as a name: %2").arg(name(), why));
        if (parser.isSet(historyOption) && historyCount() < 0)
            return usageError(QCoreApplication::translate("Console", "--history needs a number of messages from 0 to %1, not '%2'")
                                  .arg(MessageBus::MaxHistoryLimit).arg(parser.value(historyOption)));
        if (parser.isSet(headlessOption)) {
            if (parser.isSet(receiveOption) && receiveCount() < 0)
                return usageError(QCoreApplication::translate("Console", "--receive needs a number of messages, not '%1'")
                                      .arg(parser.value(receiveOption)));
            if (parser.isSet(saveFilesOption)) {
                const QFileInfo dir(parser.value(saveFilesOption));
                if (!dir.isDir() || !dir.isWritable())
                    return usageError(QCoreApplication::translate("Console", "--save-files needs a folder you can write to, not '%1'")
                                          .arg(parser.value(saveFilesOption)));
            }
            return 0;
        }
        if (parser.isSet(demoOption) && demoCount() == 0)
            return usageError(QCoreApplication::translate("Console", "--demo needs a number of windows from 2 to 8, not '%1'")
                                  .arg(parser.value(demoOption)));
        GuiOptions unused;
        if (!readGuiOptions(parser, unused, &why))
            return usageError(why);
        return 0;
    }

    QString name() const { return parser.isSet(nameOption) ? parser.value(nameOption) : loginName(); }
    qint64 receiveCount() const   // -1 when not a count
    {
        bool ok = false;
        const qint64 count = parser.value(receiveOption).toLongLong(&ok);
        return ok && count >= 0 ? count : -1;
    }
    int historyCount() const   // -1 when not given or not 0..MaxHistoryLimit
    {
        if (!parser.isSet(historyOption))
            return -1;
        bool ok = false;
        const int count = parser.value(historyOption).toInt(&ok);
        return ok && count >= 0 && count <= MessageBus::MaxHistoryLimit ? count : -1;
    }
    int demoCount() const   // 0 when not 2..8
    {
        bool ok = false;
        const int count = parser.value(demoOption).toInt(&ok);
        return ok && count >= 2 && count <= 8 ? count : 0;
    }

private:
    static int checkChannel(const QString &channel)
    {
        if (MessageBus::isValidChannelName(channel))
            return 0;
        return usageError(QCoreApplication::translate(
            "Console", "'%1' is not a valid channel name: use 1 to 64 letters, digits, '.', '_' or '-'").arg(channel));
    }
};

} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);   // a closed stdout must not kill us before we leave the bus
    memorytuning::keepMessageMemory();
    std::unique_ptr<QCoreApplication> app;
    protectGuiArguments(argc, argv);   // before QApplication: keeps "--name NAME" out of xcb's reach
    CommandLine commandLine;
    const GuiModule *gui = nullptr;
    if (wantsConsole(argc, argv)) {
        app = std::make_unique<QCoreApplication>(argc, argv);   // Qt Core only: no GUI library is loaded
        if (const int code = commandLine.check(QCoreApplication::arguments()); code != 0)
            return code;
    } else {
        // The window: its arguments first (exit 2 with or without a display), then the module,
        // then the display (guimain.cpp says in one line what to do when no platform can start).
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments.append(QString::fromLocal8Bit(argv[i]));
        if (const int code = commandLine.check(withoutQtGuiOptions(arguments)); code != 0)
            return code;
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

    const QCommandLineParser &parser = commandLine.parser;
    if (parser.isSet(commandLine.helpOption)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(commandLine.versionOption)) {
        std::printf("peerchat %s (Qt %s)\n", PEERCHAT_VERSION, qVersion());
        return 0;
    }
    if (parser.isSet(commandLine.channelsOption))
        return listChannels();
    if (parser.isSet(commandLine.purgeOption))
        return purgeChannel(parser.value(commandLine.purgeOption));

    const QString channel = parser.value(commandLine.channelOption);
    const QString name = commandLine.name();
    if (parser.isSet(commandLine.headlessOption)) {
        ConsolePeer::Options options;
        options.channel = channel;
        options.name = name;
        options.json = parser.isSet(commandLine.jsonOption);
        if (parser.isSet(commandLine.receiveOption))
            options.receive = commandLine.receiveCount();
        if (parser.isSet(commandLine.historyOption))
            options.history = commandLine.historyCount();
        if (parser.isSet(commandLine.saveFilesOption))
            options.saveFilesDir = QFileInfo(parser.value(commandLine.saveFilesOption)).absoluteFilePath();
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
    window.nameGiven = parser.isSet(commandLine.nameOption);
    window.kiosk = parser.isSet(commandLine.kioskOption);
    window.history = commandLine.historyCount();   // -1: the window's setting
    window.startedMs = s_startedMs;
    if (parser.isSet(commandLine.demoOption))
        window.demo = commandLine.demoCount();
    if (QString why; !readGuiOptions(parser, window, &why))   // checked already: cannot fail here
        return usageError(why);
    if (!gui)   // cannot happen: wantsConsole() saw no console option, so the module was loaded
        return usageError(QCoreApplication::translate("Console", "the window cannot open in this mode"));
    return gui->run(window);
}
