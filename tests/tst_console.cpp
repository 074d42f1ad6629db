// The console peer's contract (README, "Console peer"), checked on real peerchat processes.
#include "messagebus.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using testsupport::Peer;

class TestConsole : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("con"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void chatsLikeTheSample();
    void escapesTextSoOneMessageIsOneLine();
    void printsJson();
    void showsBinaryMessages();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void helpAndVersion();
    void lastMessageBeforeExitIsDelivered();
    void leavesCleanly_data();
    void leavesCleanly();
    void refusesBadLinesAndCarriesOn();
    void peersMeetWhateverTheirTmpdir();
    void consoleLoadsNoGuiLibrary();
    void windowComesFromItsModule();
    void missingWindowModuleIsExplained();
    void windowTerminatedWhileStartingLeaves();
    void windowChecksItsArgumentsFirst_data();
    void windowChecksItsArgumentsFirst();
    void windowWithoutDisplaySaysWhatToDo_data();
    void windowWithoutDisplaySaysWhatToDo();

private:
    void startConsole(Peer &peer, const QString &name, const QStringList &extra = {}, const QProcessEnvironment &env = {})
    {
        peer.start(QStringLiteral(PEERCHAT_BINARY),
                   QStringList{u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, name} + extra, env);
    }
    QString m_channel;
};

// The console peer is Qt Core only (its memory budget on a device): no GUI library is mapped.
void TestConsole::consoleLoadsNoGuiLibrary()
{
    Peer peer;
    startConsole(peer, u"lean"_s);
    QVERIFY(peer.waitForLine("Enter") == "Enter text to send to peer(s)");
    QFile maps(u"/proc/%1/maps"_s.arg(peer.pid()));   // under qemu-user: the emulator's maps, guest libraries included
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray mapped = maps.readAll();
    QVERIFY(mapped.contains("libQt6Core"));
    QVERIFY2(!mapped.contains("libQt6Gui") && !mapped.contains("libQt6Widgets") && !mapped.contains("peerchat-gui"),
             "the console peer mapped a GUI library");
    peer.write("exit\n");
    QVERIFY(peer.waitForFinished());
    QVERIFY(peer.exitedWith(0));
}

// Without --headless the binary loads peerchat-gui.so and opens a window that joins the bus
// (offscreen here); SIGTERM closes it and it leaves.
void TestConsole::windowComesFromItsModule()
{
    Peer watcher;
    startConsole(watcher, u"watcher"_s);
    QVERIFY(watcher.waitForLine("Enter") == "Enter text to send to peer(s)");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"PEERCHAT_TIMING"_s, u"1"_s);
    Peer window;
    window.start(QStringLiteral(PEERCHAT_BINARY), {u"--channel"_s, m_channel, u"--name=window"_s}, env);
    QVERIFY(watcher.waitForLine("* window joined") == "* window joined");
    QVERIFY(QTest::qWaitFor([&] { return window.standardError().contains("window shown"); }, testsupport::HangGuardMs));
    window.signal(SIGTERM);
    QVERIFY(window.waitForFinished());
    QVERIFY2(window.exitedWith(0), window.standardError().constData());
    QVERIFY(watcher.waitForLine("* window left") == "* window left");
    watcher.write("exit\n");
    QVERIFY(watcher.waitForFinished());
}

// SIGTERM while the window is still joining (held there by a failpoint) is handled once the
// event loop runs: the peer leaves (exit 0, "left"), instead of dying by the signal (143).
void TestConsole::windowTerminatedWhileStartingLeaves()
{
    Peer watcher;
    startConsole(watcher, u"watcher"_s);
    QVERIFY(watcher.waitForLine("Enter") == "Enter text to send to peer(s)");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"PEERCHAT_FAILPOINT"_s, u"before-joined-record:once*sleep(1000)"_s);
    Peer window;
    window.start(QStringLiteral(PEERCHAT_BINARY), {u"--channel"_s, m_channel, u"--name=early"_s}, env);
    QVERIFY(QTest::qWaitFor([&] { return window.standardError().contains("failpoint before-joined-record"); },
                            testsupport::HangGuardMs));
    window.signal(SIGTERM);
    QVERIFY(window.waitForFinished());
    QVERIFY2(window.exitedWith(0), window.standardError().constData());
    QVERIFY(watcher.waitForLine("* early left") == "* early left");
    watcher.write("exit\n");
    QVERIFY(watcher.waitForFinished());
}

