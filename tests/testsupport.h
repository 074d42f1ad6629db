#pragma once

// Shared by the bus tests: unique channel names, starting real peer processes (through
// PEERCHAT_TEST_LAUNCHER, e.g. qemu-aarch64-static, when it is set), waiting for their lines,
// and checking that a channel left no System V object behind.

#include "channelsegment.h"
#include "ipckey.h"
#include "peerprocess.h"
#include "runtimedir.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>
#include <memory>

namespace testsupport {

// Long enough for a hang guard under sanitizers and qemu; never a speed limit.
constexpr int HangGuardMs = 120'000;

inline QString uniqueChannel(const char *tag)
{
    static int counter = 0;
    return QStringLiteral("t%1-%2-%3").arg(QCoreApplication::applicationPid()).arg(++counter).arg(QLatin1String(tag));
}

// The kernel says the process is stopped (state T: SIGSTOP took effect).
inline bool processStopped(qint64 pid)
{
    return peerprocess::state(pid, peerprocess::startTime(pid)) == peerprocess::State::Stopped;
}

// The SHA-256 of a file's bytes, in hex; empty when it cannot be read.
inline QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result().toHex() : QByteArray();
}

inline QString segmentKeyFile(const QString &channel)
{
    return ChannelSegment::segmentKeyFile(runtimedir::path(), channel);
}

inline bool segmentExists(const QString &channel)
{
    return ipckey::segmentAttachCount(segmentKeyFile(channel)) != -1;
}

// Removes what a failed test may have left; returns true when there was nothing to remove.
inline bool removeChannelLeftovers(const QString &channel)
{
    if (!segmentExists(channel))
        return true;
    ipckey::removeSegment(segmentKeyFile(channel));
    return false;
}

// A child peer process; killed and reaped when it goes out of scope.
class Peer
{
public:
    Peer() { m_process.setProcessChannelMode(QProcess::SeparateChannels); }
    ~Peer() { kill(); }

    void start(const QString &binary, const QStringList &arguments, const QProcessEnvironment &env = {})
    {
        const QString launcher = qEnvironmentVariable("PEERCHAT_TEST_LAUNCHER");
        if (!env.isEmpty())
            m_process.setProcessEnvironment(env);
        if (launcher.isEmpty())
            m_process.start(binary, arguments);
        else
            m_process.start(launcher, QStringList{binary} + arguments);
    }
    QProcess &process() { return m_process; }
    qint64 pid() const { return m_process.processId(); }

    // Waits until stdout has a line starting with `prefix`; returns it (empty if the process
    // ended first or the hang guard fired). Lines before it are kept in output().
    QByteArray waitForLine(const QByteArray &prefix, int timeoutMs = HangGuardMs)
    {
        QByteArray found;
        (void)QTest::qWaitFor([&] {
            readAvailable();
            for (qsizetype i = m_scanned; i < m_lines.size(); ++i) {
                if (m_lines.at(i).startsWith(prefix)) {
                    found = m_lines.at(i);
                    m_scanned = i + 1;
                    return true;
                }
            }
            m_scanned = m_lines.size();
            return m_process.state() == QProcess::NotRunning && !m_process.bytesAvailable();
        }, timeoutMs);
        return found;
    }
    bool waitForFinished(int timeoutMs = HangGuardMs)
    {
        const bool done = QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
        readAvailable();
        return done;
    }
    bool exitedWith(int code) const
    {
        return m_process.state() == QProcess::NotRunning && m_process.exitStatus() == QProcess::NormalExit
            && m_process.exitCode() == code;
    }
    QList<QByteArray> lines()
    {
        readAvailable();
        return m_lines;
    }
    QByteArray standardError()
    {
        m_stderr += m_process.readAllStandardError();
        return m_stderr;
    }
    void write(const QByteArray &bytes) { m_process.write(bytes); }
    void closeInput() { m_process.closeWriteChannel(); }
    void signal(int sig)
    {
        if (m_process.processId() > 0)
            ::kill(pid_t(m_process.processId()), sig);
    }
    void kill()
    {
        if (m_process.state() != QProcess::NotRunning) {
            signal(SIGCONT);
            m_process.kill();
            m_process.waitForFinished(HangGuardMs);
        }
    }

private:
    void readAvailable()
    {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype at;
        while ((at = m_buffer.indexOf('\n')) >= 0) {
            m_lines.append(m_buffer.left(at));
            m_buffer.remove(0, at + 1);
        }
        if (m_process.state() == QProcess::NotRunning && !m_buffer.isEmpty()) {
            m_lines.append(m_buffer);
            m_buffer.clear();
        }
    }

    QProcess m_process;
    QByteArray m_buffer;
    QByteArray m_stderr;
    QList<QByteArray> m_lines;
    qsizetype m_scanned = 0;
};

} // namespace testsupport
