#include "processgroup.h"

#include <QCoreApplication>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace bench {

ProcessGroup::ProcessGroup(qint64 timeoutMs)
    : m_timeoutMs(timeoutMs)
{
    m_clock.start();
}

ProcessGroup::~ProcessGroup()
{
    shutdown();
}

int ProcessGroup::start(const QString &label, const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Under qemu-user an emulated process cannot exec an arm64 binary itself: go through the
    // launcher the tests use (scripts/arm64.sh sets it).
    const QString launcher = qEnvironmentVariable("PEERCHAT_TEST_LAUNCHER");
    if (launcher.isEmpty())
        process->start(QCoreApplication::applicationFilePath(), arguments);
    else
        process->start(launcher, QStringList{QCoreApplication::applicationFilePath()} + arguments);
    if (!process->waitForStarted(10000))
        throw BenchFailure{u"cannot start %1: %2"_s.arg(label, process->errorString())};
    const qint64 pid = process->processId();
    m_children.push_back({label, std::move(process), pid});
    return int(m_children.size()) - 1;
}

QByteArray ProcessGroup::waitFor(int index, const QByteArray &prefix)
{
    Child &child = m_children.at(std::size_t(index));
    QProcess &process = *child.process;
    while (true) {
        while (process.canReadLine()) {
            const QByteArray line = process.readLine().trimmed();
            if (line.startsWith(prefix))
                return line;
        }
        if (process.state() == QProcess::NotRunning) {
            throw BenchFailure{u"%1 (pid %2) exited with code %3 before it said \"%4\""_s.arg(child.label)
                                   .arg(child.pid).arg(process.exitCode()).arg(QString::fromLatin1(prefix))};
        }
        const qint64 left = m_timeoutMs - m_clock.elapsed();
        if (left <= 0)
            throw BenchFailure{u"%1 did not say \"%2\" within %3 s"_s.arg(child.label, QString::fromLatin1(prefix))
                                   .arg(m_timeoutMs / 1000)};
        process.waitForReadyRead(int(std::min<qint64>(left, 200)));
    }
}

void ProcessGroup::send(int index, const QByteArray &line)
{
    QProcess &process = *m_children.at(std::size_t(index)).process;
    process.write(line + '\n');
    process.waitForBytesWritten(1000);
}

qint64 ProcessGroup::pid(int index) const
{
    return m_children.at(std::size_t(index)).pid;
}

void ProcessGroup::finish()
{
    for (Child &child : m_children) {
        if (child.process->state() != QProcess::NotRunning) {
            child.process->write("quit\n");
            child.process->waitForBytesWritten(1000);
        }
    }
    QString failures;
    for (Child &child : m_children) {
        QProcess &process = *child.process;
        const qint64 left = std::max<qint64>(m_timeoutMs - m_clock.elapsed(), 5000);
        if (!process.waitForFinished(int(left))) {
            failures += u"%1 (pid %2) did not quit; "_s.arg(child.label).arg(child.pid);
            continue;
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            failures += u"%1 exited with %2 %3; "_s.arg(child.label,
                                                     process.exitStatus() == QProcess::NormalExit ? u"code"_s : u"signal"_s)
                            .arg(process.exitCode());
    }
    if (!failures.isEmpty())
        throw BenchFailure{failures};
}

void ProcessGroup::shutdown()
{
    for (Child &child : m_children) {
        if (child.process->state() != QProcess::NotRunning) {
            child.process->write("quit\n");
            child.process->waitForBytesWritten(500);
        }
    }
    for (Child &child : m_children) {
        QProcess &process = *child.process;
        if (process.state() == QProcess::NotRunning)
            continue;
        if (!process.waitForFinished(3000)) {
            process.kill();   // SIGKILL to this child's own PID
            process.waitForFinished(3000);
        }
    }
    m_children.clear();
}

} // namespace bench
