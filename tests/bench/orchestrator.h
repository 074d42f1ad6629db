#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace bench {

struct Settings
{
    int repeats = 5;
    bool quick = false;
    bool json = false;
    int pauseUs = 300;          // between pings: the receiver really falls asleep
    QStringList cases;          // empty: all
    QStringList systems;        // empty: all (bus, qls-flush, qls-batched, uds, floor); idle runs all
    QString busApi = QStringLiteral("direct");   // the bus receivers' API in tput/size: direct, batch, signal
    int busBatch = 32;          // the bus senders in tput/size: messages per sendUtf8Batch() (1: sendUtf8())
    bool busSendersRead = false;   // the bus senders in tput/size: full peers (drop what they read) instead of Delivery::None
};

// Runs the cases (each repeat runs every system once, so drift hits all systems alike), then
// prints the table (or JSON lines) and the goals of issue 6.
class Orchestrator
{
public:
    explicit Orchestrator(const Settings &settings);
    int run();
    static QStringList caseNames();
    static QStringList systemKeys();

private:
    // Floor: the bus's doorbell and watcher thread alone (latency cases only, floorroles.cpp).
    enum class System { Bus, LocalFlush, LocalBatched, Unix, Floor };
    struct Sample
    {
        double median = 0;
        double p99 = 0;
    };
    struct Row
    {
        QString caseName;
        System system;
        QString unit;
        bool lowerIsBetter = false;
        std::vector<Sample> samples;
        double median() const;
        double p99() const;
        double minimum() const;
        double maximum() const;
    };
    struct Rate
    {
        double perReceiver = 0;   // messages/s that every receiver got
        double slow = 0;          // slow side: 1st percentile of the window rates
    };

    static QString systemName(System system);
    Row &row(const QString &caseName, System system, const QString &unit, bool lowerIsBetter);
    const Row *findRow(const QString &caseName, System system) const;
    bool wanted(const QString &caseName) const;
    bool wanted(System system) const;
    qint64 messagesFor(System system, int size) const;

    int runCases();
    void runLatency(const QString &caseName, bool eventLoop);
    void runRate(const QString &caseName, int senders, int receivers, int size, bool bytes = false);
    void runIdle();
    void runWindowFlood();
    Sample latency(System system, bool eventLoop);
    Rate rate(System system, int senders, int receivers, int size, qint64 perSender, bool bytes);

    QString newChannel();
    QString newSocketPath();
    void progress(const QString &text) const;
    void printTable() const;
    void printGoals() const;

    Settings m_settings;
    std::vector<Row> m_rows;
    QString m_runtimeDir;
    int m_counter = 0;
    int m_repeat = 0;
    QStringList m_failures;   // goals that make the run fail but not stop (window-flood losses)
};

} // namespace bench
