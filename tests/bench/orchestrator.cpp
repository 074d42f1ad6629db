#include "orchestrator.h"

#include "bridgebench.h"
#include "filebench.h"

#include "benchcommon.h"
#include "processgroup.h"

#include "ipckey.h"
#include "messagebus.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSystemSemaphore>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

constexpr qint64 RunTimeoutMs = 180'000;
constexpr int IdlePeers = 8;
// The window under a flood: messages/s offered to a real ChatWindow, in batches every 1 ms.
constexpr qint64 FloodRate = 20'000;
constexpr int FloodBatchUs = 1000;
constexpr int FloodBytes = 64;

double median(std::vector<double> values)
{
    return percentile(std::move(values), 50);
}

QString formatNumber(double value)
{
    const double magnitude = std::abs(value);
    const int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
    return QString::number(value, 'f', decimals);
}

void writeOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

// What /proc says a process (all its threads) has used so far.
struct ProcessUsage
{
    qint64 cpuNs = 0;
    qint64 switches = 0;   // voluntary + involuntary context switches
};

ProcessUsage usageOf(qint64 pid)
{
    ProcessUsage usage;
    const QString taskDir = u"/proc/%1/task"_s.arg(pid);
    const QStringList tasks = QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks) {
        QFile schedstat(taskDir + u'/' + task + u"/schedstat"_s);
        if (schedstat.open(QIODevice::ReadOnly))
            usage.cpuNs += schedstat.readAll().split(' ').value(0).toLongLong();
        QFile status(taskDir + u'/' + task + u"/status"_s);
        if (!status.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                usage.switches += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
    }
    return usage;
}

// After a failed bus run: join and leave once, which reaps the dead peers' slots and, as the last
// one out, removes the segment.
void cleanUpChannel(const QString &channel)
{
    MessageBus bus(channel);
    if (bus.join(u"bench-cleanup"_s))
        bus.leave();
}

// System V segments whose key files (the bus's "<channel>.seg" in the runtime directory) still
// name a live segment: the bus should have removed them when the last peer left.
QStringList leftoverSegments(const QString &runtimeDir)
{
    QStringList left;
    const QStringList keyFiles = QDir(runtimeDir).entryList({u"*.seg"_s}, QDir::Files);
    for (const QString &name : keyFiles) {
        const key_t key = ::ftok(QFile::encodeName(runtimeDir + u'/' + name).constData(), 'Q');
        if (key != -1 && ::shmget(key, 0, 0) != -1)
            left += name;
    }
    return left;
}

} // namespace

double Orchestrator::Row::median() const
{
    std::vector<double> values;
    for (const Sample &s : samples)
        values.push_back(s.median);
    return bench::median(values);
}

double Orchestrator::Row::p99() const
{
    std::vector<double> values;
    for (const Sample &s : samples)
        values.push_back(s.p99);
    return bench::median(values);
}

double Orchestrator::Row::minimum() const
{
    double m = samples.empty() ? 0 : samples.front().median;
    for (const Sample &s : samples)
        m = std::min(m, s.median);
    return m;
}

double Orchestrator::Row::maximum() const
{
    double m = samples.empty() ? 0 : samples.front().median;
    for (const Sample &s : samples)
        m = std::max(m, s.median);
    return m;
}

Orchestrator::Orchestrator(const Settings &settings)
    : m_settings(settings)
{
}

QStringList Orchestrator::caseNames()
{
    return {u"lat-console"_s, u"lat-eventloop"_s, u"tput-1to1"_s, u"tput-1to4"_s, u"tput-1to8"_s,
            u"tput-4to4"_s,   u"size-4k"_s,       u"size-64k"_s,  u"tput-1to1-bytes"_s, u"tput-1to8-bytes"_s,
            u"size-64k-bytes"_s, u"idle"_s, u"window-flood"_s, u"bridge-mqtt"_s, u"file-256m"_s};
}

QString Orchestrator::systemName(System system)
{
    switch (system) {
    case System::Bus:
        return u"peerchat bus"_s;
    case System::LocalFlush:
        return u"QLocalSocket (flush)"_s;
    case System::LocalBatched:
        return u"QLocalSocket (batched)"_s;
    case System::Unix:
        return u"Unix socket"_s;
    case System::Floor:
        return u"doorbell floor (no bus)"_s;
    }
    return {};
}

Orchestrator::Row &Orchestrator::row(const QString &caseName, System system, const QString &unit, bool lowerIsBetter)
{
    for (Row &r : m_rows) {
        if (r.caseName == caseName && r.system == system && r.unit == unit)
            return r;
    }
    m_rows.push_back({caseName, system, unit, lowerIsBetter, {}});
    return m_rows.back();
}

