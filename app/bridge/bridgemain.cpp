// peerchat-bridge --channel NAME mqtt[s]://HOST[:PORT]/TOPIC-PREFIX
// Joins a local channel as a peer and an MQTT broker as a client (README, "Across machines").
#include "bridge.h"
#include "bridgelogging.h"
#include "bridgepayload.h"
#include "terminationsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <mosquitto.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int usageError(const QString &text)
{
    std::fprintf(stderr, "peerchat-bridge: %s\nTry 'peerchat-bridge --help' for more information.\n", qPrintable(text));
    return 2;
}

int startError(const QString &text)
{
    std::fprintf(stderr, "peerchat-bridge: %s\n", qPrintable(text));
    return 1;
}

// "username=..." and "password=..." lines; the file must be the user's own and private (0600).
bool readCredentials(const QString &path, MqttClient::Settings *settings, QString *why)
{
    struct stat st{};
    const QByteArray native = QFile::encodeName(path);
    if (::stat(native.constData(), &st) != 0) {
        *why = u"cannot read the credentials file %1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (st.st_uid != ::getuid() || (st.st_mode & 077) != 0) {
        *why = u"the credentials file %1 must belong to you and be private (chmod 600 %1)"_s.arg(path);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = u"cannot read the credentials file %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype eq = line.indexOf('=');
        const QByteArray key = eq < 0 ? line : line.left(eq).trimmed();
        const QByteArray value = eq < 0 ? QByteArray() : line.mid(eq + 1).trimmed();
        if (key == "username")
            settings->username = value;
        else if (key == "password")
            settings->password = value;
        else {
            *why = u"the credentials file %1 has an unknown line (only username= and password=)"_s.arg(path);
            return false;
        }
    }
    if (settings->username.isEmpty()) {
        *why = u"the credentials file %1 has no username= line"_s.arg(path);
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"peerchat-bridge"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PEERCHAT_VERSION));
    qSetMessagePattern(u"peerchat-bridge: %{message}"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Carries a peerchat channel to an MQTT broker and back, exactly once."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption channelOption(u"channel"_s, u"The local channel (default: general)."_s, u"NAME"_s, u"general"_s);
    const QCommandLineOption nameOption(u"name"_s, u"The bridge's own name on the channel (default: bridge)."_s, u"NAME"_s, u"bridge"_s);
    const QCommandLineOption originOption(u"origin"_s,
        u"This bus's name on MQTT (default: a random id kept in the state directory)."_s, u"NAME"_s);
    const QCommandLineOption credentialsOption(u"credentials"_s,
        u"A private file (mode 600) with username= and password= lines. Or set PEERCHAT_MQTT_USERNAME and PEERCHAT_MQTT_PASSWORD."_s,
        u"FILE"_s);
    const QCommandLineOption caOption(u"cafile"_s, u"With mqtts://: the CA certificate to trust (default: the system's)."_s, u"FILE"_s);
    const QCommandLineOption gapWaitOption(u"gap-wait"_s,
        u"How long a message from another machine waits for an earlier one that has not arrived yet, in ms (default: 5000); then the missing ones are reported as lost."_s,
        u"MS"_s, u"5000"_s);
    parser.addOptions({channelOption, nameOption, originOption, credentialsOption, caOption, gapWaitOption});
    parser.addPositionalArgument(u"url"_s, u"mqtt://HOST[:PORT]/TOPIC-PREFIX or mqtts://..."_s);
    parser.process(app);

    if (parser.positionalArguments().size() != 1)
        return usageError(u"give one broker URL, e.g. mqtt://localhost/peerchat"_s);
    const QUrl url(parser.positionalArguments().constFirst(), QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != u"mqtt"_s && scheme != u"mqtts"_s) || url.host().isEmpty())
        return usageError(u"'%1' is not an mqtt:// or mqtts:// URL with a host"_s.arg(url.toString(QUrl::RemoveUserInfo)));
    if (!url.userInfo().isEmpty())
        return usageError(u"no user name or password in the URL (they would show in the process list): "
                          "use --credentials FILE or PEERCHAT_MQTT_USERNAME/PEERCHAT_MQTT_PASSWORD"_s);
    QString prefix = url.path();
    while (prefix.startsWith(u'/'))
        prefix.remove(0, 1);
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    if (prefix.isEmpty() || prefix.contains(u'+') || prefix.contains(u'#') || prefix.contains(u"//"_s))
        return usageError(u"the URL needs a topic prefix without wildcards, e.g. mqtt://localhost/peerchat"_s);

    Bridge::Options options;
    options.channel = parser.value(channelOption);
    if (!MessageBus::isValidChannelName(options.channel))
        return usageError(u"'%1' is not a valid channel name"_s.arg(options.channel));
    options.name = parser.value(nameOption);
    bool gapOk = false;
    options.gapWaitMs = parser.value(gapWaitOption).toInt(&gapOk);
    if (!gapOk || options.gapWaitMs < 0 || options.gapWaitMs > 3600 * 1000)
        return usageError(u"--gap-wait takes milliseconds from 0 to 3600000, not '%1'"_s.arg(parser.value(gapWaitOption)));
    options.prefix = prefix;
    if (parser.isSet(originOption)) {
        options.origin = parser.value(originOption);
        if (!bridgepayload::isValidOrigin(options.origin))
            return usageError(u"the origin must be 1 to %1 letters, digits, '.', '_' or '-'"_s.arg(bridgepayload::MaxOriginLength));
    }
    options.mqtt.host = url.host();
    options.mqtt.tls = scheme == u"mqtts"_s;
    options.mqtt.port = url.port(options.mqtt.tls ? 8883 : 1883);
    if (parser.isSet(caOption)) {
        if (!options.mqtt.tls)
            return usageError(u"--cafile needs an mqtts:// URL"_s);
        options.mqtt.caFile = parser.value(caOption);
        if (!QFileInfo(options.mqtt.caFile).isReadable())
            return startError(u"cannot read the CA file %1"_s.arg(options.mqtt.caFile));
    }
    if (parser.isSet(credentialsOption)) {
        QString why;
        if (!readCredentials(parser.value(credentialsOption), &options.mqtt, &why))
            return startError(why);
    } else if (qEnvironmentVariableIsSet("PEERCHAT_MQTT_USERNAME")) {
        options.mqtt.username = qgetenv("PEERCHAT_MQTT_USERNAME");
        options.mqtt.password = qgetenv("PEERCHAT_MQTT_PASSWORD");
    }
    qunsetenv("PEERCHAT_MQTT_PASSWORD");   // not passed on to anything we might start

    mosquitto_lib_init();
    int code = 0;
    {
        Bridge bridge(options);
        QObject::connect(&bridge, &Bridge::finished, &app, [](int exitCode) { QCoreApplication::exit(exitCode); },
                         Qt::QueuedConnection);
        terminationsignals::onTermination(&bridge, [&bridge] { bridge.stop(); });
        code = bridge.start();
        if (code == 0)
            code = QCoreApplication::exec();
    }
    mosquitto_lib_cleanup();
    return code;
}
