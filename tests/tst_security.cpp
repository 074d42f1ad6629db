// Another user on the same machine cannot join, read or write a channel of ours. Needs root to
// create that user (CI runs as root); elsewhere it skips and says why.
#include "ipckey.h"
#include "messagebus.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

#include <sys/ipc.h>
#include <sys/sem.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using testsupport::Peer;

namespace {
const QString OtherUser = u"peerchat-other"_s;
}

class TestSecurity : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init() { m_channel = testsupport::uniqueChannel("sec"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }
    void otherUserCannotUseOurDirectory();
    void otherUserCannotOpenOurObjectsByKey();
    void otherUserDoesNotSeeOurChannels();

private:
    QByteArray runAsOther(const QString &program, const QStringList &args, const QString &runtimeDir, int *code);
    QString m_channel;
    QString m_runuser;
};

void TestSecurity::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("creating a second user needs root; run the suite as root (as CI does) to test this");
    m_runuser = QStandardPaths::findExecutable(u"runuser"_s);
    const QString useradd = QStandardPaths::findExecutable(u"useradd"_s);
    if (m_runuser.isEmpty() || useradd.isEmpty())
        QSKIP("runuser or useradd is missing (util-linux, passwd)");
    if (QProcess::execute(u"id"_s, {OtherUser}) != 0
        && QProcess::execute(useradd, {u"--system"_s, u"--no-create-home"_s, u"--shell"_s, u"/usr/sbin/nologin"_s, OtherUser}) != 0)
        QSKIP("cannot create the second user peerchat-other");
    int code = -1;
    runAsOther(QStringLiteral(PEERCHAT_BINARY), {u"--version"_s}, {}, &code);
    if (code != 0)
        QSKIP("the second user cannot run the built binary (is the build directory readable by others?)");
}

QByteArray TestSecurity::runAsOther(const QString &program, const QStringList &args, const QString &runtimeDir, int *code)
{
    QStringList all{u"-u"_s, OtherUser, u"--"_s, u"env"_s};
    all << u"QT_QPA_PLATFORM=offscreen"_s;
    if (!runtimeDir.isEmpty())
        all << u"PEERCHAT_RUNTIME_DIR="_s + runtimeDir;
    // runuser is a host program; only the program it runs may need the emulator (qemu-user).
    const QString launcher = qEnvironmentVariable("PEERCHAT_TEST_LAUNCHER");
    if (!launcher.isEmpty())
        all << launcher;
    all << program << args;
    QProcess process;
    process.start(m_runuser, all);
    process.closeWriteChannel();
    if (!process.waitForFinished(testsupport::HangGuardMs)) {
        process.kill();
        process.waitForFinished();
    }
    *code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return process.readAllStandardOutput() + '\n' + process.readAllStandardError();
}

void TestSecurity::otherUserCannotUseOurDirectory()
{
    MessageBus ours(m_channel);
    QVERIFY(ours.join(u"owner"_s));
    int code = -1;
    const QByteArray out = runAsOther(QStringLiteral(PEERCHAT_BINARY), {u"--headless"_s, u"--channel"_s, m_channel},
                                      runtimedir::path(), &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains("peerchat: cannot use the runtime directory") && out.contains("belongs to user 0, not to you"),
             out.constData());
    QCOMPARE(ours.peers().size(), 1);
}

void TestSecurity::otherUserCannotOpenOurObjectsByKey()
{
    MessageBus ours(m_channel);
    QVERIFY(ours.join(u"owner"_s));
    const key_t key = ::ftok(QFile::encodeName(testsupport::segmentKeyFile(m_channel)).constData(), 'Q');
    QVERIFY(key != -1);
    // Our doorbell's semaphore id, from its record in the runtime directory.
    QFile bell(runtimedir::path() + u'/' + m_channel + u".0.bell"_s);
    QVERIFY(bell.open(QIODevice::ReadOnly));
    const QByteArray semId = bell.readLine().trimmed().split(' ').value(2);
    int code = -1;
    const QByteArray out = runAsOther(QStringLiteral(TESTPEER_BINARY),
                                      {u"probe"_s, QString::number(quint32(key), 16), QString::fromLatin1(semId)}, {}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(out.startsWith("shm EACCES sem EACCES"), out.constData());
}

void TestSecurity::otherUserDoesNotSeeOurChannels()
{
    MessageBus ours(m_channel);
    QVERIFY(ours.join(u"owner"_s));
    int code = -1;
    const QByteArray out = runAsOther(QStringLiteral(PEERCHAT_BINARY), {u"--channels"_s}, {}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(!out.contains(m_channel.toUtf8()), out.constData());
}

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