const Orchestrator::Row *Orchestrator::findRow(const QString &caseName, System system) const
{
    for (const Row &r : m_rows) {
        if (r.caseName == caseName && r.system == system)
            return &r;
    }
    return nullptr;
}

bool Orchestrator::wanted(const QString &caseName) const
{
    return m_settings.cases.isEmpty() || m_settings.cases.contains(caseName);
}

QStringList Orchestrator::systemKeys()
{
    return {u"bus"_s, u"qls-flush"_s, u"qls-batched"_s, u"uds"_s, u"floor"_s};
}

bool Orchestrator::wanted(System system) const
{
    return m_settings.systems.isEmpty() || m_settings.systems.contains(systemKeys().at(int(system)));
}

qint64 Orchestrator::messagesFor(System system, int size) const
{
    qint64 n = 0;
    if (size <= 64) {
        switch (system) {
        case System::Bus:
        case System::LocalBatched:
            n = 1'000'000;
            break;
        case System::LocalFlush:
            n = 100'000;
            break;
        case System::Unix:
        case System::Floor:   // not a rate system; never asked
            n = 200'000;
            break;
        }
    } else if (size <= 4096) {
        n = 50'000;
    } else {
        n = 5'000;
    }
    return m_settings.quick ? n / 10 : n;
}

QString Orchestrator::newChannel()
{
    return u"bench-%1-%2"_s.arg(::getpid()).arg(++m_counter);
}

QString Orchestrator::newSocketPath()
{
    return m_runtimeDir + u"/bench-%1.sock"_s.arg(++m_counter);
}

void Orchestrator::progress(const QString &text) const
{
    const QByteArray line = u"[repeat %1/%2] %3\n"_s.arg(m_repeat + 1).arg(m_settings.repeats).arg(text).toLocal8Bit();
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
}

int Orchestrator::run()
{
    // A private runtime directory (0700) for the bus's key and lock files and our sockets: the
    // children inherit it, and it goes away with everything in it at the end.
    QTemporaryDir runtime(QDir::tempPath() + u"/peerchat-bench-XXXXXX"_s);
    if (!runtime.isValid()) {
        complain(u"cannot create a runtime directory: %1"_s.arg(runtime.errorString()));
        return 1;
    }
    m_runtimeDir = runtime.path();
    qputenv("PEERCHAT_RUNTIME_DIR", QFile::encodeName(m_runtimeDir));
    int code = runCases();
    const QStringList left = leftoverSegments(m_runtimeDir);
    if (!left.isEmpty()) {
        complain(u"FAILED: System V segments left behind for %1"_s.arg(left.join(u", "_s)));
        code = 1;
    }
    return code;
}

int Orchestrator::runCases()
{
    try {
        for (m_repeat = 0; m_repeat < m_settings.repeats; ++m_repeat) {
            if (wanted(u"lat-console"_s))
                runLatency(u"lat-console"_s, false);
            if (wanted(u"lat-eventloop"_s))
                runLatency(u"lat-eventloop"_s, true);
            if (wanted(u"tput-1to1"_s))
                runRate(u"tput-1to1"_s, 1, 1, 64);
            if (wanted(u"tput-1to4"_s))
                runRate(u"tput-1to4"_s, 1, 4, 64);
            if (wanted(u"tput-1to8"_s))
                runRate(u"tput-1to8"_s, 1, 8, 64);
            if (wanted(u"tput-4to4"_s))
                runRate(u"tput-4to4"_s, 4, 4, 64);
            if (wanted(u"size-4k"_s))
                runRate(u"size-4k"_s, 1, 1, 4096);
            if (wanted(u"size-64k"_s))
                runRate(u"size-64k"_s, 1, 1, MessageBus::MaxTextBytes);
            // Bytes: every receiver checks the payload bytes in place; no UTF-8, no QString.
            if (wanted(u"tput-1to1-bytes"_s))
                runRate(u"tput-1to1-bytes"_s, 1, 1, 64, true);
            if (wanted(u"tput-1to8-bytes"_s))
                runRate(u"tput-1to8-bytes"_s, 1, 8, 64, true);
            if (wanted(u"size-64k-bytes"_s))
                runRate(u"size-64k-bytes"_s, 1, 1, MessageBus::MaxTextBytes, true);
            if (wanted(u"idle"_s))
                runIdle();
            if (wanted(u"window-flood"_s) && wanted(System::Bus))
                runWindowFlood();
        }
    } catch (const BenchFailure &failure) {
        complain(u"FAILED: %1"_s.arg(failure.what));
        if (!m_rows.empty()) {
            writeOut(u"INCOMPLETE RUN (failed in repeat %1; see stderr). Rows so far:\n\n"_s.arg(m_repeat + 1));
            printTable();
        }
        return 1;
    }
    if (!m_rows.empty()) {
        printTable();
        if (!m_settings.json)
            printGoals();
    }
    if (wanted(u"bridge-mqtt"_s)) {
        BridgeBenchSettings bridge;
        bridge.bridgeBinary = QStringLiteral(PEERCHAT_BRIDGE_BINARY);
        bridge.peerchatBinary = QStringLiteral(PEERCHAT_BINARY);
        bridge.repeats = std::min(m_settings.repeats, 3);
        if (m_settings.quick) {
            bridge.rounds = 50;
            bridge.burst = 500;
        }
        if (runBridgeBench(bridge) != 0)
            m_failures << u"bridge-mqtt"_s;
    }
    if (wanted(u"file-256m"_s)) {
        FileBenchSettings files;
        files.peerchatBinary = QStringLiteral(PEERCHAT_BINARY);
        files.benchBinary = QCoreApplication::applicationFilePath();
        files.repeats = std::min(m_settings.repeats, 3);
        if (m_settings.quick) {
            files.fileBytes = 32LL * 1024 * 1024;
            files.chatRounds = 50;
            files.chatFileBytes = 256LL * 1024 * 1024;
        }
        if (runFileBench(files) != 0)
            m_failures << u"file-256m"_s;
    }
    for (const QString &failure : std::as_const(m_failures))
        complain(u"FAILED: %1"_s.arg(failure));
    return m_failures.isEmpty() ? 0 : 1;
}