// A binary copied without its module says what is missing, and the console peer still works.
void TestConsole::missingWindowModuleIsExplained()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString lonely = dir.filePath(u"peerchat"_s);
    QVERIFY(QFile::copy(QStringLiteral(PEERCHAT_BINARY), lonely));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    Peer window;
    window.start(lonely, {u"--channel"_s, m_channel, u"--name=window"_s}, env);
    QVERIFY(window.waitForFinished());
    QVERIFY(window.exitedWith(1));
    const QByteArray error = window.standardError();
    QVERIFY2(error.startsWith("peerchat: the window module peerchat-gui.so is neither next to ") && error.contains("--headless"),
             error.constData());
    QVERIFY(!testsupport::segmentExists(m_channel));
    Peer console;
    console.start(lonely, {u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, u"alone"_s});
    QVERIFY(console.waitForLine("Enter") == "Enter text to send to peer(s)");
    console.write("exit\n");
    QVERIFY(console.waitForFinished());
    QVERIFY(console.exitedWith(0));
}

// An SSH session or a device without X: no display. The window's arguments are checked before
// any display is opened, with the console's exit code 2...
namespace {
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        env.remove(name);
    return env;
}
} // namespace

void TestConsole::windowChecksItsArgumentsFirst_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("bad channel") << QStringList{u"--channel"_s, u"a/b"_s} << QByteArray("not a valid channel name");
    QTest::newRow("bad name") << QStringList{u"--name"_s, u"  "_s} << QByteArray("name is empty");
    QTest::newRow("demo 9") << QStringList{u"--demo"_s, u"9"_s} << QByteArray("--demo needs");
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << QByteArray("frobnicate");
    QTest::newRow("after Qt's own options") << QStringList{u"-platform"_s, u"offscreen"_s, u"-style=fusion"_s,
                                                           u"--channel"_s, u"a b"_s}
                                            << QByteArray("not a valid channel name");
}

void TestConsole::windowChecksItsArgumentsFirst()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, says);
    Peer window;
    window.start(QStringLiteral(PEERCHAT_BINARY), arguments, withoutDisplay());
    QVERIFY(window.waitForFinished());
    QVERIFY2(window.exitedWith(2), window.standardError().constData());
    const QByteArray error = window.standardError();
    QVERIFY2(error.startsWith("peerchat: ") && error.contains(says) && !error.contains("display"), error.constData());
}

// ... and when no platform can start, one line says what to do, exit code 1 (no abort, no core).
void TestConsole::windowWithoutDisplaySaysWhatToDo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QByteArray>("cause");
    QTest::newRow("window") << QStringList{} << QString() << QByteArray("could not connect to display");
    QTest::newRow("demo") << QStringList{u"--demo"_s, u"3"_s} << QString() << QByteArray("could not connect to display");
    QTest::newRow("unknown platform") << QStringList{u"-platform"_s, u"nosuch"_s} << QString() << QByteArray("nosuch");
    QTest::newRow("QT_QPA_PLATFORM") << QStringList{} << u"nosuch"_s << QByteArray("QT_QPA_PLATFORM=nosuch");
}

void TestConsole::windowWithoutDisplaySaysWhatToDo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, platform);
    QFETCH(QByteArray, cause);
    QProcessEnvironment env = withoutDisplay();
    if (!platform.isEmpty())
        env.insert(u"QT_QPA_PLATFORM"_s, platform);
    Peer window;
    window.start(QStringLiteral(PEERCHAT_BINARY), QStringList{u"--channel"_s, m_channel} + arguments, env);
    QVERIFY(window.waitForFinished());
    const QByteArray error = window.standardError();
    QVERIFY2(window.exitedWith(1), error.constData());
    const QList<QByteArray> lines = error.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().startsWith("peerchat: cannot open a window (") && error.contains(cause)
                 && error.contains("-platform eglfs, linuxfb or vnc") && error.contains("--headless"),
             error.constData());
    QVERIFY(!testsupport::segmentExists(m_channel));
}

