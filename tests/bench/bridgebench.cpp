// The bridge-mqtt case: a console peer on bus A -> peerchat-bridge -> mosquitto -> peerchat-bridge
// -> a console peer on bus B, beside mosquitto_pub -> mosquitto_sub alone on the same broker, in
// the same run. Both paths go from a line written to a process's stdin to the line read from
// another process's stdout, timed by this process's one monotonic clock; both use QoS 1.
#include "bridgebench.h"

#include "benchchild.h"
#include "benchcommon.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <memory>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

struct Result
{
    double rate = 0;
    double p50Us = 0;
    double p99Us = 0;
};

// `textOf` turns a receiver's line into the message text ("" when it is not a message).
template<typename TextOf>
Result measure(Child &sender, Child &receiver, TextOf textOf, int rounds, int burst, const QByteArray &tag)
{
    Result result;
    const auto deadline = [] { return nowNs() + 20'000'000'000; };
    const auto next = [&](qint64 until) {
        for (;;) {
            const QByteArray text = textOf(receiver.readLine(until));
            if (!text.isEmpty())
                return text;
        }
    };
    std::vector<double> oneWayUs;
    for (int i = 0; i < rounds + 20; ++i) {   // 20 warm-up rounds
        const QByteArray text = tag + " L " + QByteArray::number(i);
        const qint64 sent = nowNs();
        sender.write(text + '\n');
        const QByteArray got = next(deadline());
        const qint64 arrived = nowNs();
        if (got != text)
            throw Failure{u"expected \"%1\", got \"%2\""_s.arg(QString::fromUtf8(text), QString::fromUtf8(got))};
        if (i >= 20)
            oneWayUs.push_back(double(arrived - sent) / 1000.0);
        QThread::usleep(1000);
    }
    result.p50Us = percentile(oneWayUs, 50);
    result.p99Us = percentile(oneWayUs, 99);
    QByteArray lines;
    for (int i = 0; i < burst; ++i)
        lines += tag + " T " + QByteArray::number(i) + '\n';
    const qint64 start = nowNs();
    sender.write(lines);
    for (int i = 0; i < burst; ++i) {
        const QByteArray expected = tag + " T " + QByteArray::number(i);
        const QByteArray got = next(deadline());
        if (got != expected)
            throw Failure{u"throughput: expected \"%1\", got \"%2\" (lost, doubled or reordered)"_s.arg(
                QString::fromUtf8(expected), QString::fromUtf8(got))};
    }
    result.rate = double(burst) / (double(nowNs() - start) / 1e9);
    return result;
}

QProcessEnvironment machineEnv(const QString &root)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PEERCHAT_RUNTIME_DIR"_s, root + u"/run"_s);
    env.insert(u"XDG_STATE_HOME"_s, root + u"/state"_s);
    env.insert(u"QT_LOGGING_RULES"_s, u"peerchat.bridge.info=true"_s);
    return env;
}

