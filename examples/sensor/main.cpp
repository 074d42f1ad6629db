// sensor: publishes a reading of this machine on a peerchat channel every N milliseconds.
//
//   sensor [--channel lab] [--name sensor] [--interval 1000] [--count 0]
//
// A reading is the load average (/proc/loadavg) and, where the kernel has one, the temperature of
// the first thermal zone, e.g. "reading 3: load 0.42, 47.5 °C". Every peer on the channel gets
// it: the logger example, a peerchat window, or `peerchat --headless --channel lab`.
#include <peerchat/messagebus.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

static QString readFirstLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readLine()).trimmed();
}

static QString reading(int number)
{
    QString text = u"reading %1: load %2"_s.arg(number).arg(readFirstLine(u"/proc/loadavg"_s).section(u' ', 0, 0));
    bool ok = false;
    const int milliDegrees = readFirstLine(u"/sys/class/thermal/thermal_zone0/temp"_s).toInt(&ok);
    if (ok)
        text += u", %1 °C"_s.arg(milliDegrees / 1000.0, 0, 'f', 1);
    return text;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Publishes a reading every N milliseconds on a peerchat channel."_s);
    parser.addHelpOption();
    const QCommandLineOption channelOption(u"channel"_s, u"The channel (default: lab)."_s, u"NAME"_s, u"lab"_s);
    const QCommandLineOption nameOption(u"name"_s, u"The sensor's name (default: sensor)."_s, u"NAME"_s, u"sensor"_s);
    const QCommandLineOption intervalOption(u"interval"_s, u"Milliseconds between readings (default: 1000)."_s,
                                            u"MS"_s, u"1000"_s);
    const QCommandLineOption countOption(u"count"_s, u"Stop after N readings (default: 0, never)."_s, u"N"_s, u"0"_s);
    parser.addOptions({channelOption, nameOption, intervalOption, countOption});
    parser.process(app);
    const int interval = parser.value(intervalOption).toInt();
    const int count = parser.value(countOption).toInt();

    MessageBus bus(parser.value(channelOption));
    if (!bus.join(parser.value(nameOption))) {
        std::fprintf(stderr, "sensor: %s\n", qPrintable(bus.errorString()));
        return 1;
    }
    std::printf("sensor: publishing on channel %s every %d ms\n", qPrintable(bus.channel()), interval);
    std::fflush(stdout);

    int sent = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, &app, [&] {
        const QString text = reading(sent + 1);
        if (!bus.send(text)) {   // e.g. the channel was damaged: say why and stop
            std::fprintf(stderr, "sensor: %s\n", qPrintable(bus.errorString()));
            QCoreApplication::exit(1);
            return;
        }
        std::printf("sensor: sent %s\n", qPrintable(text));
        std::fflush(stdout);
        if (++sent == count)
            QCoreApplication::quit();
    });
    timer.start(interval);
    return app.exec();   // ~MessageBus leaves the channel
}
