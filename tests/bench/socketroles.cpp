// Child roles for the baselines: QLocalSocket (qls-*) and a plain Unix-domain stream socket
// (uds-*). Frames are fixed-size payloads (the size is known to both ends), so no length prefix.
// A receiver connects and sends one hello byte ('R'); a sender that connects to a hub sends 'S'.

#include "benchcommon.h"
#include "roles.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

// How much Qt may buffer for one socket before the writer waits for the kernel to take it.
constexpr qint64 QtBufferLimit = 1024 * 1024;

struct Common
{
    QString path;
    int size = 64;
    qint64 count = 0;      // per sender
    int senders = 1;
    int receivers = 1;
    int id = 0;
    bool flush = true;
    bool eventLoop = false;
    qint64 warmup = 0;
    qint64 rounds = 0;
    int pauseUs = 300;
    bool text = true;      // receivers turn each message into a checked QString (0: check the bytes in place)

    explicit Common(const RoleArgs &args)
        : path(args.text(u"path"_s))
        , size(int(args.number(u"size"_s, 64)))
        , count(args.number(u"n"_s, 1000))
        , senders(int(args.number(u"senders"_s, 1)))
        , receivers(int(args.number(u"receivers"_s, 1)))
        , id(int(args.number(u"id"_s)))
        , flush(args.number(u"flush"_s, 1) != 0)
        , eventLoop(args.text(u"style"_s) == u"loop"_s)
        , warmup(args.number(u"warmup"_s))
        , rounds(args.number(u"rounds"_s, 1000))
        , pauseUs(int(args.number(u"pause-us"_s, 300)))
        , text(args.number(u"bytes"_s, 0) == 0)
    {
    }
};

void waitForQuit()
{
    while (true) {
        const QByteArray line = readLineBlocking();
        if (line == "quit" || line.isEmpty())
            return;
    }
}

QByteArray latencyResult(const std::vector<double> &oneWayNs)
{
    return "result p50=" + QByteArray::number(percentile(oneWayNs, 50)) + " p99="
        + QByteArray::number(percentile(oneWayNs, 99));
}

// Pulls whole frames out of a byte stream, checks each, and feeds the order checker.
class FrameParser
{
public:
    FrameParser(int size, int senders, quint64 perSender, bool text)
        : m_size(size)
        , m_text(text)
        , m_checker(senders, perSender)
    {
    }
    // Returns false with errorString() on a corrupted or reordered frame.
    bool consume(const char *data, qsizetype length)
    {
        while (length > 0) {
            if (m_partial.isEmpty() && length >= m_size) {
                if (!frame(data))
                    return false;
                data += m_size;
                length -= m_size;
                continue;
            }
            const qsizetype take = std::min<qsizetype>(length, m_size - m_partial.size());
            m_partial.append(data, take);
            data += take;
            length -= take;
            if (m_partial.size() == m_size) {
                if (!frame(m_partial.constData()))
                    return false;
                m_partial.clear();
            }
        }
        return true;
    }
    bool isDone() const { return m_checker.isDone(); }
    QString errorString() const { return m_error; }
    QByteArray resultLine() const { return m_checker.resultLine(); }

private:
    bool frame(const char *data)
    {
        int sender = 0;
        quint64 seq = 0;
        if (!checkReceived(data, m_size, m_size, &sender, &seq, m_text)) {
            m_error = u"message %1 arrived CORRUPTED"_s.arg(m_checker.count());
            return false;
        }
        if (!m_checker.accept(sender, seq)) {
            m_error = m_checker.errorString();
            return false;
        }
        return true;
    }
    int m_size;
    bool m_text;
    StreamChecker m_checker;
    QByteArray m_partial;
    QString m_error;
};

// --- QLocalSocket -------------------------------------------------------------------------------

QLocalSocket *acceptOne(QLocalServer &server)
{
    if (!server.hasPendingConnections() && !server.waitForNewConnection(-1))
        die(u"accept on %1 failed: %2"_s.arg(server.fullServerName(), server.errorString()));
    return server.nextPendingConnection();
}

void listenOrDie(QLocalServer &server, const QString &path)
{
    QLocalServer::removeServer(path);
    if (!server.listen(path))
        die(u"cannot listen on %1: %2"_s.arg(path, server.errorString()));
    say("listening");
}

void connectOrDie(QLocalSocket &socket, const QString &path, char hello)
{
    socket.connectToServer(path);
    if (!socket.waitForConnected(10000))
        die(u"cannot connect to %1: %2"_s.arg(path, socket.errorString()));
    if (hello) {
        socket.write(&hello, 1);
        socket.flush();
    }
}