void TestConsole::chatsLikeTheSample()
{
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--receive"_s, u"3"_s});
    QCOMPARE(bob.waitForLine("Enter"), QByteArray("Enter text to send to peer(s)"));
    bob.closeInput();   // bob leaves once he has received 3 messages
    Peer anna;
    startConsole(anna, u"anna"_s);
    QVERIFY(anna.waitForLine("Enter") == "Enter text to send to peer(s)");
    anna.write("hello\ngrüße ✓ 你好 مرحبا 👋\nlast one\n");
    QVERIFY(bob.waitForFinished());
    QVERIFY2(bob.exitedWith(0), bob.standardError().constData());
    const QList<QByteArray> expected = {
        "Enter text to send to peer(s)", "* anna joined", "Received: anna:hello",
        "Received: anna:grüße ✓ 你好 مرحبا 👋", "Received: anna:last one",
    };
    QCOMPARE(bob.lines(), expected);
    anna.write("exit\n");
    QVERIFY(anna.waitForFinished());
    QVERIFY2(anna.exitedWith(0), anna.standardError().constData());
    QCOMPARE(anna.lines(), QList<QByteArray>({"Enter text to send to peer(s)", "* bob left"}));
}

void TestConsole::escapesTextSoOneMessageIsOneLine()
{
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--receive"_s, u"1"_s});
    QVERIFY(bob.waitForLine("Enter") == "Enter text to send to peer(s)");
    bob.closeInput();
    MessageBus tester(m_channel);
    QVERIFY(tester.join(u"tester"_s));
    QVERIFY(tester.send(u"two\nlines \\ back\tslash \x1b[31mred\x07 \u202Eabc nul:"_s + QChar(0) + u"."_s));
    QVERIFY(bob.waitForFinished());
    QVERIFY(bob.exitedWith(0));
    QCOMPARE(bob.lines().value(2),
             QByteArray("Received: tester:two\\nlines \\\\ back\\tslash \\x1b[31mred\\x07 \\u{202e}abc nul:\\x00."));
    tester.leave();
}

void TestConsole::printsJson()
{
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--json"_s, u"--receive"_s, u"1"_s});
    const QByteArray ready = bob.waitForLine("{");
    QCOMPARE(QJsonDocument::fromJson(ready).object().value(u"event"_s).toString(), u"ready"_s);
    bob.closeInput();
    {
        MessageBus anna(m_channel);
        QVERIFY(anna.join(u"anna"_s));
        QVERIFY(anna.send(u"hi \"there\"\n😀"_s));
        QVERIFY(bob.waitForFinished());
    }
    QVERIFY(bob.exitedWith(0));
    const QList<QByteArray> lines = bob.lines();
    QCOMPARE(lines.size(), 3);
    const QJsonObject joined = QJsonDocument::fromJson(lines.at(1)).object();
    QCOMPARE(joined.value(u"event"_s).toString(), u"joined"_s);
    QCOMPARE(joined.value(u"name"_s).toString(), u"anna"_s);
    const QJsonObject message = QJsonDocument::fromJson(lines.at(2)).object();
    QCOMPARE(message.value(u"event"_s).toString(), u"message"_s);
    QCOMPARE(message.value(u"from"_s).toString(), u"anna"_s);
    QCOMPARE(message.value(u"text"_s).toString(), u"hi \"there\"\n😀"_s);
    QVERIFY(message.value(u"seq"_s).toInteger() > 0);
    QVERIFY(QDateTime::fromString(message.value(u"time"_s).toString(), Qt::ISODateWithMs).isValid());
}

// A binary message is never printed as text: plain "* NAME sent binary data (N bytes, type T)",
// JSON "binary":true with its type and size and no "text"; text around it stays as it was.
void TestConsole::showsBinaryMessages()
{
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--receive"_s, u"3"_s});
    QCOMPARE(bob.waitForLine("Enter"), QByteArray("Enter text to send to peer(s)"));
    bob.closeInput();
    Peer carl;
    startConsole(carl, u"carl"_s, {u"--json"_s, u"--receive"_s, u"3"_s});
    QVERIFY(carl.waitForLine("{").contains("ready"));
    carl.closeInput();
    {
        MessageBus anna(m_channel);
        QVERIFY(anna.join(u"anna"_s));
        QVERIFY(anna.send(u"before"_s));
        QVERIFY(anna.sendBytes(7, QByteArray("\xff\x00\nbin\x1b[31m", 10)));
        QVERIFY(anna.send(u"after"_s));
        QVERIFY(bob.waitForFinished());
        QVERIFY(carl.waitForFinished());
    }
    QVERIFY2(bob.exitedWith(0), bob.standardError().constData());
    QVERIFY2(carl.exitedWith(0), carl.standardError().constData());
    QList<QByteArray> annas;
    const QList<QByteArray> bobLines = bob.lines();
    for (const QByteArray &line : bobLines) {
        if (line.contains("anna"))
            annas += line;
    }
    QCOMPARE(annas, QList<QByteArray>({"* anna joined", "Received: anna:before",
                                       "* anna sent binary data (10 bytes, type 7)", "Received: anna:after"}));
    QList<QJsonObject> messages;
    const QList<QByteArray> carlLines = carl.lines();
    for (const QByteArray &line : carlLines) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(u"event"_s).toString() == u"message"_s)
            messages += object;
    }
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(0).value(u"text"_s).toString(), u"before"_s);
    QVERIFY(!messages.at(0).contains(u"binary"_s));
    const QJsonObject binary = messages.at(1);
    QCOMPARE(binary.value(u"from"_s).toString(), u"anna"_s);
    QCOMPARE(binary.value(u"binary"_s).toBool(), true);
    QCOMPARE(binary.value(u"type"_s).toInt(), 7);
    QCOMPARE(binary.value(u"size"_s).toInt(), 10);
    QVERIFY(!binary.contains(u"text"_s));
    QVERIFY(binary.value(u"seq"_s).toInteger() > messages.at(0).value(u"seq"_s).toInteger());
    QCOMPARE(messages.at(2).value(u"text"_s).toString(), u"after"_s);
}