void Orchestrator::runLatency(const QString &caseName, bool eventLoop)
{
    std::vector<System> systems = {System::Bus, System::LocalFlush};
    systems.push_back(eventLoop ? System::LocalBatched : System::Unix);
    systems.push_back(System::Floor);
    for (const System system : systems) {
        if (!wanted(system))
            continue;
        progress(u"%1: %2"_s.arg(caseName, systemName(system)));
        const Sample s = latency(system, eventLoop);
        row(caseName, system, u"µs one-way"_s, true).samples.push_back(s);
    }
}

Orchestrator::Sample Orchestrator::latency(System system, bool eventLoop)
{
    const qint64 rounds = m_settings.quick ? 300 : 2000;
    const qint64 warmup = m_settings.quick ? 50 : 200;
    const QStringList timing = {u"--rounds"_s, QString::number(rounds), u"--warmup"_s, QString::number(warmup),
                                u"--pause-us"_s, QString::number(m_settings.pauseUs), u"--size"_s, u"64"_s};
    QByteArray result;
    if (system == System::Bus) {
        const QString channel = newChannel();
        try {
            ProcessGroup group(RunTimeoutMs);
            // A console peer takes its messages on the watcher thread (direct delivery, and the
            // echo sent from there: one wake-up per hop), as the socket's console roles block in
            // read(); an event-loop peer through messageReceived().
            const QStringList api = {u"--api"_s, eventLoop ? u"signal"_s : u"direct"_s};
            const int echo = group.start(u"bus echo"_s, QStringList{u"--role"_s, u"bus-echo"_s, u"--channel"_s, channel} + timing + api);
            group.waitFor(echo, "ready");
            const int ping = group.start(u"bus ping"_s, QStringList{u"--role"_s, u"bus-ping"_s, u"--channel"_s, channel} + timing + api);
            group.waitFor(ping, "ready");
            group.send(ping, "go");
            result = group.waitFor(ping, "result");
            group.finish();
        } catch (...) {
            cleanUpChannel(channel);
            throw;
        }
    } else if (system == System::Floor) {
        // Two doorbells made here (and removed when they go out of scope, whatever the children
        // did), each child asleep on its own and ringing the other's.
        const int n = ++m_counter;
        auto makeBell = [&](const QString &role) {
            QString why;
            ipckey::Doorbell bell = ipckey::createDoorbell(u"%1-%2-%3"_s.arg(role).arg(::getpid()).arg(n), m_runtimeDir,
                                                           [](const QString &) {}, &why);
            if (!bell.semaphore)
                throw BenchFailure{u"cannot make the floor's doorbell for %1: %2"_s.arg(role, why)};
            return bell;
        };
        const ipckey::Doorbell pingBell = makeBell(u"floor-ping"_s);
        const ipckey::Doorbell echoBell = makeBell(u"floor-echo"_s);
        const QStringList api = {u"--api"_s, eventLoop ? u"signal"_s : u"direct"_s};
        ProcessGroup group(RunTimeoutMs);
        const int echo = group.start(u"floor echo"_s, QStringList{u"--role"_s, u"floor-echo"_s, u"--mine"_s,
                                                                 QString::number(echoBell.id), u"--peer"_s,
                                                                 QString::number(pingBell.id)} + api);
        group.waitFor(echo, "ready");
        const int ping = group.start(u"floor ping"_s, QStringList{u"--role"_s, u"floor-ping"_s, u"--mine"_s,
                                                                 QString::number(pingBell.id), u"--peer"_s,
                                                                 QString::number(echoBell.id)} + timing + api);
        group.waitFor(ping, "ready");
        group.send(ping, "go");
        result = group.waitFor(ping, "result");
        group.finish();
    } else {
        const QString path = newSocketPath();
        const QString prefix = system == System::Unix ? u"uds"_s : u"qls"_s;
        const QStringList common = QStringList{u"--path"_s, path, u"--style"_s, eventLoop ? u"loop"_s : u"block"_s,
                                               u"--flush"_s, system == System::LocalBatched ? u"0"_s : u"1"_s} + timing;
        ProcessGroup group(RunTimeoutMs);
        const int ping = group.start(prefix + u" ping"_s, QStringList{u"--role"_s, prefix + u"-ping"_s} + common);
        group.waitFor(ping, "listening");
        const int echo = group.start(prefix + u" echo"_s, QStringList{u"--role"_s, prefix + u"-echo"_s} + common);
        group.waitFor(echo, "ready");
        group.waitFor(ping, "ready");
        group.send(ping, "go");
        result = group.waitFor(ping, "result");
        group.finish();
        QFile::remove(path);
    }
    const auto fields = parseFields(result);
    return {fields.value("p50").toDouble() / 1000.0, fields.value("p99").toDouble() / 1000.0};
}