char readHello(QLocalSocket *socket)
{
    while (socket->bytesAvailable() < 1) {
        if (!socket->waitForReadyRead(10000))
            die(u"no hello from a client: %1"_s.arg(socket->errorString()));
    }
    char c = 0;
    socket->getChar(&c);
    return c;
}

void writeBounded(QLocalSocket *socket, const char *data, qint64 length, bool flush)
{
    socket->write(data, length);
    if (flush)
        socket->flush();
    if (socket->bytesToWrite() > QtBufferLimit) {
        while (socket->bytesToWrite() > QtBufferLimit / 2) {
            if (!socket->waitForBytesWritten(-1))
                die(u"write failed: %1"_s.arg(socket->errorString()));
        }
    }
}

void drainWrites(QLocalSocket *socket)
{
    while (socket->bytesToWrite() > 0) {
        if (!socket->waitForBytesWritten(-1))
            die(u"write failed: %1"_s.arg(socket->errorString()));
    }
}

void readExact(QLocalSocket *socket, char *out, int size)
{
    while (socket->bytesAvailable() < size) {
        if (!socket->waitForReadyRead(-1))
            die(u"read failed: %1"_s.arg(socket->errorString()));
    }
    socket->read(out, size);
}

// The pinger is the server; console style blocks in waitForReadyRead, event-loop style reacts
// to readyRead. With flush=0 the event loop writes the ping when control returns to it.
int qlsPing(const Common &c)
{
    QLocalServer server;
    listenOrDie(server, c.path);
    QLocalSocket *socket = acceptOne(server);
    say("ready");
    if (readLineBlocking() != "go")
        return 2;
    QByteArray payload(c.size, Qt::Uninitialized);
    QByteArray reply(c.size, Qt::Uninitialized);
    std::vector<double> oneWayNs;
    oneWayNs.reserve(std::size_t(c.rounds));
    const qint64 total = c.warmup + c.rounds;
    if (!c.eventLoop) {
        for (qint64 i = 0; i < total; ++i) {
            fillPayload(payload.data(), c.size, 0, quint64(i));
            const qint64 t0 = nowNs();
            socket->write(payload);
            socket->flush();
            readExact(socket, reply.data(), c.size);
            const qint64 t1 = nowNs();
            int sender = 0;
            quint64 seq = 0;
            if (!checkReceived(reply.constData(), c.size, c.size, &sender, &seq, c.text) || seq != quint64(i))
                die(u"qls-ping: echo %1 arrived corrupted or out of order"_s.arg(i));
            if (i >= c.warmup)
                oneWayNs.push_back(double(t1 - t0) / 2);
            sleepUs(c.pauseUs);
        }
        say(latencyResult(oneWayNs));
        drainWrites(socket);
        waitForQuit();
        return 0;
    }
    qint64 i = 0;
    qint64 sentAt = 0;
    auto sendNext = [&] {
        fillPayload(payload.data(), c.size, 0, quint64(i));
        sentAt = nowNs();
        socket->write(payload);
        if (c.flush)
            socket->flush();
    };
    QObject::connect(socket, &QLocalSocket::readyRead, socket, [&] {
        while (socket->bytesAvailable() >= c.size && i < total) {
            socket->read(reply.data(), c.size);
            const qint64 now = nowNs();
            int sender = 0;
            quint64 seq = 0;
            if (!checkReceived(reply.constData(), c.size, c.size, &sender, &seq, c.text) || seq != quint64(i))
                die(u"qls-ping: echo %1 arrived corrupted or out of order"_s.arg(i));
            if (i >= c.warmup)
                oneWayNs.push_back(double(now - sentAt) / 2);
            ++i;
            if (i == total) {
                say(latencyResult(oneWayNs));
                return;
            }
            sleepUs(c.pauseUs);
            sendNext();
        }
    });
    ControlChannel control;
    quitOnRequest(control);
    sendNext();
    return QCoreApplication::exec();
}

int qlsEcho(const Common &c)
{
    QLocalSocket socket;
    connectOrDie(socket, c.path, 0);
    say("ready");
    const qint64 total = c.warmup + c.rounds;
    QByteArray frame(c.size, Qt::Uninitialized);
    qint64 i = 0;
    auto echo = [&] {
        int sender = 0;
        quint64 seq = 0;
        if (!checkReceived(frame.constData(), c.size, c.size, &sender, &seq, c.text) || seq != quint64(i))
            die(u"qls-echo: ping %1 arrived corrupted or out of order"_s.arg(i));
        socket.write(frame);
        if (c.flush)
            socket.flush();
        ++i;
    };
    if (!c.eventLoop) {
        while (i < total) {
            readExact(&socket, frame.data(), c.size);
            echo();
        }
        drainWrites(&socket);
        waitForQuit();
        return 0;
    }
    QObject::connect(&socket, &QLocalSocket::readyRead, &socket, [&] {
        while (socket.bytesAvailable() >= c.size) {
            socket.read(frame.data(), c.size);
            echo();
        }
    });
    ControlChannel control;
    quitOnRequest(control);
    return QCoreApplication::exec();
}