void TestConsole::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("unknown option") << QStringList{u"--headless"_s, u"--frobnicate"_s} << QByteArray("frobnicate");
    QTest::newRow("bad channel") << QStringList{u"--headless"_s, u"--channel"_s, u"a/b"_s} << QByteArray("not a valid channel name");
    QTest::newRow("long channel") << QStringList{u"--headless"_s, u"--channel"_s, QString(65, u'c')} << QByteArray("not a valid channel name");
    QTest::newRow("empty name") << QStringList{u"--headless"_s, u"--name"_s, u"  "_s} << QByteArray("name is empty");
    QTest::newRow("long name") << QStringList{u"--headless"_s, u"--name"_s, QString(1000, u'n')} << QByteArray("1000 characters");
    QTest::newRow("rtl name") << QStringList{u"--headless"_s, u"--name"_s, u"a\u202Eb"_s} << QByteArray("text-direction");
    QTest::newRow("bad receive") << QStringList{u"--headless"_s, u"--receive"_s, u"many"_s} << QByteArray("--receive");
    QTest::newRow("positional") << QStringList{u"--headless"_s, u"stray"_s} << QByteArray("stray");
}

void TestConsole::usageErrorsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, says);
    Peer peer;
    peer.start(QStringLiteral(PEERCHAT_BINARY), arguments);
    QVERIFY(peer.waitForFinished());
    QVERIFY2(peer.exitedWith(2), peer.standardError().constData());
    QVERIFY2(peer.standardError().startsWith("peerchat: ") && peer.standardError().contains(says),
             peer.standardError().constData());
    QVERIFY(peer.lines().isEmpty());
}

void TestConsole::helpAndVersion()
{
    Peer help;
    help.start(QStringLiteral(PEERCHAT_BINARY), {u"--help"_s});
    QVERIFY(help.waitForFinished());
    QVERIFY(help.exitedWith(0));
    const QByteArray text = help.lines().join('\n');
    for (const char *option : {"--headless", "--channel", "--name", "--json", "--receive", "--demo"})
        QVERIFY2(text.contains(option), option);
    Peer version;
    version.start(QStringLiteral(PEERCHAT_BINARY), {u"--version"_s});
    QVERIFY(version.waitForFinished());
    QVERIFY(version.exitedWith(0));
    QVERIFY2(version.lines().value(0).startsWith("peerchat " PEERCHAT_VERSION), version.lines().value(0).constData());
}

void TestConsole::lastMessageBeforeExitIsDelivered()
{
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--receive"_s, u"2"_s});
    QVERIFY(bob.waitForLine("Enter") == "Enter text to send to peer(s)");
    bob.closeInput();
    for (int i = 0; i < 2; ++i) {
        Peer quick;   // sends one line and exits at end of input, at once
        startConsole(quick, u"quick%1"_s.arg(i));
        quick.write("famous last words\n");
        quick.closeInput();
        QVERIFY(quick.waitForFinished());
        QVERIFY2(quick.exitedWith(0), quick.standardError().constData());
    }
    QVERIFY(bob.waitForFinished());
    QVERIFY(bob.exitedWith(0));
    const QList<QByteArray> lines = bob.lines();
    QVERIFY2(lines.contains("Received: quick0:famous last words") && lines.contains("Received: quick1:famous last words"),
             lines.join('\n').constData());
}