void Orchestrator::runRate(const QString &caseName, int senders, int receivers, int size, bool bytes)
{
    for (const System system : {System::Bus, System::LocalFlush, System::LocalBatched, System::Unix}) {
        if (!wanted(system))
            continue;
        progress(u"%1: %2"_s.arg(caseName, systemName(system)));
        const qint64 perSender = std::max<qint64>(1, messagesFor(system, size) / senders);
        const Rate r = rate(system, senders, receivers, size, perSender, bytes);
        if (size > 64) {
            const double mb = double(size) / 1e6;
            row(caseName, system, u"MB/s"_s, false).samples.push_back({r.perReceiver * mb, r.slow * mb});
        } else if (senders > 1) {
            row(caseName, system, u"M msgs/s (total)"_s, false).samples.push_back(
                {r.perReceiver / 1e6, r.slow / 1e6});
        } else {
            row(caseName, system, u"M msgs/s per receiver"_s, false).samples.push_back({r.perReceiver / 1e6, r.slow / 1e6});
            if (receivers > 1)
                row(caseName + u"-total"_s, system, u"M deliveries/s"_s, false)
                    .samples.push_back({r.perReceiver * receivers / 1e6, r.slow * receivers / 1e6});
        }
    }
}

Orchestrator::Rate Orchestrator::rate(System system, int senders, int receivers, int size, qint64 perSender, bool bytes)
{
    const bool bus = system == System::Bus;
    const QString prefix = bus ? u"bus"_s : system == System::Unix ? u"uds"_s : u"qls"_s;
    const QString channel = bus ? newChannel() : QString();
    const QString path = bus ? QString() : newSocketPath();
    const bool hub = !bus && senders > 1;
    QStringList common = {u"--size"_s, QString::number(size), u"--n"_s, QString::number(perSender),
                          u"--senders"_s, QString::number(senders), u"--receivers"_s, QString::number(receivers),
                          u"--flush"_s, system == System::LocalBatched ? u"0"_s : u"1"_s,
                          u"--bytes"_s, bytes ? u"1"_s : u"0"_s};
    // Groups help small messages only (a group holds at most 128 KiB: one 64 KiB record), and 32
    // source buffers of 64 KiB no longer fit the sender's cache: large ones go one call each.
    const int batch = size <= 4096 ? m_settings.busBatch : 1;
    common += bus ? QStringList{u"--channel"_s, channel, u"--api"_s, m_settings.busApi, u"--batch"_s,
                                QString::number(batch), u"--reads"_s, m_settings.busSendersRead ? u"1"_s : u"0"_s}
                  : QStringList{u"--path"_s, path};
    std::vector<QByteArray> receiverResults;
    std::vector<QByteArray> senderResults;
    try {
        ProcessGroup group(RunTimeoutMs);
        std::vector<int> senderIds;
        std::vector<int> receiverIds;
        int server = -1;
        if (hub) {
            server = group.start(prefix + u" hub"_s, QStringList{u"--role"_s, prefix + u"-hub"_s} + common);
            group.waitFor(server, "listening");
        } else if (!bus) {
            server = group.start(prefix + u" send 0"_s, QStringList{u"--role"_s, prefix + u"-send"_s, u"--id"_s, u"0"_s} + common);
            senderIds.push_back(server);
            group.waitFor(server, "listening");
        }
        for (int r = 0; r < receivers; ++r) {
            receiverIds.push_back(group.start(prefix + u" recv %1"_s.arg(r),
                                              QStringList{u"--role"_s, prefix + u"-recv"_s, u"--id"_s, QString::number(r)} + common));
        }
        if (bus || hub) {
            for (int s = 0; s < senders; ++s) {
                QStringList args = QStringList{u"--role"_s, prefix + u"-send"_s, u"--id"_s, QString::number(s)} + common;
                if (hub)
                    args += {u"--hub"_s, path};
                senderIds.push_back(group.start(prefix + u" send %1"_s.arg(s), args));
            }
        }
        for (const int id : receiverIds)
            group.waitFor(id, "ready");
        for (const int id : senderIds)
            group.waitFor(id, "ready");
        if (hub)
            group.waitFor(server, "ready");
        for (const int id : senderIds)
            group.send(id, "go");
        for (const int id : receiverIds)
            receiverResults.push_back(group.waitFor(id, "result"));
        for (const int id : senderIds)
            senderResults.push_back(group.waitFor(id, "result"));
        group.finish();
    } catch (...) {
        if (bus)
            cleanUpChannel(channel);
        else
            QFile::remove(path);
        throw;
    }
    if (!bus)
        QFile::remove(path);

    qint64 start = std::numeric_limits<qint64>::max();
    for (const QByteArray &line : senderResults)
        start = std::min(start, parseFields(line).value("start").toLongLong());
    qint64 last = 0;
    QByteArray hash;
    std::vector<double> windowRates;
    const qint64 expected = perSender * senders;
    for (const QByteArray &line : receiverResults) {
        const auto fields = parseFields(line);
        if (fields.value("count").toLongLong() != expected)
            throw BenchFailure{u"a receiver got %1 of %2 messages"_s.arg(QString::fromLatin1(fields.value("count"))).arg(expected)};
        if (!hash.isEmpty() && fields.value("hash") != hash)
            throw BenchFailure{u"%1: receivers saw DIFFERENT total orders (hash %2 vs %3)"_s.arg(
                systemName(system), QString::fromLatin1(hash), QString::fromLatin1(fields.value("hash")))};
        hash = fields.value("hash");
        last = std::max(last, fields.value("last").toLongLong());
        const double window = fields.value("window").toDouble();
        const QList<QByteArray> durations = fields.value("windows").split(',');
        for (const QByteArray &d : durations) {
            const double ns = d.toDouble();
            if (ns > 0)
                windowRates.push_back(window / (ns / 1e9));
        }
    }
    const double seconds = double(last - start) / 1e9;
    Rate r;
    r.perReceiver = seconds > 0 ? double(expected) / seconds : 0;
    r.slow = windowRates.empty() ? r.perReceiver : percentile(windowRates, 1);
    return r;
}

