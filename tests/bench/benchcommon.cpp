#include "benchcommon.h"

#include "messagebus.h"

#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace bench {

namespace {

constexpr char HexDigits[] = "0123456789abcdef";
constexpr int AlphabetSize = 26;

// "abc…zabc…" long enough for the largest body at any phase.
const char *alphabet()
{
    static const QByteArray text = [] {
        QByteArray bytes(MaxPayloadBytes + AlphabetSize, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = char('a' + i % AlphabetSize);
        return bytes;
    }();
    return text.constData();
}

int phase(int sender, quint64 seq)
{
    return int((seq * 7 + quint64(sender) * 11) % AlphabetSize);
}

template<typename Char>
int hexValue(Char c)
{
    const auto u = unsigned(c);
    if (u >= '0' && u <= '9')
        return int(u - '0');
    if (u >= 'a' && u <= 'f')
        return int(u - 'a' + 10);
    return -1;
}

template<typename Char>
bool parseHeader(const Char *data, int *sender, quint64 *seq)
{
    if (unsigned(data[0]) != '#' || unsigned(data[PayloadHeaderBytes - 1]) != '|')
        return false;
    const int s = hexValue(data[1]);
    if (s < 0)
        return false;
    quint64 value = 0;
    for (int i = 0; i < 16; ++i) {
        const int digit = hexValue(data[2 + i]);
        if (digit < 0)
            return false;
        value = value << 4 | quint64(digit);
    }
    *sender = s;
    *seq = value;
    return true;
}

} // namespace

qint64 nowNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void sleepUs(int microseconds)
{
    timespec ts{microseconds / 1'000'000, long(microseconds % 1'000'000) * 1000};
    while (::nanosleep(&ts, &ts) == -1) {
    }
}

void fillPayload(char *out, int size, int sender, quint64 seq)
{
    out[0] = '#';
    out[1] = HexDigits[sender & 0xf];
    for (int i = 0; i < 16; ++i)
        out[2 + i] = HexDigits[(seq >> (60 - 4 * i)) & 0xf];
    out[PayloadHeaderBytes - 1] = '|';
    std::memcpy(out + PayloadHeaderBytes, alphabet() + phase(sender, seq), std::size_t(size - PayloadHeaderBytes));
}

QByteArray makePayload(int sender, quint64 seq, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    fillPayload(bytes.data(), size, sender, seq);
    return bytes;
}

bool checkPayload(const char *data, qsizetype size, int expectedSize, int *sender, quint64 *seq)
{
    if (size != expectedSize || !parseHeader(data, sender, seq))
        return false;
    return std::memcmp(data + PayloadHeaderBytes, alphabet() + phase(*sender, *seq),
                       std::size_t(size - PayloadHeaderBytes)) == 0;
}

bool checkPayload(QStringView text, int expectedSize, int *sender, quint64 *seq)
{
    if (text.size() != expectedSize || !parseHeader(text.utf16(), sender, seq))
        return false;
    return text.mid(PayloadHeaderBytes)
        == QLatin1StringView(alphabet() + phase(*sender, *seq), expectedSize - PayloadHeaderBytes);
}

bool checkReceived(const char *data, qsizetype size, int expectedSize, int *sender, quint64 *seq, bool text)
{
    if (!text)
        return checkPayload(data, size, expectedSize, sender, seq);
    if (!MessageBus::isValidUtf8(QByteArrayView(data, size)))
        return false;
    const QString decoded = QString::fromUtf8(data, size);
    return checkPayload(decoded, expectedSize, sender, seq);
}

StreamChecker::StreamChecker(int senders, quint64 perSender)
    : m_next(std::size_t(senders), 0)
    , m_total(perSender * quint64(senders))
    , m_window(std::max<quint64>(1, m_total / 100))
{
    m_stamps.reserve(std::size_t(m_total / m_window + 2));
}

bool StreamChecker::accept(int sender, quint64 seq)
{
    if (sender < 0 || std::size_t(sender) >= m_next.size()) {
        m_error = u"message from unknown sender %1 (seq %2)"_s.arg(sender).arg(seq);
        return false;
    }
    if (seq != m_next[std::size_t(sender)]) {
        m_error = u"out of order from sender %1: got seq %2, expected %3 (after %4 messages)"_s
                      .arg(sender).arg(seq).arg(m_next[std::size_t(sender)]).arg(m_count);
        return false;
    }
    if (m_count >= m_total) {
        m_error = u"more messages than sent (seq %1 from sender %2)"_s.arg(seq).arg(sender);
        return false;
    }
    ++m_next[std::size_t(sender)];
    for (const quint64 word : {quint64(sender), seq}) {
        for (int i = 0; i < 8; ++i) {
            m_hash ^= (word >> (8 * i)) & 0xff;
            m_hash *= 1099511628211ull;
        }
    }
    // The clock only where a time is kept (the first, each window's end, the last): a clock read
    // per message costs 20-40 ns in this VM, as much as a socket's whole per-message work here.
    ++m_count;
    const bool windowEnd = m_count % m_window == 0;
    if (m_count == 1 || windowEnd || m_count == m_total) {
        const qint64 now = nowNs();
        if (m_count == 1)
            m_first = now;
        if (windowEnd)
            m_stamps.push_back(now);
        m_last = now;
    }
    return true;
}

QByteArray StreamChecker::resultLine() const
{
    QByteArray windows;
    for (std::size_t i = 1; i < m_stamps.size(); ++i) {
        if (!windows.isEmpty())
            windows += ',';
        windows += QByteArray::number(m_stamps[i] - m_stamps[i - 1]);
    }
    return "result count=" + QByteArray::number(m_count) + " first=" + QByteArray::number(m_first)
        + " last=" + QByteArray::number(m_last) + " hash=" + QByteArray::number(m_hash, 16)
        + " window=" + QByteArray::number(m_window) + " windows=" + (windows.isEmpty() ? "-" : windows);
}

void say(const QByteArray &line)
{
    const QByteArray data = line + '\n';
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, std::size_t(left));
        if (n <= 0)
            return;   // the orchestrator is gone
        p += n;
        left -= n;
    }
}

