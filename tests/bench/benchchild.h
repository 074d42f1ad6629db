#pragma once

// A child process of a benchmark case that runs real programs (the console peer, the bridge,
// mosquitto): its stdout read line by line, blocking, with a deadline; SIGTERM, then SIGKILL, when
// it goes out of scope. Errors are thrown as Failure.

#include "benchcommon.h"

#include <QProcess>
#include <QStandardPaths>

#include <algorithm>
#include <csignal>
#include <vector>

namespace bench {

struct Failure
{
    QString what;
};

inline QString findTool(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

// A child whose stdout and stderr are read line by line, blocking, with a deadline.
class Child
{
public:
    Child(const QString &label, const QString &program, const QStringList &args, const QProcessEnvironment &env)
        : m_label(label)
    {
        m_process.setProcessEnvironment(env);
        m_process.start(program, args);
        if (!m_process.waitForStarted(10000))
            throw Failure{QStringLiteral("%1: cannot start %2").arg(label, program)};
    }
    ~Child()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    // All of it into the pipe (the child reads as it goes): nobody else turns QProcess's buffer.
    void write(const QByteArray &bytes)
    {
        m_process.write(bytes);
        const qint64 until = nowNs() + 20'000'000'000;
        while (m_process.bytesToWrite() > 0 && nowNs() < until && m_process.state() == QProcess::Running)
            m_process.waitForBytesWritten(1000);
    }
    // The next stdout line; an empty optional-like "" never comes from a child, so it means failure.
    QByteArray readLine(qint64 deadlineNs)
    {
        for (;;) {
            if (m_process.canReadLine())
                return m_process.readLine().chopped(1);
            const qint64 left = (deadlineNs - nowNs()) / 1'000'000;
            if (left <= 0 || m_process.state() == QProcess::NotRunning)
                throw Failure{QStringLiteral("%1: no output in time (stderr: %2)").arg(m_label, QString::fromUtf8(m_process.readAllStandardError()))};
            m_process.waitForReadyRead(int(std::min<qint64>(left, 1000)));
        }
    }
    // The stdout lines that are there now, without waiting.
    std::vector<QByteArray> linesNow()
    {
        std::vector<QByteArray> lines;
        m_process.waitForReadyRead(0);
        while (m_process.canReadLine())
            lines.push_back(m_process.readLine().chopped(1));
        return lines;
    }
    // Reads stderr until a line contains `text`.
    void waitForErr(const QByteArray &text, qint64 deadlineNs)
    {
        for (;;) {
            m_err += m_process.readAllStandardError();
            if (m_err.contains(text))
                return;
            const qint64 left = (deadlineNs - nowNs()) / 1'000'000;
            if (left <= 0 || m_process.state() == QProcess::NotRunning)
                throw Failure{QStringLiteral("%1: did not say \"%2\" (stderr: %3)").arg(m_label, QString::fromUtf8(text), QString::fromUtf8(m_err))};
            m_process.setReadChannel(QProcess::StandardError);
            m_process.waitForReadyRead(int(std::min<qint64>(left, 200)));
            m_process.setReadChannel(QProcess::StandardOutput);
        }
    }

private:
    QString m_label;
    QProcess m_process;
    QByteArray m_err;
};

} // namespace bench