void Orchestrator::runIdle()
{
    const int seconds = m_settings.quick ? 2 : 10;
    progress(u"idle: %1 peers per system, %2 s"_s.arg(IdlePeers).arg(seconds));
    const QString channel = newChannel();
    const QString qlsPath = newSocketPath();
    const QString udsPath = newSocketPath();
    struct Measured
    {
        System system;
        std::vector<int> peers;
    };
    std::vector<Measured> measured = {{System::Bus, {}}, {System::LocalFlush, {}}, {System::Unix, {}}};
    std::vector<std::pair<qint64, ProcessUsage>> before;
    std::vector<std::vector<double>> cpu(measured.size());
    std::vector<std::vector<double>> wakeups(measured.size());
    try {
        ProcessGroup group(RunTimeoutMs);
        const QString peers = QString::number(IdlePeers);
        const int qlsServer = group.start(u"qls idle server"_s, {u"--role"_s, u"qls-idle-server"_s, u"--path"_s, qlsPath,
                                                                 u"--receivers"_s, peers});
        const int udsServer = group.start(u"uds idle server"_s, {u"--role"_s, u"uds-idle-server"_s, u"--path"_s, udsPath,
                                                                 u"--receivers"_s, peers});
        group.waitFor(qlsServer, "listening");
        group.waitFor(udsServer, "listening");
        for (int i = 0; i < IdlePeers; ++i) {
            const QString id = QString::number(i);
            measured[0].peers.push_back(group.start(u"bus idle %1"_s.arg(i), {u"--role"_s, u"bus-idle"_s, u"--channel"_s, channel, u"--id"_s, id}));
            measured[1].peers.push_back(group.start(u"qls idle %1"_s.arg(i), {u"--role"_s, u"qls-idle"_s, u"--path"_s, qlsPath, u"--id"_s, id}));
            measured[2].peers.push_back(group.start(u"uds idle %1"_s.arg(i), {u"--role"_s, u"uds-idle"_s, u"--path"_s, udsPath, u"--id"_s, id}));
        }
        for (const Measured &m : measured) {
            for (const int p : m.peers)
                group.waitFor(p, "ready");
        }
        group.waitFor(qlsServer, "ready");
        group.waitFor(udsServer, "ready");
        QThread::msleep(500);   // let start-up settle
        for (std::size_t k = 0; k < measured.size(); ++k) {
            for (const int p : measured[k].peers)
                before.push_back({group.pid(p), usageOf(group.pid(p))});
        }
        const qint64 t0 = nowNs();
        QThread::sleep(seconds);
        const double elapsed = double(nowNs() - t0) / 1e9;
        std::size_t at = 0;
        for (std::size_t k = 0; k < measured.size(); ++k) {
            for (std::size_t i = 0; i < measured[k].peers.size(); ++i, ++at) {
                const ProcessUsage now = usageOf(before[at].first);
                cpu[k].push_back(double(now.cpuNs - before[at].second.cpuNs) / 1e9 / elapsed * 100.0);
                wakeups[k].push_back(double(now.switches - before[at].second.switches) / elapsed);
            }
        }
        group.finish();
    } catch (...) {
        cleanUpChannel(channel);
        QFile::remove(qlsPath);
        QFile::remove(udsPath);
        throw;
    }
    QFile::remove(qlsPath);
    QFile::remove(udsPath);
    for (std::size_t k = 0; k < measured.size(); ++k) {
        const double worstCpu = *std::max_element(cpu[k].begin(), cpu[k].end());
        const double worstWake = *std::max_element(wakeups[k].begin(), wakeups[k].end());
        row(u"idle-cpu"_s, measured[k].system, u"% of a core per peer"_s, true).samples.push_back({median(cpu[k]), worstCpu});
        row(u"idle-wakeups"_s, measured[k].system, u"wake-ups/s per peer"_s, true).samples.push_back({median(wakeups[k]), worstWake});
    }
}

