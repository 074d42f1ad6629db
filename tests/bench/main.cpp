// peerchat-bench: the bus against QLocalSocket and a Unix-domain socket, in the same run, with
// every case in real separate processes (see tests/bench/README in the project README).

#include "benchcommon.h"
#include "filebench.h"
#include "orchestrator.h"
#include "roles.h"

#include "memorytuning.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    std::signal(SIGPIPE, SIG_IGN);   // a peer that went away shows up as a failed write
    memorytuning::keepMessageMemory();   // as peerchat itself does; applies to every system measured
    // Only the window under a flood needs a GUI (offscreen); every other process is a core one.
    const std::unique_ptr<QCoreApplication> application = bench::makeApplication(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(u"peerchat-bench"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PEERCHAT_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() > 2 && arguments.at(1) == u"--role"_s) {
        const bench::RoleArgs role = bench::RoleArgs::parse(arguments);
        int code = bench::runBusRole(role);
        if (code == -1)
            code = bench::runSocketRole(role);
        if (code == -1)
            code = bench::runWindowRole(role);
        if (code == -1)
            code = bench::runFileRole(role);
        if (code == -1)
            code = bench::runFloorRole(role);
        if (code == -1) {
            bench::complain(u"unknown role %1"_s.arg(role.role()));
            return 2;
        }
        return code;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures peerchat's shared-memory bus against QLocalSocket and a Unix-domain socket, each case in "
        "separate processes, and prints a Markdown table. Exits non-zero if any message arrives corrupted, "
        "out of order or not at all."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption quick(u"quick"_s, u"Short run (fewer messages, 2 s idle)."_s);
    const QCommandLineOption repeat(u"repeat"_s, u"Repeat every case <n> times (default 5)."_s, u"n"_s, u"5"_s);
    const QCommandLineOption only(u"case"_s, u"Run only case <name> (may be given more than once): %1."_s.arg(
                                               bench::Orchestrator::caseNames().join(u", "_s)), u"name"_s);
    const QCommandLineOption json(u"json"_s, u"Print one JSON object per row instead of the table."_s);
    const QCommandLineOption pause(u"pause-us"_s, u"Pause between pings in the latency cases (default 300)."_s,
                                   u"us"_s, u"300"_s);
    const QCommandLineOption system(u"system"_s, u"Run only system <key> (may be given more than once): %1; "
                                                  "for profiling, the ratios need the QLocalSocket rows."_s.arg(
                                                      bench::Orchestrator::systemKeys().join(u", "_s)),
                                    u"key"_s);
    const QCommandLineOption busApi(u"bus-api"_s, u"How the bus's receivers in the tput and size cases take their "
                                                   "messages: direct (default: the handler on the watcher thread), "
                                                   "batch (messagesAvailable + takeMessages) or signal (messageReceived)."_s,
                                    u"api"_s, u"direct"_s);
    const QCommandLineOption busBatch(u"bus-batch"_s, u"How many messages of up to 4 KiB the bus's senders in the tput "
                                                       "and size cases hand over per call: sendUtf8Batch()/sendBytesBatch() "
                                                       "of <n> (default 32), or 1 for sendUtf8()/sendBytes() per message. "
                                                       "64 KiB messages go one per call."_s,
                                      u"n"_s, u"32"_s);
    const QCommandLineOption busSendersRead(u"bus-senders-read"_s,
                                            u"The bus's senders in the tput and size cases join as full peers that read "
                                            "the channel and drop what they read, instead of as send-only peers "
                                            "(MessageBus::Delivery::None, the default, like the socket senders, which "
                                            "receive nothing)."_s);
    parser.addOptions({quick, repeat, only, json, pause, system, busApi, busBatch, busSendersRead});
    parser.process(app);

    bench::Settings settings;
    settings.quick = parser.isSet(quick);
    settings.json = parser.isSet(json);
    bool ok = false;
    settings.repeats = parser.value(repeat).toInt(&ok);
    if (!ok || settings.repeats < 1) {
        std::fprintf(stderr, "peerchat-bench: --repeat needs a positive number\n");
        return 2;
    }
    settings.pauseUs = parser.value(pause).toInt(&ok);
    if (!ok || settings.pauseUs < 0) {
        std::fprintf(stderr, "peerchat-bench: --pause-us needs a number of microseconds\n");
        return 2;
    }
    settings.busApi = parser.value(busApi);
    if (settings.busApi != u"direct"_s && settings.busApi != u"batch"_s && settings.busApi != u"signal"_s) {
        std::fprintf(stderr, "peerchat-bench: --bus-api is direct, batch or signal\n");
        return 2;
    }
    settings.busSendersRead = parser.isSet(busSendersRead);
    settings.busBatch = parser.value(busBatch).toInt(&ok);
    if (!ok || settings.busBatch < 1 || settings.busBatch > 4096) {
        std::fprintf(stderr, "peerchat-bench: --bus-batch needs a number from 1 to 4096\n");
        return 2;
    }
    settings.cases = parser.values(only);
    for (const QString &name : std::as_const(settings.cases)) {
        if (!bench::Orchestrator::caseNames().contains(name)) {
            std::fprintf(stderr, "peerchat-bench: unknown case %s (known: %s)\n", qPrintable(name),
                         qPrintable(bench::Orchestrator::caseNames().join(u", "_s)));
            return 2;
        }
    }
    settings.systems = parser.values(system);
    for (const QString &key : std::as_const(settings.systems)) {
        if (!bench::Orchestrator::systemKeys().contains(key)) {
            std::fprintf(stderr, "peerchat-bench: unknown system %s (known: %s)\n", qPrintable(key),
                         qPrintable(bench::Orchestrator::systemKeys().join(u", "_s)));
            return 2;
        }
    }
    bench::Orchestrator orchestrator(settings);
    return orchestrator.run();
}
