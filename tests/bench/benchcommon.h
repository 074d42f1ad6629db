#pragma once

// Shared pieces of peerchat-bench: the clock, the checked payload, the order checker, the
// line protocol between the orchestrator and its child processes, and percentiles.

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringView>

#include <cstddef>
#include <functional>
#include <memory>
#include <sys/un.h>
#include <vector>

class QSocketNotifier;

namespace bench {

// CLOCK_MONOTONIC in ns: one clock for every process on the machine, so a sender's start and a
// receiver's finish can be subtracted.
qint64 nowNs();
void sleepUs(int microseconds);

// --- Payload ------------------------------------------------------------------------------------
// Exactly `size` bytes of ASCII (valid UTF-8): "#" + sender (1 hex digit) + seq (16 hex digits)
// + "|" + a rotating a..z pattern whose phase depends on sender and seq.
constexpr int PayloadHeaderBytes = 19;
constexpr int MinPayloadBytes = 64;
constexpr int MaxPayloadBytes = 64 * 1024;

void fillPayload(char *out, int size, int sender, quint64 seq);
QByteArray makePayload(int sender, quint64 seq, int size);
// Parse the header and check that every byte is what fillPayload() would have written.
bool checkPayload(const char *data, qsizetype size, int expectedSize, int *sender, quint64 *seq);
bool checkPayload(QStringView text, int expectedSize, int *sender, quint64 *seq);
// What a receiver does with a message it got as bytes. Text cases (`text`): what a chat receiver
// must do, as the bus does for every text message: check the UTF-8 (strictly, as the bus does),
// turn it into a QString, check that. Bytes cases: check the bytes where they are.
bool checkReceived(const char *data, qsizetype size, int expectedSize, int *sender, quint64 *seq, bool text);
// The type tag of the bytes cases' messages (MessageBus::sendBytes()).
constexpr quint16 PayloadType = 0xbe;

// --- Receiver-side bookkeeping --------------------------------------------------------------------
// Checks that each sender's sequence numbers arrive as 0, 1, 2, ... and hashes the interleaving
// (sender, seq) so that receivers can prove they saw the same total order. Stamps the clock every
// `window` messages, for the slow-side (p99) rate.
class StreamChecker
{
public:
    StreamChecker(int senders, quint64 perSender);
    // Returns false (and sets errorString()) on the first out-of-order or unexpected message.
    bool accept(int sender, quint64 seq);
    bool isDone() const { return m_count == m_total; }
    quint64 count() const { return m_count; }
    QString errorString() const { return m_error; }
    QByteArray resultLine() const;   // "result count=… first=… last=… hash=… window=… windows=…"

private:
    std::vector<quint64> m_next;
    quint64 m_total;
    quint64 m_count = 0;
    quint64 m_window;
    quint64 m_hash = 1469598103934665603ull;   // FNV-1a 64
    qint64 m_first = 0;
    qint64 m_last = 0;
    std::vector<qint64> m_stamps;
    QString m_error;
};

// --- Orchestrator <-> child line protocol ---------------------------------------------------------
// A child prints "listening", "ready", "result k=v …" on stdout; it reads "go" and "quit" on stdin.
void say(const QByteArray &line);
QByteArray readLineBlocking();                       // from stdin; "" at end of input
[[noreturn]] void die(const QString &why);             // for children without a bus: stderr, exit 3
void complain(const QString &why);                     // stderr only
QHash<QByteArray, QByteArray> parseFields(const QByteArray &line);

// --- Plain Unix-domain sockets (the Unix socket roles, the file-256m socket roles) ---------------
sockaddr_un udsAddress(const QString &path);          // dies when the path is too long
int udsConnect(const QString &path, char hello = 0);  // dies when it cannot; sends `hello` unless 0
bool writeAll(int fd, const char *data, std::size_t length);   // false on an error (errno says why)

// Reads stdin lines in an event loop.
class ControlChannel : public QObject
{
    Q_OBJECT
public:
    explicit ControlChannel(QObject *parent = nullptr);
    ~ControlChannel() override;

signals:
    void lineReceived(const QByteArray &line);

private:
    void readAvailable();
    std::unique_ptr<QSocketNotifier> m_notifier;
    QByteArray m_buffer;
};

// What a child without a bus does with the orchestrator's lines: "quit" ends the event loop with
// exit code 0; "go" calls onGo, if there is one.
void quitOnRequest(ControlChannel &control, std::function<void()> onGo = {});

// --- Statistics -------------------------------------------------------------------------------------
double percentile(std::vector<double> values, double p);   // p in [0, 100], nearest rank

// The arguments of a child role: "--role NAME --key value …".
class RoleArgs
{
public:
    static RoleArgs parse(const QStringList &arguments);
    QString role() const;
    QString text(const QString &key, const QString &fallback = {}) const;
    qint64 number(const QString &key, qint64 fallback = 0) const;

private:
    QHash<QString, QString> m_values;
};

} // namespace bench