// A real ChatWindow (offscreen) in one process, a paced flood from another. The window says how
// long its event loop was busy (gaps between the ticks of a 1 ms timer), its peak RSS, and how
// many messages reached its model; a lost message fails the run (after the table).
void Orchestrator::runWindowFlood()
{
    const int seconds = m_settings.quick ? 2 : 10;
    const qint64 count = FloodRate * seconds;
    progress(u"window-flood: %1 messages/s for %2 s into a ChatWindow"_s.arg(FloodRate).arg(seconds));
    const QString channel = newChannel();
    const QStringList common = {u"--channel"_s, channel, u"--n"_s, QString::number(count), u"--size"_s,
                                QString::number(FloodBytes)};
    QByteArray windowResult;
    QByteArray floodResult;
    try {
        ProcessGroup group(RunTimeoutMs);
        const int window = group.start(u"bus window"_s, QStringList{u"--role"_s, u"bus-window"_s} + common);
        group.waitFor(window, "ready");
        const int flood = group.start(u"bus flood"_s, QStringList{u"--role"_s, u"bus-flood"_s, u"--rate"_s,
                                                                  QString::number(FloodRate), u"--batch-us"_s,
                                                                  QString::number(FloodBatchUs)} + common);
        group.waitFor(flood, "ready");
        group.send(window, "go");
        group.send(flood, "go");
        floodResult = group.waitFor(flood, "result");
        windowResult = group.waitFor(window, "result");
        group.finish();
    } catch (...) {
        cleanUpChannel(channel);
        throw;
    }
    const auto w = parseFields(windowResult);
    const auto f = parseFields(floodResult);
    const double floodSeconds = double(f.value("end").toLongLong() - f.value("start").toLongLong()) / 1e9;
    const double offered = floodSeconds > 0 ? double(count) / floodSeconds : 0;
    const qint64 received = w.value("received").toLongLong();
    const qint64 missed = w.value("missed").toLongLong();
    const qint64 inModel = w.value("model").toLongLong();
    const double lagMs = double(w.value("end").toLongLong() - f.value("end").toLongLong()) / 1e6;
    const auto number = [&w](const char *key) { return w.value(key).toDouble(); };
    row(u"window-flood-stall"_s, System::Bus, u"ms between 1 ms ticks"_s, true).samples.push_back(
        {number("gapP50"), number("gapP99")});
    row(u"window-flood-stall-max"_s, System::Bus, u"ms longest stall"_s, true).samples.push_back(
        {number("gapMax"), number("gapMax")});
    row(u"window-flood-rss"_s, System::Bus, u"MiB peak RSS (VmHWM)"_s, true).samples.push_back(
        {number("hwmKiB") / 1024, number("hwmKiB") / 1024});
    row(u"window-flood-model"_s, System::Bus, u"% of sent messages in the model"_s, false).samples.push_back(
        {100.0 * double(inModel) / double(count), 100.0 * double(inModel) / double(count)});
    row(u"window-flood-rate"_s, System::Bus, u"k msgs/s sent (goal 20)"_s, false).samples.push_back(
        {offered / 1e3, offered / 1e3});
    progress(u"window-flood: sent %1 in %2 s (%3 k/s, longest batch %4 ms); window: received %5, missed %6, "
             "in model %7 (%8 rows kept, %9 dropped by the model's cap), stall p50 %10 / p99 %11 / max %12 ms, "
             "%13 gaps > 16 ms, %14 > 50 ms; RSS peak %15 MiB, at half-time %16 MiB, at end %17 MiB; window "
             "CPU %18 % of a core; last message in the model %19 ms after the last send"_s
                 .arg(count).arg(floodSeconds, 0, 'f', 2).arg(offered / 1e3, 0, 'f', 1)
                 .arg(f.value("longestBatchNs").toDouble() / 1e6, 0, 'f', 1)
                 .arg(received).arg(missed).arg(inModel)
                 .arg(QString::fromLatin1(w.value("rows")), QString::fromLatin1(w.value("dropped")))
                 .arg(number("gapP50"), 0, 'f', 2).arg(number("gapP99"), 0, 'f', 1).arg(number("gapMax"), 0, 'f', 1)
                 .arg(QString::fromLatin1(w.value("over16")), QString::fromLatin1(w.value("over50")))
                 .arg(number("hwmKiB") / 1024, 0, 'f', 1).arg(number("rssHalfKiB") / 1024, 0, 'f', 1)
                 .arg(number("rssEndKiB") / 1024, 0, 'f', 1).arg(number("cpuPct"), 0, 'f', 0)
                 .arg(lagMs, 0, 'f', 0));
    if (missed != 0 || inModel != count || received != count || w.value("modelGaps").toLongLong() != w.value("skipped").toLongLong())
        m_failures += u"window-flood (repeat %1): of %2 messages the window's bus received %3 and missed %4; %5 "
                      "reached the model"_s.arg(m_repeat + 1).arg(count).arg(received).arg(missed).arg(inModel);
}