QByteArray readLineBlocking()
{
    QByteArray line;
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1) {
        if (c == '\n')
            return line;
        line += c;
    }
    return line;
}

void complain(const QString &why)
{
    const QByteArray text = "peerchat-bench[" + QByteArray::number(qint64(::getpid())) + "]: " + why.toLocal8Bit() + '\n';
    (void)!::write(STDERR_FILENO, text.constData(), std::size_t(text.size()));
}

void die(const QString &why)
{
    complain(why);
    std::_Exit(3);
}

sockaddr_un udsAddress(const QString &path)
{
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray native = QFile::encodeName(path);
    if (std::size_t(native.size()) >= sizeof address.sun_path)
        die(QStringLiteral("socket path too long: %1").arg(path));
    std::memcpy(address.sun_path, native.constData(), std::size_t(native.size()));
    return address;
}

bool writeAll(int fd, const char *data, std::size_t length)
{
    while (length > 0) {
        const ssize_t n = ::write(fd, data, length);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        length -= std::size_t(n);
    }
    return true;
}

int udsConnect(const QString &path, char hello)
{
    const sockaddr_un address = udsAddress(path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1 || ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == -1)
        die(QStringLiteral("cannot connect to %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (hello && !writeAll(fd, &hello, 1))
        die(QStringLiteral("write failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    return fd;
}

QHash<QByteArray, QByteArray> parseFields(const QByteArray &line)
{
    QHash<QByteArray, QByteArray> fields;
    const QList<QByteArray> words = line.split(' ');
    for (const QByteArray &word : words) {
        const qsizetype eq = word.indexOf('=');
        if (eq > 0)
            fields.insert(word.left(eq), word.mid(eq + 1));
    }
    return fields;
}

ControlChannel::ControlChannel(QObject *parent)
    : QObject(parent)
    , m_notifier(std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read))
{
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &ControlChannel::readAvailable);
}

ControlChannel::~ControlChannel() = default;

void ControlChannel::readAvailable()
{
    char chunk[256];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        emit lineReceived("quit");   // the orchestrator is gone: leave cleanly
        return;
    }
    m_buffer.append(chunk, n);
    qsizetype newline = 0;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        emit lineReceived(line);
    }
}

void quitOnRequest(ControlChannel &control, std::function<void()> onGo)
{
    QObject::connect(&control, &ControlChannel::lineReceived, &control,
                     [onGo = std::move(onGo)](const QByteArray &line) {
                         if (line == "quit")
                             QCoreApplication::exit(0);
                         else if (line == "go" && onGo)
                             onGo();
                     });
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(p / 100.0 * double(values.size()));
    const std::size_t index = std::clamp<std::size_t>(std::size_t(std::max(rank, 1.0)) - 1, 0, values.size() - 1);
    return values[index];
}

RoleArgs RoleArgs::parse(const QStringList &arguments)
{
    RoleArgs args;
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        QString key = arguments.at(i);
        if (key.startsWith(u"--"_s))
            key.remove(0, 2);
        args.m_values.insert(key, arguments.at(i + 1));
    }
    return args;
}

QString RoleArgs::role() const
{
    return text(u"role"_s);
}

QString RoleArgs::text(const QString &key, const QString &fallback) const
{
    return m_values.value(key, fallback);
}

qint64 RoleArgs::number(const QString &key, qint64 fallback) const
{
    bool ok = false;
    const qint64 value = m_values.value(key).toLongLong(&ok);
    return ok ? value : fallback;
}

} // namespace bench
