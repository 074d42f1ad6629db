#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QProcess;

namespace bench {

// A failed run: a child broke a message, exited early, or did not answer in time.
struct BenchFailure
{
    QString what;
};

// The child processes of one run. The destructor asks every child still running to quit, then
// kills (by its own PID, through QProcess) and reaps those that do not.
class ProcessGroup
{
public:
    explicit ProcessGroup(qint64 timeoutMs);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup &) = delete;
    ProcessGroup &operator=(const ProcessGroup &) = delete;

    int start(const QString &label, const QStringList &arguments);
    // The first line from child `index` that starts with `prefix`; throws BenchFailure if the child
    // exits first or the run's deadline passes.
    QByteArray waitFor(int index, const QByteArray &prefix);
    void send(int index, const QByteArray &line);
    qint64 pid(int index) const;
    // Says "quit" to all, waits for every exit and throws unless each one exited with 0.
    void finish();

private:
    void shutdown();
    struct Child
    {
        QString label;
        std::unique_ptr<QProcess> process;
        qint64 pid = 0;
    };
    std::vector<Child> m_children;
    QElapsedTimer m_clock;
    qint64 m_timeoutMs;
};

} // namespace bench