void Orchestrator::printTable() const
{
    if (m_settings.json) {
        for (const Row &r : m_rows) {
            const Row *ref = findRow(r.caseName, System::LocalFlush);
            QJsonObject object{{u"case"_s, r.caseName},     {u"system"_s, systemName(r.system)},
                               {u"median"_s, r.median()},   {u"p99"_s, r.p99()},
                               {u"unit"_s, r.unit},         {u"min"_s, r.minimum()},
                               {u"max"_s, r.maximum()},     {u"repeats"_s, qint64(r.samples.size())}};
            if (ref && ref->median() > 0)
                object.insert(u"ratio"_s, r.median() / ref->median());
            writeOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + u'\n');
        }
        return;
    }
    QString text = u"| case | system | median | p99 | unit | ratio to QLocalSocket (flush) | spread of repeat medians |\n"
                   "|---|---|---:|---:|---|---:|---|\n"_s;
    for (const Row &r : m_rows) {
        const Row *ref = findRow(r.caseName, System::LocalFlush);
        const QString ratio = ref && ref->median() > 0 ? formatNumber(r.median() / ref->median()) + u"×"_s : u"–"_s;
        text += u"| %1 | %2 | %3 | %4 | %5 | %6 | %7..%8 |\n"_s.arg(r.caseName, systemName(r.system),
                                                                    formatNumber(r.median()), formatNumber(r.p99()),
                                                                    r.unit, ratio, formatNumber(r.minimum()),
                                                                    formatNumber(r.maximum()));
    }
    std::size_t fewest = m_rows.empty() ? 0 : m_rows.front().samples.size();
    std::size_t most = 0;
    for (const Row &r : m_rows) {
        fewest = std::min(fewest, r.samples.size());
        most = std::max(most, r.samples.size());
    }
    const QString repeats = fewest == most ? QString::number(most) : u"%1..%2"_s.arg(fewest).arg(most);
    text += u"\n%1 repeat(s)%2; median = median of the repeats' medians; p99 = median of the repeats' 99th "
            "percentiles (latency), or the slow side for rates: the 1st percentile of the rates of windows of "
            "1 % of the messages; idle: median peer, p99 column = the worst peer. Latency: ping-pong / 2, "
            "%3 µs pause between pings. %4, %5 CPUs, Qt %6.\n"_s
                .arg(repeats)
                .arg(m_settings.quick ? u" (--quick)"_s : QString())
                .arg(m_settings.pauseUs)
                .arg(QSysInfo::prettyProductName())
                .arg(QThread::idealThreadCount())
                .arg(QString::fromLatin1(qVersion()));
    writeOut(text);
}