void TestConsole::leavesCleanly_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("exit") << u"exit"_s;
    QTest::newRow("eof") << u"eof"_s;
    QTest::newRow("SIGINT") << u"int"_s;
    QTest::newRow("SIGTERM") << u"term"_s;
}

void TestConsole::leavesCleanly()
{
    QFETCH(QString, how);
    Peer watcher;
    startConsole(watcher, u"watcher"_s);
    QVERIFY(watcher.waitForLine("Enter") == "Enter text to send to peer(s)");
    Peer peer;
    startConsole(peer, u"leaver"_s);
    QVERIFY(peer.waitForLine("Enter") == "Enter text to send to peer(s)");
    QVERIFY(watcher.waitForLine("* leaver joined") == "* leaver joined");
    if (how == u"exit")
        peer.write("exit\n");
    else if (how == u"eof")
        peer.closeInput();
    else
        peer.signal(how == u"int" ? SIGINT : SIGTERM);
    QVERIFY(peer.waitForFinished());
    QVERIFY2(peer.exitedWith(0), peer.standardError().constData());
    QVERIFY(watcher.waitForLine("* leaver left") == "* leaver left");
    // The last peer leaves the same way: nothing of the channel may be left.
    if (how == u"exit")
        watcher.write("exit\n");
    else if (how == u"eof")
        watcher.closeInput();
    else
        watcher.signal(how == u"int" ? SIGINT : SIGTERM);
    QVERIFY(watcher.waitForFinished());
    QVERIFY2(watcher.exitedWith(0), watcher.standardError().constData());
    QVERIFY2(!testsupport::segmentExists(m_channel), "the last peer left its segment behind");
}

void TestConsole::refusesBadLinesAndCarriesOn()
{
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--receive"_s, u"2"_s});
    QVERIFY(bob.waitForLine("Enter") == "Enter text to send to peer(s)");
    bob.closeInput();
    Peer anna;
    startConsole(anna, u"anna"_s);
    QVERIFY(anna.waitForLine("Enter") == "Enter text to send to peer(s)");
    anna.write("before\n");
    anna.write("bad \xff\xfe utf-8\n");
    anna.write(QByteArray(MessageBus::MaxTextBytes + 1, 'x') + '\n');
    anna.write(QByteArray(MessageBus::MaxTextBytes, 'y').append('\n').left(20) + "after\n");
    anna.closeInput();
    QVERIFY(anna.waitForFinished());
    QVERIFY2(anna.exitedWith(1), "a refused line makes the exit code 1");
    const QByteArray errors = anna.standardError();
    QVERIFY2(errors.contains("peerchat: line 2 not sent: ") && errors.contains("not valid UTF-8"), errors.constData());
    QVERIFY2(errors.contains("peerchat: line 3 not sent: ") && errors.contains("65537 bytes"), errors.constData());
    QVERIFY(bob.waitForFinished());
    QVERIFY(bob.exitedWith(0));
    const QList<QByteArray> lines = bob.lines();
    QCOMPARE(lines.value(2), QByteArray("Received: anna:before"));
    QCOMPARE(lines.value(3), QByteArray("Received: anna:yyyyyyyyyyyyyyyyyyyyafter"));
}

void TestConsole::peersMeetWhateverTheirTmpdir()
{
    QProcessEnvironment one = QProcessEnvironment::systemEnvironment();
    one.insert(u"TMPDIR"_s, QDir::tempPath() + u"/peerchat-tmpdir-one"_s);
    QProcessEnvironment two = QProcessEnvironment::systemEnvironment();
    two.insert(u"TMPDIR"_s, u"/var/tmp"_s);
    QDir().mkpath(QDir::tempPath() + u"/peerchat-tmpdir-one"_s);
    Peer bob;
    startConsole(bob, u"bob"_s, {u"--receive"_s, u"1"_s}, one);
    QVERIFY(bob.waitForLine("Enter") == "Enter text to send to peer(s)");
    bob.closeInput();
    Peer anna;
    startConsole(anna, u"anna"_s, {}, two);
    anna.write("across temp dirs\n");
    anna.closeInput();
    QVERIFY(anna.waitForFinished() && bob.waitForFinished());
    QVERIFY(anna.exitedWith(0) && bob.exitedWith(0));
    QVERIFY(bob.lines().contains("Received: anna:across temp dirs"));
    QDir(QDir::tempPath() + u"/peerchat-tmpdir-one"_s).removeRecursively();
}

QTEST_GUILESS_MAIN(TestConsole)
#include "tst_console.moc"