// One sender: a server for its receivers (1 → N), or a client of a hub (N → N).
int qlsSend(const Common &c, const QString &hub)
{
    QLocalServer server;
    QLocalSocket hubSocket;
    std::vector<QLocalSocket *> sockets;
    if (!hub.isEmpty()) {
        connectOrDie(hubSocket, hub, 'S');
        sockets.push_back(&hubSocket);
    } else {
        listenOrDie(server, c.path);
        for (int r = 0; r < c.receivers; ++r) {
            QLocalSocket *socket = acceptOne(server);
            readHello(socket);
            sockets.push_back(socket);
        }
    }
    say("ready");
    if (readLineBlocking() != "go")
        return 2;
    QByteArray payload(c.size, Qt::Uninitialized);
    const qint64 start = nowNs();
    for (qint64 i = 0; i < c.count; ++i) {
        fillPayload(payload.data(), c.size, c.id, quint64(i));
        for (QLocalSocket *socket : sockets)
            writeBounded(socket, payload.constData(), c.size, c.flush);
    }
    for (QLocalSocket *socket : sockets)
        drainWrites(socket);
    say("result start=" + QByteArray::number(start) + " end=" + QByteArray::number(nowNs()));
    waitForQuit();
    return 0;
}

int qlsReceive(const Common &c)
{
    QLocalSocket socket;
    connectOrDie(socket, c.path, 'R');
    FrameParser parser(c.size, c.senders, quint64(c.count), c.text);
    say("ready");
    QByteArray chunk;
    QObject::connect(&socket, &QLocalSocket::readyRead, &socket, [&] {
        chunk = socket.readAll();
        if (!parser.consume(chunk.constData(), chunk.size()))
            die(u"qls-recv r%1: %2"_s.arg(c.id).arg(parser.errorString()));
        if (parser.isDone())
            say(parser.resultLine());
    });
    ControlChannel control;
    quitOnRequest(control);
    return QCoreApplication::exec();
}

// Forwards every sender's frames to every receiver; its forwarding order is the total order.
int qlsHub(const Common &c)
{
    QLocalServer server;
    listenOrDie(server, c.path);
    std::vector<QLocalSocket *> senders;
    std::vector<QLocalSocket *> receivers;
    for (int k = 0; k < c.senders + c.receivers; ++k) {
        QLocalSocket *socket = acceptOne(server);
        (readHello(socket) == 'S' ? senders : receivers).push_back(socket);
    }
    say("ready");
    std::vector<QByteArray> pending(senders.size());
    for (std::size_t s = 0; s < senders.size(); ++s) {
        QObject::connect(senders[s], &QLocalSocket::readyRead, senders[s], [&, s] {
            QByteArray &buffer = pending[s];
            buffer += senders[s]->readAll();
            const qsizetype whole = buffer.size() / c.size * c.size;
            if (whole == 0)
                return;
            for (QLocalSocket *receiver : receivers) {
                if (c.flush) {
                    for (qsizetype at = 0; at < whole; at += c.size)
                        writeBounded(receiver, buffer.constData() + at, c.size, true);
                } else {
                    writeBounded(receiver, buffer.constData(), whole, false);
                }
            }
            buffer.remove(0, whole);
        });
    }
    ControlChannel control;
    quitOnRequest(control);
    return QCoreApplication::exec();
}

int qlsIdleServer(const Common &c)
{
    QLocalServer server;
    listenOrDie(server, c.path);
    for (int k = 0; k < c.receivers; ++k)
        readHello(acceptOne(server));
    say("ready");
    ControlChannel control;
    quitOnRequest(control);
    return QCoreApplication::exec();
}

int qlsIdle(const Common &c)
{
    QLocalSocket socket;
    connectOrDie(socket, c.path, 'R');
    QObject::connect(&socket, &QLocalSocket::readyRead, &socket, [&] { socket.readAll(); });
    say("ready");
    ControlChannel control;
    quitOnRequest(control);
    return QCoreApplication::exec();
}

// --- Plain Unix-domain socket, blocking read()/write() ----------------------------------------

