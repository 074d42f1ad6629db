// The file-256m case (issue 16): one file from a console peer to one and to three console peers,
// beside the same file through Unix sockets, in the same run. Both clocks run from the moment the
// sender is told to send (a "/send" line; a "go" line) until the last receiver says it is done
// (the bus: a saved file, complete and checked, under its final name; the socket: EOF read and
// every byte written). Source and destinations are on a tmpfs, so that no disk is measured.
#include "filebench.h"

#include "benchchild.h"
#include "benchcommon.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

constexpr std::size_t ChunkBytes = 1 << 20;
constexpr qint64 TransferDeadlineNs = 300'000'000'000;   // 5 min: a hang, not a slow run

// Listens on --path, takes one connection, writes what it reads to --out; "done bytes=N" at EOF.
int fileSocketReceive(const RoleArgs &args)
{
    const QByteArray path = QFile::encodeName(args.text(u"path"_s));
    const QByteArray out = QFile::encodeName(args.text(u"out"_s));
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_un address = udsAddress(args.text(u"path"_s));
    if (listener < 0 || ::bind(listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
        || ::listen(listener, 1) != 0)
        die(u"cannot listen on %1: %2"_s.arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(std::strerror(errno))));
    say("ready");
    const int connection = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    const int file = ::open(out.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (connection < 0 || file < 0)
        die(u"cannot accept or open %1: %2"_s.arg(QString::fromLocal8Bit(out), QString::fromLocal8Bit(std::strerror(errno))));
    std::vector<char> buffer(ChunkBytes);
    qint64 total = 0;
    for (;;) {
        const ssize_t n = ::read(connection, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die(u"read: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (n == 0)
            break;
        if (!writeAll(file, buffer.data(), std::size_t(n)))
            die(u"write %1: %2"_s.arg(QString::fromLocal8Bit(out), QString::fromLocal8Bit(std::strerror(errno))));
        total += n;
    }
    ::close(file);
    ::close(connection);
    ::close(listener);
    ::unlink(path.constData());
    say("done bytes=" + QByteArray::number(total));
    return 0;
}

// Connects to every --paths (comma-separated), says "ready", and on "go" reads --file in 1 MiB
// chunks and writes each chunk to every socket in turn: one copy per receiver.
int fileSocketSend(const RoleArgs &args)
{
    const QByteArray file = QFile::encodeName(args.text(u"file"_s));
    std::vector<int> sockets;
    for (const QString &path : args.text(u"paths"_s).split(u','))
        sockets.push_back(udsConnect(path));
    const int in = ::open(file.constData(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
        die(u"cannot open %1: %2"_s.arg(QString::fromLocal8Bit(file), QString::fromLocal8Bit(std::strerror(errno))));
    say("ready");
    if (readLineBlocking() != "go")
        die(u"no go"_s);
    std::vector<char> buffer(ChunkBytes);
    for (;;) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die(u"read %1: %2"_s.arg(QString::fromLocal8Bit(file), QString::fromLocal8Bit(std::strerror(errno))));
        if (n == 0)
            break;
        for (const int fd : sockets) {
            if (!writeAll(fd, buffer.data(), std::size_t(n)))
                die(u"send: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
        }
    }
    ::close(in);
    for (const int fd : sockets)
        ::close(fd);
    say("done");
    return 0;
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        throw Failure{u"cannot read %1"_s.arg(path)};
    return hash.result();
}

void makeRandomFile(const QString &path, qint64 bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Failure{u"cannot write %1"_s.arg(path)};
    std::vector<quint32> chunk(ChunkBytes / sizeof(quint32));
    for (qint64 done = 0; done < bytes; done += qint64(ChunkBytes)) {
        QRandomGenerator::global()->fillRange(chunk.data(), chunk.size());
        const qint64 size = std::min<qint64>(qint64(ChunkBytes), bytes - done);
        if (file.write(reinterpret_cast<const char *>(chunk.data()), size) != size)
            throw Failure{u"cannot write %1"_s.arg(path)};
    }
}

QJsonObject jsonOf(const QByteArray &line)
{
    return QJsonDocument::fromJson(line).object();
}

// The environment of console peers on a channel of their own, in `root`.
QProcessEnvironment channelEnvironment(const QString &root)
{
    const QString runtime = root + u"/run"_s;
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PEERCHAT_RUNTIME_DIR"_s, runtime);
    return env;
}

// The first console peer on a channel, in plain (not JSON) output: started and joined (its
// prompt), so that it sees every later peer join ("* NAME joined").
std::unique_ptr<Child> startFirstPeer(const QString &label, const FileBenchSettings &settings, const QString &channel,
                                      const QString &name, const QProcessEnvironment &env)
{
    auto peer = std::make_unique<Child>(label, settings.peerchatBinary,
                                        QStringList{u"--headless"_s, u"--channel"_s, channel, u"--name"_s, name}, env);
    while (!peer->readLine(nowNs() + 20'000'000'000).startsWith("Enter text")) {
    }
    return peer;
}

// Reads the first peer's lines until it has seen `count` peers join.
void waitForJoins(Child &first, int count)
{
    for (int joined = 0; joined < count;) {
        const QByteArray line = first.readLine(nowNs() + 20'000'000'000);
        if (line.startsWith("* ") && line.endsWith(" joined"))
            ++joined;
    }
}

// Seconds from "/send" until every receiver saved the file; each saved copy checked afterwards.
double busRun(const FileBenchSettings &settings, const QString &root, const QString &file, int receivers)
{
    const QProcessEnvironment env = channelEnvironment(root);
    const QStringList common{u"--headless"_s, u"--json"_s, u"--channel"_s, u"files"_s};
    const std::unique_ptr<Child> first = startFirstPeer(u"sender"_s, settings, u"files"_s, u"sender"_s, env);
    Child &sender = *first;
    std::vector<std::unique_ptr<Child>> peers;
    QStringList folders;
    for (int i = 0; i < receivers; ++i) {
        folders << root + u"/saved-%1"_s.arg(i);
        QDir().mkpath(folders.last());
        peers.push_back(std::make_unique<Child>(u"receiver %1"_s.arg(i), settings.peerchatBinary,
                                                common + QStringList{u"--name"_s, u"r%1"_s.arg(i), u"--save-files"_s, folders.last()},
                                                env));
    }
    waitForJoins(sender, receivers);
    const qint64 start = nowNs();
    sender.write("/send " + QFile::encodeName(file) + '\n');
    for (int i = 0; i < receivers; ++i) {
        for (;;) {
            const QJsonObject o = jsonOf(peers[std::size_t(i)]->readLine(start + TransferDeadlineNs));
            const QString event = o.value(u"event"_s).toString();
            if (event == u"done"_s)
                break;
            if (event == u"failed"_s || event == u"cancelled"_s)
                throw Failure{u"receiver %1: %2 %3"_s.arg(i).arg(event, o.value(u"reason"_s).toString())};
        }
    }
    const double seconds = double(nowNs() - start) / 1e9;
    const QByteArray expected = sha256Of(file);
    for (const QString &folder : std::as_const(folders)) {
        if (sha256Of(folder + u'/' + QFileInfo(file).fileName()) != expected)
            throw Failure{u"the bus: the file saved in %1 differs from the one sent"_s.arg(folder)};
    }
    sender.write("exit\n");
    for (const auto &peer : peers)
        peer->write("exit\n");
    return seconds;
}

// Seconds from "go" until every socket receiver read EOF and wrote every byte.
double socketRun(const FileBenchSettings &settings, const QString &root, const QString &file, int receivers)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    std::vector<std::unique_ptr<Child>> peers;
    QStringList paths, outputs;
    for (int i = 0; i < receivers; ++i) {
        paths << root + u"/s%1.sock"_s.arg(i);
        outputs << root + u"/socket-%1.bin"_s.arg(i);
        peers.push_back(std::make_unique<Child>(u"socket receiver %1"_s.arg(i), settings.benchBinary,
                                                QStringList{u"--role"_s, u"file-sock-recv"_s, u"--path"_s, paths.last(),
                                                            u"--out"_s, outputs.last()}, env));
        if (peers.back()->readLine(nowNs() + 20'000'000'000) != "ready")
            throw Failure{u"socket receiver %1 not ready"_s.arg(i)};
    }
    Child sender(u"socket sender"_s, settings.benchBinary,
                 {u"--role"_s, u"file-sock-send"_s, u"--file"_s, file, u"--paths"_s, paths.join(u',')}, env);
    if (sender.readLine(nowNs() + 20'000'000'000) != "ready")
        throw Failure{u"socket sender not ready"_s};
    const qint64 start = nowNs();
    sender.write("go\n");
    const QByteArray done = "done bytes=" + QByteArray::number(QFileInfo(file).size());
    for (int i = 0; i < receivers; ++i) {
        const QByteArray line = peers[std::size_t(i)]->readLine(start + TransferDeadlineNs);
        if (line != done)
            throw Failure{u"socket receiver %1: \"%2\", expected \"%3\""_s.arg(i).arg(QString::fromUtf8(line), QString::fromUtf8(done))};
    }
    const double seconds = double(nowNs() - start) / 1e9;
    const QByteArray expected = sha256Of(file);
    for (const QString &output : std::as_const(outputs)) {
        if (sha256Of(output) != expected)
            throw Failure{u"the socket: %1 differs from the file sent"_s.arg(output)};
    }
    return seconds;
}

// One-way delay of chat lines from console peer "ping" to console peer "pong" (written to ping's
// stdin, read from pong's stdout, one at a time, 1 ms apart), with no transfer or while `file`
// moves from a third console peer to a fourth. Returns the delays in µs; *outlasted: the transfer
// was still running when the last chat line arrived (so every line was measured during it).
std::vector<double> chatDelays(const FileBenchSettings &settings, const QString &root, const QString &file,
                               int rounds, bool *outlasted)
{
    const QProcessEnvironment env = channelEnvironment(root);
    const QStringList common{u"--headless"_s, u"--json"_s, u"--channel"_s, u"chat"_s};
    const std::unique_ptr<Child> first = startFirstPeer(u"pong"_s, settings, u"chat"_s, u"pong"_s, env);
    Child &pong = *first;
    Child ping(u"ping"_s, settings.peerchatBinary, common + QStringList{u"--name"_s, u"ping"_s}, env);
    std::unique_ptr<Child> sender, receiver;
    int expectedJoins = 1;
    if (!file.isEmpty()) {
        const QString folder = root + u"/saved"_s;
        QDir().mkpath(folder);
        sender = std::make_unique<Child>(u"file sender"_s, settings.peerchatBinary, common + QStringList{u"--name"_s, u"files"_s}, env);
        receiver = std::make_unique<Child>(u"file receiver"_s, settings.peerchatBinary,
                                           common + QStringList{u"--name"_s, u"saver"_s, u"--save-files"_s, folder}, env);
        expectedJoins = 3;
    }
    waitForJoins(pong, expectedJoins);
    if (sender) {
        sender->write("/send " + QFile::encodeName(file) + '\n');
        for (;;) {   // the bytes are moving
            const QJsonObject o = jsonOf(receiver->readLine(nowNs() + 20'000'000'000));
            if (o.value(u"event"_s).toString() == u"progress"_s)
                break;
            if (o.value(u"event"_s).toString() == u"done"_s)
                throw Failure{u"chat during a transfer: the file was done before it could be measured"_s};
        }
    }
    std::vector<double> delays;
    for (int i = 0; i < rounds; ++i) {
        const QString text = u"chat %1"_s.arg(i);
        const qint64 sent = nowNs();
        ping.write(text.toUtf8() + '\n');
        for (;;) {
            const QByteArray line = pong.readLine(nowNs() + 20'000'000'000);
            if (line.startsWith("Received: ping:")) {
                if (line != "Received: ping:" + text.toUtf8())
                    throw Failure{u"chat: expected \"%1\", got \"%2\""_s.arg(text, QString::fromUtf8(line))};
                break;
            }
        }
        delays.push_back(double(nowNs() - sent) / 1000.0);
        QThread::usleep(1000);
    }
    *outlasted = true;
    if (receiver) {
        // Whatever the receiver said up to now: if its "done" is there, the transfer ended before
        // the last chat line did.
        for (const QByteArray &line : receiver->linesNow()) {
            if (jsonOf(line).value(u"event"_s).toString() == u"done"_s)
                *outlasted = false;
        }
        while (*outlasted) {
            const QJsonObject o = jsonOf(receiver->readLine(nowNs() + TransferDeadlineNs));
            const QString event = o.value(u"event"_s).toString();
            if (event == u"done"_s)
                break;
            if (event == u"failed"_s || event == u"cancelled"_s)
                throw Failure{u"chat during a transfer: the file %1"_s.arg(event)};
        }
        sender->write("exit\n");
        receiver->write("exit\n");
    }
    ping.write("exit\n");
    pong.write("exit\n");
    return delays;
}

} // namespace

int runFileRole(const RoleArgs &args)
{
    const QString role = args.role();
    if (role == u"file-sock-recv"_s)
        return fileSocketReceive(args);
    if (role == u"file-sock-send"_s)
        return fileSocketSend(args);
    return -1;
}

int runFileBench(const FileBenchSettings &settings)
{
    // tmpfs: the case measures the copy, not a disk.
    QTemporaryDir tmp(u"/dev/shm/peerchat-bench-XXXXXX"_s);
    if (!tmp.isValid()) {
        complain(u"FAILED: file-256m: no temporary folder in /dev/shm"_s);
        return 1;
    }
    const QString file = tmp.path() + u"/file.bin"_s;
    const double mib = double(settings.fileBytes) / (1024.0 * 1024.0);
    struct Row
    {
        int receivers;
        std::vector<double> bus, socket;
    };
    std::vector<Row> rows{{1, {}, {}}, {3, {}, {}}};
    try {
        makeRandomFile(file, settings.fileBytes);
        for (int repeat = 0; repeat < settings.repeats; ++repeat) {
            for (Row &row : rows) {
                std::fprintf(stderr, "file-256m: repeat %d of %d, %d receiver(s)\n", repeat + 1, settings.repeats, row.receivers);
                const QString busRoot = tmp.path() + u"/bus-%1-%2"_s.arg(repeat).arg(row.receivers);
                const QString socketRoot = tmp.path() + u"/socket-%1-%2"_s.arg(repeat).arg(row.receivers);
                QDir().mkpath(busRoot);
                QDir().mkpath(socketRoot);
                row.bus.push_back(busRun(settings, busRoot, file, row.receivers));
                row.socket.push_back(socketRun(settings, socketRoot, file, row.receivers));
                QDir(busRoot).removeRecursively();
                QDir(socketRoot).removeRecursively();
            }
        }
    } catch (const Failure &failure) {
        complain(u"FAILED: file-256m: %1"_s.arg(failure.what));
        return 1;
    }
    QFile::remove(file);
    // Chat during a transfer.
    const QString bigFile = tmp.path() + u"/big.bin"_s;
    std::vector<double> quietP50, quietP99, busyP50, busyP99;
    int cut = 0;   // runs in which the transfer ended before the last chat line
    try {
        makeRandomFile(bigFile, settings.chatFileBytes);
        for (int repeat = 0; repeat < settings.repeats; ++repeat) {
            std::fprintf(stderr, "file-256m: chat with and without a transfer, repeat %d of %d\n", repeat + 1, settings.repeats);
            for (const bool busy : {false, true}) {
                const QString root = tmp.path() + u"/chat-%1-%2"_s.arg(repeat).arg(busy);
                QDir().mkpath(root);
                bool outlasted = true;
                const std::vector<double> delays = chatDelays(settings, root, busy ? bigFile : QString(), settings.chatRounds, &outlasted);
                (busy ? busyP50 : quietP50).push_back(percentile(delays, 50));
                (busy ? busyP99 : quietP99).push_back(percentile(delays, 99));
                cut += outlasted ? 0 : 1;
                QDir(root).removeRecursively();
            }
        }
    } catch (const Failure &failure) {
        complain(u"FAILED: file-256m (chat during a transfer): %1"_s.arg(failure.what));
        return 1;
    }
    const auto med = [](const std::vector<double> &v) { return percentile(v, 50); };
    std::printf("\n### file-256m: a %.0f MiB file to 1 and to 3 receivers on a tmpfs (%d repeats, medians)\n\n",
                mib, settings.repeats);
    std::printf("| receivers | system | seconds | MiB/s per receiver | MiB/s total | bus / socket (total) |\n"
                "|---:|---|---:|---:|---:|---:|\n");
    for (const Row &row : rows) {
        const double bus = med(row.bus);
        const double socket = med(row.socket);
        std::printf("| %d | peerchat bus (console `/send`, CRC-32C + SHA-256 checked) | %.2f | %.0f | %.0f | %.2fx |\n",
                    row.receivers, bus, mib / bus, row.receivers * mib / bus, socket / bus);
        std::printf("| %d | Unix socket (read, write, nothing checked) | %.2f | %.0f | %.0f | 1.00x |\n",
                    row.receivers, socket, mib / socket, row.receivers * mib / socket);
    }
    std::printf("\nGoal (issue 16): the bus at least 2x the socket for one receiver and 2x its total for three.\n");
    std::printf("\n### file-256m: chat one-way delay between two console peers (%d lines 1 ms apart; %d repeats, medians)\n\n"
                "| while | p50 (us) | p99 (us) |\n|---|---:|---:|\n", settings.chatRounds, settings.repeats);
    std::printf("| no transfer | %.0f | %.0f |\n", med(quietP50), med(quietP99));
    std::printf("| a %.0f MiB file moves between two other console peers | %.0f | %.0f |\n",
                double(settings.chatFileBytes) / (1024.0 * 1024.0), med(busyP50), med(busyP99));
    std::printf("\np99 during the transfer / without: %.2fx (goal: at most 2x).%s\n", med(busyP99) / std::max(med(quietP99), 1.0),
                cut ? " In some runs the transfer ended before the last chat line: those lines were not all measured during it." : "");
    std::fflush(stdout);
    return 0;
}

} // namespace bench