void Orchestrator::printGoals() const
{
    // Issue 13's goals (they replaced issue 6's): like for like, the bus's receivers through
    // --bus-api (default: direct delivery), its senders send-only in groups (--bus-batch).
    QString text = u"\nGoals of issue 13 (ratios of medians in this run; p99: of the repeats' 99th percentiles):\n"_s;
    auto ratioOf = [this](const QString &caseName, System a, System b, bool p99) -> std::optional<double> {
        const Row *ra = findRow(caseName, a);
        const Row *rb = findRow(caseName, b);
        if (!ra || !rb)
            return std::nullopt;
        const double denominator = p99 ? rb->p99() : rb->median();
        if (denominator <= 0)
            return std::nullopt;
        return (p99 ? ra->p99() : ra->median()) / denominator;
    };
    auto line = [&text](const QString &goal, std::optional<double> value, double limit, bool atMost) {
        if (!value)
            return;
        const bool met = atMost ? *value <= limit : *value >= limit;
        text += u"- %1: %2 (goal %3 %4) %5\n"_s.arg(goal, formatNumber(*value), atMost ? u"≤"_s : u"≥"_s,
                                                   formatNumber(limit), met ? u"MET"_s : u"MISSED"_s);
    };
    line(u"lat-console p50, bus / QLocalSocket (flush)"_s, ratioOf(u"lat-console"_s, System::Bus, System::LocalFlush, false), 1, true);
    line(u"lat-console p99, bus / QLocalSocket (flush)"_s, ratioOf(u"lat-console"_s, System::Bus, System::LocalFlush, true), 1.5, true);
    line(u"lat-eventloop p50, bus / QLocalSocket (flush)"_s, ratioOf(u"lat-eventloop"_s, System::Bus, System::LocalFlush, false), 2, true);
    // No goal: the same ratio for the bus's doorbell and watcher thread alone, the floor under it.
    if (const auto floor = ratioOf(u"lat-eventloop"_s, System::Floor, System::LocalFlush, false)) {
        const double overFloor = ratioOf(u"lat-eventloop"_s, System::Bus, System::Floor, false).value_or(0);
        text += u"  (doorbell floor (no bus) / QLocalSocket (flush): %1; bus / doorbell floor: %2)\n"_s.arg(
            formatNumber(*floor), formatNumber(overFloor));
    }
    line(u"tput-1to1 (text), bus / QLocalSocket (batched)"_s, ratioOf(u"tput-1to1"_s, System::Bus, System::LocalBatched, false), 1, false);
    line(u"tput-1to1-bytes, bus / QLocalSocket (batched)"_s, ratioOf(u"tput-1to1-bytes"_s, System::Bus, System::LocalBatched, false), 1.2, false);
    line(u"tput-1to8-total, bus / QLocalSocket (batched)"_s, ratioOf(u"tput-1to8-total"_s, System::Bus, System::LocalBatched, false), 1, false);
    line(u"tput-1to8-bytes-total, bus / QLocalSocket (batched)"_s, ratioOf(u"tput-1to8-bytes-total"_s, System::Bus, System::LocalBatched, false), 1, false);
    line(u"tput-4to4, bus / QLocalSocket (batched)"_s, ratioOf(u"tput-4to4"_s, System::Bus, System::LocalBatched, false), 1, false);
    line(u"size-64k-bytes, bus / Unix socket"_s, ratioOf(u"size-64k-bytes"_s, System::Bus, System::Unix, false), 2, false);
    line(u"size-64k (text), bus / Unix socket"_s, ratioOf(u"size-64k"_s, System::Bus, System::Unix, false), 1, false);
    if (const Row *idle = findRow(u"idle-wakeups"_s, System::Bus))
        line(u"idle wake-ups/s of the worst bus peer"_s, idle->p99(), 1, true);
    if (const Row *stall = findRow(u"window-flood-stall"_s, System::Bus))
        line(u"window-flood p99 event-loop stall, ms (median of repeats)"_s, stall->p99(), 50, true);
    if (const Row *model = findRow(u"window-flood-model"_s, System::Bus)) {
        double worst = 100;
        for (const Sample &s : model->samples)
            worst = std::min(worst, s.median);
        line(u"window-flood messages in the model, % (worst repeat)"_s, worst, 100, false);
    }
    writeOut(text);
}

} // namespace bench