int udsListen(const QString &path)
{
    const sockaddr_un address = udsAddress(path);
    ::unlink(address.sun_path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1 || ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == -1
        || ::listen(fd, 64) == -1)
        die(u"cannot listen on %1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    say("listening");
    return fd;
}

int udsAccept(int listener)
{
    int fd = -1;
    while ((fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC)) == -1 && errno == EINTR) {
    }
    if (fd == -1)
        die(u"accept failed: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
    return fd;
}

void udsWriteAll(int fd, const char *data, std::size_t length)
{
    if (!writeAll(fd, data, length))
        die(u"write failed: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
}

void udsReadExact(int fd, char *out, std::size_t length)
{
    while (length > 0) {
        const ssize_t n = ::read(fd, out, length);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            die(u"read failed: %1"_s.arg(n == 0 ? u"connection closed"_s : QString::fromLocal8Bit(std::strerror(errno))));
        out += n;
        length -= std::size_t(n);
    }
}

int udsPing(const Common &c)
{
    const int listener = udsListen(c.path);
    const int fd = udsAccept(listener);
    say("ready");
    if (readLineBlocking() != "go")
        return 2;
    QByteArray payload(c.size, Qt::Uninitialized);
    QByteArray reply(c.size, Qt::Uninitialized);
    std::vector<double> oneWayNs;
    oneWayNs.reserve(std::size_t(c.rounds));
    for (qint64 i = 0; i < c.warmup + c.rounds; ++i) {
        fillPayload(payload.data(), c.size, 0, quint64(i));
        const qint64 t0 = nowNs();
        udsWriteAll(fd, payload.constData(), std::size_t(c.size));
        udsReadExact(fd, reply.data(), std::size_t(c.size));
        const qint64 t1 = nowNs();
        int sender = 0;
        quint64 seq = 0;
        if (!checkReceived(reply.constData(), c.size, c.size, &sender, &seq, c.text) || seq != quint64(i))
            die(u"uds-ping: echo %1 arrived corrupted or out of order"_s.arg(i));
        if (i >= c.warmup)
            oneWayNs.push_back(double(t1 - t0) / 2);
        sleepUs(c.pauseUs);
    }
    say(latencyResult(oneWayNs));
    waitForQuit();
    ::close(fd);
    ::close(listener);
    ::unlink(QFile::encodeName(c.path).constData());
    return 0;
}

int udsEcho(const Common &c)
{
    const int fd = udsConnect(c.path, 0);
    say("ready");
    QByteArray frame(c.size, Qt::Uninitialized);
    for (qint64 i = 0; i < c.warmup + c.rounds; ++i) {
        udsReadExact(fd, frame.data(), std::size_t(c.size));
        int sender = 0;
        quint64 seq = 0;
        if (!checkReceived(frame.constData(), c.size, c.size, &sender, &seq, c.text) || seq != quint64(i))
            die(u"uds-echo: ping %1 arrived corrupted or out of order"_s.arg(i));
        udsWriteAll(fd, frame.constData(), std::size_t(c.size));
    }
    waitForQuit();
    ::close(fd);
    return 0;
}

int udsSend(const Common &c, const QString &hub)
{
    std::vector<int> fds;
    int listener = -1;
    if (!hub.isEmpty()) {
        fds.push_back(udsConnect(hub, 'S'));
    } else {
        listener = udsListen(c.path);
        for (int r = 0; r < c.receivers; ++r) {
            const int fd = udsAccept(listener);
            char hello = 0;
            udsReadExact(fd, &hello, 1);
            fds.push_back(fd);
        }
    }
    say("ready");
    if (readLineBlocking() != "go")
        return 2;
    QByteArray payload(c.size, Qt::Uninitialized);
    const qint64 start = nowNs();
    for (qint64 i = 0; i < c.count; ++i) {
        fillPayload(payload.data(), c.size, c.id, quint64(i));
        for (const int fd : fds)
            udsWriteAll(fd, payload.constData(), std::size_t(c.size));
    }
    say("result start=" + QByteArray::number(start) + " end=" + QByteArray::number(nowNs()));
    waitForQuit();
    for (const int fd : fds)
        ::close(fd);
    if (listener != -1) {
        ::close(listener);
        ::unlink(QFile::encodeName(c.path).constData());
    }
    return 0;
}

int udsReceive(const Common &c)
{
    const int fd = udsConnect(c.path, 'R');
    FrameParser parser(c.size, c.senders, quint64(c.count), c.text);
    say("ready");
    std::vector<char> buffer(256 * 1024);
    while (!parser.isDone()) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            die(u"uds-recv r%1: read failed after %2 bytes"_s.arg(c.id).arg(n));
        if (!parser.consume(buffer.data(), n))
            die(u"uds-recv r%1: %2"_s.arg(c.id).arg(parser.errorString()));
    }
    say(parser.resultLine());
    waitForQuit();
    ::close(fd);
    return 0;
}

int udsHub(const Common &c)
{
    const int listener = udsListen(c.path);
    std::vector<int> senders;
    std::vector<int> receivers;
    for (int k = 0; k < c.senders + c.receivers; ++k) {
        const int fd = udsAccept(listener);
        char hello = 0;
        udsReadExact(fd, &hello, 1);
        (hello == 'S' ? senders : receivers).push_back(fd);
    }
    say("ready");
    std::vector<pollfd> polls;
    for (const int fd : senders)
        polls.push_back({fd, POLLIN, 0});
    std::vector<std::vector<char>> pending(senders.size());
    std::vector<char> chunk(256 * 1024);
    const qint64 total = c.count * c.senders * c.size;
    qint64 forwarded = 0;
    while (forwarded < total) {
        if (::poll(polls.data(), polls.size(), -1) == -1) {
            if (errno == EINTR)
                continue;
            die(u"uds-hub: poll failed"_s);
        }
        for (std::size_t s = 0; s < polls.size(); ++s) {
            if (!(polls[s].revents & (POLLIN | POLLHUP)))
                continue;
            const ssize_t n = ::read(polls[s].fd, chunk.data(), chunk.size());
            if (n <= 0) {
                if (n == -1 && errno == EINTR)
                    continue;
                polls[s].fd = -1;   // the sender is done
                continue;
            }
            std::vector<char> &buffer = pending[s];
            buffer.insert(buffer.end(), chunk.data(), chunk.data() + n);
            const std::size_t whole = buffer.size() / std::size_t(c.size) * std::size_t(c.size);
            for (const int fd : receivers)
                udsWriteAll(fd, buffer.data(), whole);
            buffer.erase(buffer.begin(), buffer.begin() + std::ptrdiff_t(whole));
            forwarded += qint64(whole);
        }
    }
    waitForQuit();
    for (const int fd : senders)
        ::close(fd);
    for (const int fd : receivers)
        ::close(fd);
    ::close(listener);
    ::unlink(QFile::encodeName(c.path).constData());
    return 0;
}

int udsIdleServer(const Common &c)
{
    const int listener = udsListen(c.path);
    std::vector<int> fds;
    for (int k = 0; k < c.receivers; ++k) {
        const int fd = udsAccept(listener);
        char hello = 0;
        udsReadExact(fd, &hello, 1);
        fds.push_back(fd);
    }
    say("ready");
    waitForQuit();
    for (const int fd : fds)
        ::close(fd);
    ::close(listener);
    ::unlink(QFile::encodeName(c.path).constData());
    return 0;
}

// Blocks in poll() on its socket and on stdin (for "quit").
int udsIdle(const Common &c)
{
    const int fd = udsConnect(c.path, 'R');
    say("ready");
    pollfd polls[2] = {{fd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    char chunk[4096];
    while (true) {
        if (::poll(polls, 2, -1) == -1)
            continue;
        if (polls[0].revents & (POLLIN | POLLHUP)) {
            if (::read(fd, chunk, sizeof chunk) <= 0)
                polls[0].fd = -1;
        }
        if (polls[1].revents & (POLLIN | POLLHUP))
            break;
    }
    waitForQuit();
    ::close(fd);
    return 0;
}

} // namespace

int runSocketRole(const RoleArgs &args)
{
    const QString role = args.role();
    const Common c(args);
    const QString hub = args.text(u"hub"_s);
    if (role == u"qls-ping"_s)
        return qlsPing(c);
    if (role == u"qls-echo"_s)
        return qlsEcho(c);
    if (role == u"qls-send"_s)
        return qlsSend(c, hub);
    if (role == u"qls-recv"_s)
        return qlsReceive(c);
    if (role == u"qls-hub"_s)
        return qlsHub(c);
    if (role == u"qls-idle-server"_s)
        return qlsIdleServer(c);
    if (role == u"qls-idle"_s)
        return qlsIdle(c);
    if (role == u"uds-ping"_s)
        return udsPing(c);
    if (role == u"uds-echo"_s)
        return udsEcho(c);
    if (role == u"uds-send"_s)
        return udsSend(c, hub);
    if (role == u"uds-recv"_s)
        return udsReceive(c);
    if (role == u"uds-hub"_s)
        return udsHub(c);
    if (role == u"uds-idle-server"_s)
        return udsIdleServer(c);
    if (role == u"uds-idle"_s)
        return udsIdle(c);
    return -1;
}

} // namespace bench