void runOnce(const BridgeBenchSettings &settings, const QString &mosquitto, Result *bridged, Result *raw)
{
    QTemporaryDir tmp;
    const int port = freePort();
    if (!tmp.isValid() || port <= 0)
        throw Failure{u"no temporary directory or free port"_s};
    QFile conf(tmp.path() + u"/mosquitto.conf"_s);
    if (!conf.open(QIODevice::WriteOnly))
        throw Failure{u"cannot write %1"_s.arg(conf.fileName())};
    conf.write("listener " + QByteArray::number(port) + " 127.0.0.1\nallow_anonymous true\npersistence true\n"
               "persistence_location " + QFile::encodeName(tmp.path()) + "/\nmax_queued_messages 0\n"
               "log_dest stderr\nlog_type error\nlog_type information\n"
               "user " + QByteArray(::getpwuid(::geteuid())->pw_name) + "\n");
    conf.close();
    const QProcessEnvironment sys = QProcessEnvironment::systemEnvironment();
    Child broker(u"mosquitto"_s, mosquitto, {u"-c"_s, conf.fileName()}, sys);
    broker.waitForErr(" running", nowNs() + 10'000'000'000);

    const QString url = u"mqtt://127.0.0.1:%1/bench"_s.arg(port);
    QStringList roots;
    for (const QString &name : {u"a"_s, u"b"_s}) {
        const QString root = tmp.path() + u'/' + name;
        QDir().mkpath(root + u"/run"_s);
        QDir().mkpath(root + u"/state"_s);
        QFile::setPermissions(root + u"/run"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        roots << root;
    }
    {
        Child bridgeA(u"bridge a"_s, settings.bridgeBinary, {u"--channel"_s, u"bench"_s, u"--origin"_s, u"a"_s, url},
                      machineEnv(roots.at(0)));
        Child bridgeB(u"bridge b"_s, settings.bridgeBinary, {u"--channel"_s, u"bench"_s, u"--origin"_s, u"b"_s, url},
                      machineEnv(roots.at(1)));
        bridgeA.waitForErr("ready:", nowNs() + 10'000'000'000);
        bridgeB.waitForErr("ready:", nowNs() + 10'000'000'000);
        Child peerA(u"console a"_s, settings.peerchatBinary,
                    {u"--headless"_s, u"--json"_s, u"--channel"_s, u"bench"_s, u"--name"_s, u"ping"_s}, machineEnv(roots.at(0)));
        Child peerB(u"console b"_s, settings.peerchatBinary,
                    {u"--headless"_s, u"--json"_s, u"--channel"_s, u"bench"_s, u"--name"_s, u"pong"_s}, machineEnv(roots.at(1)));
        for (;;) {   // the path is up when B sees ping@a
            const QJsonObject o = QJsonDocument::fromJson(peerB.readLine(nowNs() + 20'000'000'000)).object();
            if (o.value(u"event"_s).toString() == u"joined"_s && o.value(u"name"_s).toString() == u"ping@a"_s)
                break;
        }
        *bridged = measure(peerA, peerB, [](const QByteArray &line) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(u"event"_s).toString() != u"message"_s || o.value(u"from"_s).toString() != u"ping@a"_s)
                return QByteArray();
            return o.value(u"text"_s).toString().toUtf8();
        }, settings.rounds, settings.burst, "bridge");
        peerA.write("exit\n");
        peerB.write("exit\n");
    }
    const QString portText = QString::number(port);
    Child sub(u"mosquitto_sub"_s, findTool(u"mosquitto_sub"_s),
              {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, portText, u"-q"_s, u"1"_s, u"-t"_s, u"bench/raw"_s}, sys);
    // mosquitto_sub says nothing when it has subscribed: publish a probe until it shows.
    const qint64 until = nowNs() + 10'000'000'000;
    for (bool up = false; !up;) {
        QProcess::execute(findTool(u"mosquitto_pub"_s), {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, portText, u"-q"_s, u"1"_s,
                                                         u"-t"_s, u"bench/raw"_s, u"-m"_s, u"probe"_s});
        try {
            up = sub.readLine(std::min(until, nowNs() + 300'000'000)) == "probe";
        } catch (const Failure &) {
            if (nowNs() > until)
                throw;
        }
    }
    Child pub(u"mosquitto_pub"_s, findTool(u"mosquitto_pub"_s),
              {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, portText, u"-q"_s, u"1"_s, u"-t"_s, u"bench/raw"_s, u"-l"_s}, sys);
    *raw = measure(pub, sub, [](const QByteArray &line) {
        return line.startsWith("raw ") ? line : QByteArray();   // late probes
    }, settings.rounds, settings.burst, "raw");
}

} // namespace

int runBridgeBench(const BridgeBenchSettings &settings)
{
    const QString mosquitto = findTool(u"mosquitto"_s);
    if (mosquitto.isEmpty() || findTool(u"mosquitto_pub"_s).isEmpty() || findTool(u"mosquitto_sub"_s).isEmpty()) {
        std::printf("\nbridge-mqtt: skipped: mosquitto and mosquitto-clients are not installed "
                    "(apt-get install mosquitto mosquitto-clients)\n");
        return 0;
    }
    if (settings.bridgeBinary.isEmpty() || !QFile::exists(settings.bridgeBinary)) {
        std::printf("\nbridge-mqtt: skipped: peerchat-bridge was not built (libmosquitto-dev missing)\n");
        return 0;
    }
    std::vector<double> bridgedRate, bridgedP50, bridgedP99, rawRate, rawP50, rawP99;
    for (int repeat = 0; repeat < settings.repeats; ++repeat) {
        std::fprintf(stderr, "bridge-mqtt: repeat %d of %d\n", repeat + 1, settings.repeats);
        Result bridged, raw;
        try {
            runOnce(settings, mosquitto, &bridged, &raw);
        } catch (const Failure &failure) {
            complain(u"FAILED: bridge-mqtt: %1"_s.arg(failure.what));
            return 1;
        }
        bridgedRate.push_back(bridged.rate);
        bridgedP50.push_back(bridged.p50Us);
        bridgedP99.push_back(bridged.p99Us);
        rawRate.push_back(raw.rate);
        rawP50.push_back(raw.p50Us);
        rawP99.push_back(raw.p99Us);
    }
    const auto med = [](const std::vector<double> &v) { return percentile(v, 50); };
    std::printf("\n### bridge-mqtt: across machines through mosquitto (QoS 1; %d repeats, medians; "
                "%d latency rounds, bursts of %d)\n\n", settings.repeats, settings.rounds, settings.burst);
    std::printf("| path | messages/s | one-way p50 (us) | one-way p99 (us) |\n|---|---:|---:|---:|\n");
    std::printf("| console peer A -> bus -> peerchat-bridge -> mosquitto -> peerchat-bridge -> bus -> console peer B "
                "| %.0f | %.0f | %.0f |\n", med(bridgedRate), med(bridgedP50), med(bridgedP99));
    std::printf("| mosquitto_pub -> mosquitto -> mosquitto_sub | %.0f | %.0f | %.0f |\n", med(rawRate), med(rawP50), med(rawP99));
    std::printf("\nThe bridged path costs %.2fx the latency (p50) and gives %.2fx the rate of the broker alone.\n",
                med(bridgedP50) / std::max(med(rawP50), 1.0), med(bridgedRate) / std::max(med(rawRate), 1.0));
    std::fflush(stdout);
    return 0;
}

} // namespace bench
