// peerchat-bridge against a real mosquitto on 127.0.0.1 (a free port, its own config and
// persistence directory, stopped by its PID). A "machine" is a runtime directory and a state
// directory of its own: its peers cannot see another machine's shared memory, only the broker.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        ::close(fd);
        return -1;
    }
    const int port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

// A process whose output lines we keep (stdout and stderr apart).
struct Proc
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QStringList out, err;
    QString outTail, errTail;

    void start(const QString &program, const QStringList &arguments, const QProcessEnvironment &env)
    {
        process->setProcessEnvironment(env);
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput, process.get(), [this] {
            take(process->readAllStandardOutput(), &outTail, &out);
        });
        QObject::connect(process.get(), &QProcess::readyReadStandardError, process.get(), [this] {
            take(process->readAllStandardError(), &errTail, &err);
        });
        process->start(program, arguments);
    }
    static void take(const QByteArray &bytes, QString *tail, QStringList *lines)
    {
        *tail += QString::fromUtf8(bytes);
        qsizetype nl;
        while ((nl = tail->indexOf(u'\n')) >= 0) {
            lines->append(tail->left(nl));
            tail->remove(0, nl + 1);
        }
    }
    bool errContains(const QString &text) const
    {
        return std::any_of(err.cbegin(), err.cend(), [&](const QString &l) { return l.contains(text); });
    }
    qsizetype errCount(const QString &text) const
    {
        return std::count_if(err.cbegin(), err.cend(), [&](const QString &l) { return l.contains(text); });
    }
    QList<QJsonObject> events(const QString &kind) const
    {
        QList<QJsonObject> list;
        for (const QString &line : out) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            if (o.value(u"event"_s).toString() == kind)
                list << o;
        }
        return list;
    }
    QStringList texts(const QString &from = {}) const
    {
        QStringList list;
        for (const QJsonObject &o : events(u"message"_s)) {
            if (from.isEmpty() || o.value(u"from"_s).toString() == from)
                list << o.value(u"text"_s).toString();
        }
        return list;
    }
    bool sawPeer(const QString &kind, const QString &name) const
    {
        const QList<QJsonObject> list = events(kind);
        return std::any_of(list.cbegin(), list.cend(), [&](const QJsonObject &o) { return o.value(u"name"_s).toString() == name; });
    }
    void signal(int sig) { if (process->state() != QProcess::NotRunning) ::kill(pid_t(process->processId()), sig); }
    void stop()
    {
        if (process->state() == QProcess::NotRunning)
            return;
        signal(SIGTERM);
        if (!process->waitForFinished(10000)) {
            signal(SIGKILL);
            process->waitForFinished(5000);
        }
    }
    ~Proc() { stop(); }
};

struct Broker
{
    QString dir;
    int port = 0;
    std::unique_ptr<Proc> proc = std::make_unique<Proc>();
    QStringList extra;    // more config lines (TLS, passwords)

    bool start()
    {
        QFile conf(dir + u"/mosquitto.conf"_s);
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        QByteArray text = "listener " + QByteArray::number(port) + " 127.0.0.1\n"
            "persistence true\npersistence_location " + QFile::encodeName(dir) + "/\n"
            "autosave_interval 1\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
            "max_queued_messages 100000\n"
            // Started as root, mosquitto would become user "mosquitto" and could not read our files.
            "user " + QByteArray(::getpwuid(::geteuid())->pw_name) + "\n";
        if (extra.isEmpty())
            text += "allow_anonymous true\n";
        for (const QString &line : std::as_const(extra))
            text += line.toUtf8() + '\n';
        conf.write(text);
        conf.close();
        proc = std::make_unique<Proc>();
        QString program = QStandardPaths::findExecutable(u"mosquitto"_s);
        if (program.isEmpty())
            program = QStandardPaths::findExecutable(u"mosquitto"_s, {u"/usr/sbin"_s, u"/usr/local/sbin"_s});
        proc->start(program, {u"-c"_s, conf.fileName()}, QProcessEnvironment::systemEnvironment());
        return QTest::qWaitFor([&] { return proc->errContains(u" running"_s) || proc->process->state() == QProcess::NotRunning; }, 10000)
            && proc->process->state() == QProcess::Running;
    }
};

struct Machine
{
    QString name;        // also the bridge's origin
    QString root;
    std::vector<std::unique_ptr<Proc>> peers;
    std::unique_ptr<Proc> bridge;
    QString failpoint;   // PEERCHAT_FAILPOINT for the next bridge started

    QProcessEnvironment env() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"PEERCHAT_FAILPOINT"_s);
        if (!failpoint.isEmpty())
            env.insert(u"PEERCHAT_FAILPOINT"_s, failpoint);
        env.insert(u"PEERCHAT_RUNTIME_DIR"_s, root + u"/run"_s);
        env.insert(u"XDG_STATE_HOME"_s, root + u"/state"_s);
        env.insert(u"QT_LOGGING_RULES"_s, u"peerchat.bridge.info=true"_s);
        return env;
    }
};

} // namespace

class TestBridge : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyMessageOnceInOrder_data();
    void everyMessageOnceInOrder();
    void brokerRestartLosesNothing();
    void bridgeKilledAndRestarted();
    void bridgeKilledInEachWindow_data();
    void bridgeKilledInEachWindow();
    void wipedOriginStartsAgain();
    void foreignClientsAndMalformedPayloads();
    void earlyMessagesWaitForTheGap();
    void binaryMessagesStayLocal();
    void wrongCredentialsExitOne();
    void tlsNeedsTheRightCa();

private:
    Machine &addMachine(const QString &name);
    // The broker, machines "a" and "b" with a peer each ("pa", "pb") and a bridge each, every
    // remote peer shown. `failpointA`: PEERCHAT_FAILPOINT for a's bridge. Null `a` on failure.
    struct Two
    {
        Machine *a = nullptr, *b = nullptr;
        Proc *pa = nullptr, *pb = nullptr;
    };
    Two twoBridgedMachines(const QString &failpointA = {});
    Proc &addPeer(Machine &m, const QString &name);
    bool startBridge(Machine &m, const QStringList &extra = {}, const QString &scheme = u"mqtt"_s, bool wait = true);
    bool waitForRemotePeers();
    static void send(Proc &peer, const QString &prefix, int from, int to);
    static bool inOrderOnce(const QStringList &texts, const QString &prefix, int from, int to, QString *why);

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Broker> m_broker;
    std::vector<std::unique_ptr<Machine>> m_machines;
    QString m_prefix;
    QString m_channel;
    int m_run = 0;
};

void TestBridge::initTestCase()
{
    if (QStandardPaths::findExecutable(u"mosquitto"_s).isEmpty()
        && QStandardPaths::findExecutable(u"mosquitto"_s, {u"/usr/sbin"_s, u"/usr/local/sbin"_s}).isEmpty())
        QSKIP("mosquitto is not installed (scripts/deps.sh installs mosquitto mosquitto-clients libmosquitto-dev openssl)");
    QVERIFY2(QFile::exists(QStringLiteral(BRIDGE_BINARY)), "peerchat-bridge was not built");
}

void TestBridge::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_broker = std::make_unique<Broker>();
    m_broker->dir = m_tmp->path() + u"/broker"_s;
    QVERIFY(QDir().mkpath(m_broker->dir));
    m_broker->port = freePort();
    QVERIFY(m_broker->port > 0);
    ++m_run;
    m_prefix = u"test%1/%2"_s.arg(QCoreApplication::applicationPid()).arg(m_run);
    m_channel = u"bridge%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(m_run);
}

void TestBridge::cleanup()
{
    QStringList badExits;
    for (auto &m : m_machines) {
        for (auto &p : m->peers)
            p->stop();
        if (m->bridge && m->bridge->process->state() == QProcess::Running) {
            m->bridge->stop();   // SIGTERM: it says offline, disconnects, leaves and exits 0
            if (m->bridge->process->exitStatus() != QProcess::NormalExit || m->bridge->process->exitCode() != 0)
                badExits << u"%1 (status %2, code %3)"_s.arg(m->name).arg(m->bridge->process->exitStatus())
                                .arg(m->bridge->process->exitCode());
        }
        if (QTest::currentTestFailed() && m->bridge) {
            for (const QString &line : std::as_const(m->bridge->err))
                qWarning().noquote() << m->name << "bridge:" << line;
        }
    }
    m_machines.clear();
    if (m_broker) {
        if (QTest::currentTestFailed()) {
            for (const QString &line : std::as_const(m_broker->proc->err))
                qWarning().noquote() << "mosquitto:" << line;
        }
        m_broker->proc->stop();
    }
    m_broker.reset();
    m_tmp.reset();
    QVERIFY2(badExits.isEmpty(), qPrintable(u"bridges that did not stop cleanly: "_s + badExits.join(u", "_s)));
}

Machine &TestBridge::addMachine(const QString &name)
{
    auto m = std::make_unique<Machine>();
    m->name = name;
    m->root = m_tmp->path() + u'/' + name;
    QDir().mkpath(m->root + u"/run"_s);
    QDir().mkpath(m->root + u"/state"_s);
    QFile::setPermissions(m->root + u"/run"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_machines.push_back(std::move(m));
    return *m_machines.back();
}

TestBridge::Two TestBridge::twoBridgedMachines(const QString &failpointA)
{
    if (!m_broker->start())
        return {};
    Machine &a = addMachine(u"a"_s);
    Machine &b = addMachine(u"b"_s);
    Proc &pa = addPeer(a, u"pa"_s);
    Proc &pb = addPeer(b, u"pb"_s);
    a.failpoint = failpointA;
    for (Machine *m : {&a, &b}) {
        if (!startBridge(*m)) {
            qWarning().noquote() << "bridge" << m->name << "did not start:" << m->bridge->err.join(u'\n');
            return {};
        }
    }
    if (!waitForRemotePeers()) {
        qWarning("remote peers were not shown as name@origin");
        return {};
    }
    return {&a, &b, &pa, &pb};
}

Proc &TestBridge::addPeer(Machine &m, const QString &name)
{
    auto p = std::make_unique<Proc>();
    p->start(QStringLiteral(PEERCHAT_BINARY), {u"--headless"_s, u"--json"_s, u"--channel"_s, m_channel, u"--name"_s, name},
             m.env());
    Proc &ref = *p;
    m.peers.push_back(std::move(p));
    [[maybe_unused]] const bool ready = QTest::qWaitFor([&] { return !ref.events(u"ready"_s).isEmpty(); }, 10000);
    return ref;
}

bool TestBridge::startBridge(Machine &m, const QStringList &extra, const QString &scheme, bool wait)
{
    if (m.bridge)
        m.bridge->stop();
    m.bridge = std::make_unique<Proc>();
    QStringList args{u"--channel"_s, m_channel, u"--origin"_s, m.name};
    args << extra << u"%1://127.0.0.1:%2/%3"_s.arg(scheme).arg(m_broker->port).arg(m_prefix);
    m.bridge->start(QStringLiteral(BRIDGE_BINARY), args, m.env());
    if (!wait)
        return true;
    return QTest::qWaitFor([&] { return m.bridge->errContains(u"ready:"_s) || m.bridge->process->state() == QProcess::NotRunning; }, 15000)
        && m.bridge->process->state() == QProcess::Running;
}

// Every first peer of every machine sees every other machine's first peer as name@origin.
bool TestBridge::waitForRemotePeers()
{
    return QTest::qWaitFor([&] {
        for (const auto &a : m_machines) {
            for (const auto &b : m_machines) {
                if (a != b && !a->peers.front()->sawPeer(u"joined"_s, u"p%1@%2"_s.arg(b->name, b->name)))
                    return false;
            }
        }
        return true;
    }, 20000);
}

void TestBridge::send(Proc &peer, const QString &prefix, int from, int to)
{
    QByteArray lines;
    for (int i = from; i <= to; ++i)
        lines += (prefix + QString::number(i)).toUtf8() + '\n';
    peer.process->write(lines);
}

// `texts` hold prefix<from..to> exactly once each, in order (other texts are ignored).
bool TestBridge::inOrderOnce(const QStringList &texts, const QString &prefix, int from, int to, QString *why)
{
    int expected = from;
    for (const QString &t : texts) {
        if (!t.startsWith(prefix))
            continue;
        bool ok = false;
        const int n = t.mid(prefix.size()).toInt(&ok);
        if (!ok || n < from || n > to)
            continue;
        if (n != expected) {
            *why = u"%1%2 came where %1%3 was due"_s.arg(prefix).arg(n).arg(expected);
            return false;
        }
        ++expected;
    }
    if (expected != to + 1) {
        *why = u"%1: got up to %2 of %3"_s.arg(prefix).arg(expected - 1).arg(to);
        return false;
    }
    return true;
}

void TestBridge::everyMessageOnceInOrder_data()
{
    QTest::addColumn<int>("buses");
    QTest::newRow("two buses") << 2;
    QTest::newRow("three buses") << 3;
}

void TestBridge::everyMessageOnceInOrder()
{
    QFETCH(int, buses);
    QVERIFY(m_broker->start());
    constexpr int Count = 300;
    for (int i = 0; i < buses; ++i) {
        Machine &m = addMachine(QString(QChar(u'a' + i)));
        addPeer(m, u"p"_s + m.name);
        QVERIFY2(startBridge(m), qPrintable(m.bridge->err.join(u'\n')));
    }
    QVERIFY2(waitForRemotePeers(), "remote peers were not shown as name@origin");
    for (auto &m : m_machines)
        send(*m->peers.front(), m->name + u'-', 1, Count);
    const int expected = Count * (buses - 1);
    for (auto &m : m_machines) {
        Proc &peer = *m->peers.front();
        QVERIFY2(QTest::qWaitFor([&] { return peer.texts().size() >= expected; }, 60000),
                 qPrintable(u"%1 got %2 of %3"_s.arg(m->name).arg(peer.texts().size()).arg(expected)));
    }
    for (auto &m : m_machines) {
        for (auto &other : m_machines) {
            if (m == other)
                continue;
            QString why;
            const QString sender = u"p%1@%1"_s.arg(other->name);
            QVERIFY2(inOrderOnce(m->peers.front()->texts(sender), other->name + u'-', 1, Count, &why), qPrintable(why));
        }
        QCOMPARE(m->peers.front()->texts().size(), expected);   // nothing else, nothing twice
    }
    qInfo("%d buses: %d messages each delivered once, in order, with the right origin", buses, expected);
}

void TestBridge::brokerRestartLosesNothing()
{
    const Two two = twoBridgedMachines();
    QVERIFY(two.a);
    Machine &a = *two.a;
    Machine &b = *two.b;
    Proc &pa = *two.pa;
    Proc &pb = *two.pb;
    send(pa, u"a-"_s, 1, 200);
    send(pb, u"b-"_s, 1, 200);
    QVERIFY(QTest::qWaitFor([&] { return pb.texts().size() >= 20; }, 20000));
    m_broker->proc->stop();   // SIGTERM: mosquitto saves its persistence file
    QVERIFY(m_broker->proc->process->exitStatus() == QProcess::NormalExit);
    send(pa, u"a-"_s, 201, 400);   // while the broker is down: into the journal
    send(pb, u"b-"_s, 201, 400);
    QVERIFY(QTest::qWaitFor([&] { return a.bridge->errContains(u"reconnecting"_s) && b.bridge->errContains(u"reconnecting"_s); }, 10000));
    QVERIFY(m_broker->start());
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().size() >= 400 && pb.texts().size() >= 400; }, 60000));
    QString why;
    QVERIFY2(inOrderOnce(pb.texts(), u"a-"_s, 1, 400, &why), qPrintable(why));
    QVERIFY2(inOrderOnce(pa.texts(), u"b-"_s, 1, 400, &why), qPrintable(why));
    QCOMPARE(pa.texts().size(), 400);
    QCOMPARE(pb.texts().size(), 400);
    qInfo("broker restarted mid-stream: 800 messages, 0 lost, 0 doubled");
}

void TestBridge::bridgeKilledAndRestarted()
{
    const Two two = twoBridgedMachines();
    QVERIFY(two.a);
    Machine &a = *two.a;
    Machine &b = *two.b;
    Proc &pa = *two.pa;
    Proc &pb = *two.pb;
    send(pa, u"a-"_s, 1, 300);
    send(pb, u"b-"_s, 1, 300);
    QVERIFY(QTest::qWaitFor([&] { return pb.texts().size() >= 5; }, 20000));
    a.bridge->signal(SIGKILL);
    QVERIFY(a.bridge->process->waitForFinished(5000));
    // Its peers are shown as left on the other machine (the broker publishes its last will)...
    QVERIFY2(QTest::qWaitFor([&] { return pb.sawPeer(u"left"_s, u"pa@a"_s); }, 10000), "no last will");
    // ... and the other machine's peers on this one (the bus reaps the dead bridge's slot).
    QVERIFY2(QTest::qWaitFor([&] { return pa.sawPeer(u"left"_s, u"pb@b"_s); }, 10000), "remote peers stayed");
    // What the bridge had read from the bus is in its journal, with its seq.
    QFile journal(a.root + u"/state/peerchat/bridge/"_s + m_channel + u"/a.journal"_s);
    QVERIFY(journal.open(QIODevice::ReadOnly));
    int read = 0, acked = 0;
    for (const QByteArray &line : journal.readAll().split('\n')) {
        if (line.startsWith("P "))
            read = std::max(read, line.mid(2, line.indexOf(' ', 2) - 2).toInt());
        if (line.startsWith("A "))
            ++acked;
    }
    QVERIFY(read > 0);
    send(pb, u"b-"_s, 301, 400);   // while bridge a is dead: the broker keeps them for its session
    QVERIFY(startBridge(a));
    send(pa, u"a-"_s, 301, 400);
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().contains(u"b-400"_s); }, 60000));
    QVERIFY(QTest::qWaitFor([&] { return pb.texts(u"pa@a"_s).contains(u"a-400"_s); }, 60000));
    QString why;
    // b -> a: all of it, once, in order, and no notice of a loss. What the broker had handed to
    // the killed bridge before it was on the bus comes again from bridge b (a resend request);
    // what was on the bus but not yet recorded is found in the bus's history (README, "Kill windows").
    QVERIFY2(inOrderOnce(pa.texts(), u"b-"_s, 1, 400, &why), qPrintable(why));
    QCOMPARE(pa.texts(u"bridge"_s), QStringList());
    QCOMPARE(pa.texts().size(), 400);
    // a -> b: a-1..a-<read> were in the journal; a-<read+1>..a-300 were said on bus a while no
    // bridge read it, and the restarted bridge carries them from the bus's history.
    QVERIFY2(inOrderOnce(pb.texts(), u"a-"_s, 1, 400, &why), qPrintable(why));
    QCOMPARE(pb.texts().size(), 400);
    QVERIFY(QTest::qWaitFor([&] { return pb.sawPeer(u"joined"_s, u"pa@a"_s) && pb.events(u"joined"_s).size() >= 2; }, 10000));
    QVERIFY2(a.bridge->errContains(u"(session kept)"_s), "the broker did not keep the session of the killed bridge");
    b.bridge->stop();
    a.bridge->stop();
    const QStringList statsB = b.bridge->err.filter(u"duplicates dropped"_s);
    const QStringList statsA = a.bridge->err.filter(u"duplicates dropped"_s);
    QVERIFY(!statsA.isEmpty() && !statsB.isEmpty());
    const QStringList history = a.bridge->err.filter(u"from the bus's history"_s);
    qInfo("bridge SIGKILLed: it had read %d (broker acknowledged %d), %d unacknowledged replayed from the journal; "
          "b->a 400/400 and a->b 400/400 once, in order, 0 lost; restarted a: %s; a: %s; b: %s",
          read, acked, read - acked, history.isEmpty() ? "nothing from the history" : qPrintable(history.constLast().section(u"history: "_s, 1)),
          qPrintable(statsA.constLast().section(u"stopped: "_s, 1)), qPrintable(statsB.constLast().section(u"stopped: "_s, 1)));
}

void TestBridge::bridgeKilledInEachWindow_data()
{
    QTest::addColumn<QString>("point");
    QTest::addColumn<int>("hit");
    QTest::addColumn<QString>("repair");   // what the restarted bridges log about it (empty: nothing required)
    QTest::newRow("before the journal (a -> b)") << u"bridge-before-journal"_s << 50 << u"said while no bridge read them, carried now"_s;
    QTest::newRow("PUBACK sent, not on the bus (b -> a)") << u"bridge-before-bus"_s << 50 << u"published again"_s;
    // The killed run never recorded origin b: the restarted one must not start b's stream at b-2.
    // No log is required: when the kill came before libmosquitto's PUBACK went out, the broker
    // sends b-1 again and nothing needs repair (""); when after, the restart asks b for it.
    QTest::newRow("PUBACK sent, not on the bus, b's first (b -> a)") << u"bridge-before-bus"_s << 1 << QString();
    QTest::newRow("on the bus, seq not recorded (b -> a)") << u"bridge-after-bus"_s << 50 << u"an earlier run had put on the bus"_s;
}

// The three windows a SIGKILL of a bridge can land in, each hit on purpose through a failpoint
// (ipc/DESIGN.md, "Failpoints"), at the 50th message (and at the first of an origin): after a
// restart, nothing lost or doubled.
void TestBridge::bridgeKilledInEachWindow()
{
    QFETCH(QString, point);
    QFETCH(int, hit);
    QFETCH(QString, repair);
    const Two two = twoBridgedMachines(point + u":%1*kill"_s.arg(hit));
    QVERIFY(two.a);
    Machine &a = *two.a;
    Machine &b = *two.b;
    Proc &pa = *two.pa;
    Proc &pb = *two.pb;
    send(pa, u"a-"_s, 1, 200);
    send(pb, u"b-"_s, 1, 200);
    // (qWaitFor, not waitForFinished(): the event loop must run to write the peers' lines)
    QVERIFY2(QTest::qWaitFor([&] { return a.bridge->process->state() == QProcess::NotRunning; }, 30000),
             "the failpoint did not fire");
    QVERIFY(a.bridge->errContains(u"failpoint %1: kill (hit %2)"_s.arg(point).arg(hit)));
    QCOMPARE(a.bridge->process->exitStatus(), QProcess::CrashExit);
    a.failpoint.clear();
    send(pb, u"b-"_s, 201, 250);   // while bridge a is dead
    QVERIFY(startBridge(a));
    send(pa, u"a-"_s, 201, 300);
    send(pb, u"b-"_s, 251, 300);
    QVERIFY2(QTest::qWaitFor([&] { return pa.texts().size() >= 300 && pb.texts().size() >= 300; }, 60000),
             qPrintable(u"a got %1, b got %2 of 300"_s.arg(pa.texts().size()).arg(pb.texts().size())));
    QTest::qWait(500);   // a duplicate would come now
    QString why;
    QVERIFY2(inOrderOnce(pa.texts(), u"b-"_s, 1, 300, &why), qPrintable(why));
    QVERIFY2(inOrderOnce(pb.texts(), u"a-"_s, 1, 300, &why), qPrintable(why));
    QCOMPARE(pa.texts().size(), 300);   // nothing doubled, no notice of a loss
    QCOMPARE(pb.texts().size(), 300);
    const bool repaired = repair.isEmpty() || a.bridge->errContains(repair) || b.bridge->errContains(repair);
    QVERIFY2(repaired, qPrintable(u"neither bridge logged \"%1\""_s.arg(repair)));
    qInfo("%s: killed at its hit %d; after the restart 300 + 300 messages once, in order, 0 lost",
          qPrintable(point), hit);
}

// A bridge whose state was wiped (same --origin) counts its seqs from 1 again: the receivers must
// not take its new messages for duplicates of the old ones (the epoch in the payload says so).
void TestBridge::wipedOriginStartsAgain()
{
    const Two two = twoBridgedMachines();
    QVERIFY(two.a);
    Machine &a = *two.a;
    Machine &b = *two.b;
    Proc &pa = *two.pa;
    Proc &pb = *two.pb;
    send(pa, u"a-"_s, 1, 20);
    QVERIFY(QTest::qWaitFor([&] { return pb.texts().size() >= 20; }, 20000));
    a.bridge->stop();
    QVERIFY(QDir(a.root + u"/state/peerchat"_s).removeRecursively());   // its seqs start at 1 again
    QTest::qWait(5);   // a later epoch (ms)
    QVERIFY(startBridge(a));
    send(pa, u"a-"_s, 21, 40);
    QVERIFY2(QTest::qWaitFor([&] { return pb.texts().size() >= 40; }, 20000),
             qPrintable(u"b got %1 of 40"_s.arg(pb.texts().size())));
    QString why;
    QVERIFY2(inOrderOnce(pb.texts(), u"a-"_s, 1, 40, &why), qPrintable(why));
    QCOMPARE(pb.texts().size(), 40);
    QVERIFY(b.bridge->errContains(u"origin a started again"_s));
}

void TestBridge::foreignClientsAndMalformedPayloads()
{
    QVERIFY(m_broker->start());
    Machine &a = addMachine(u"a"_s);
    Proc &pa = addPeer(a, u"pa"_s);
    QVERIFY(startBridge(a));
    const QString port = QString::number(m_broker->port);
    Proc sub;
    sub.start(u"mosquitto_sub"_s, {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, port, u"-t"_s, m_prefix + u"/msg/#"_s, u"-C"_s, u"1"_s,
                                   u"-q"_s, u"1"_s}, QProcessEnvironment::systemEnvironment());
    QVERIFY(sub.process->waitForStarted());
    QTest::qWait(300);   // mosquitto_sub prints nothing when subscribed
    pa.process->write("from the bus\n");
    QVERIFY(QTest::qWaitFor([&] { return !sub.out.isEmpty(); }, 10000));
    const QJsonObject json = QJsonDocument::fromJson(sub.out.constFirst().toUtf8()).object();
    QCOMPARE(json.value(u"origin"_s).toString(), u"a"_s);
    QCOMPARE(json.value(u"from"_s).toString(), u"pa"_s);
    QCOMPARE(json.value(u"text"_s).toString(), u"from the bus"_s);
    QCOMPARE(json.value(u"seq"_s).toInt(), 1);

    const auto pub = [&](const QByteArray &payload, const QString &topic, bool retain = false) {
        QFile f(m_tmp->path() + u"/payload"_s);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(payload);
        f.close();
        QStringList args{u"-h"_s, u"127.0.0.1"_s, u"-p"_s, port, u"-q"_s, u"1"_s, u"-t"_s, m_prefix + topic, u"-f"_s, f.fileName()};
        if (retain)
            args << u"-r"_s;
        return QProcess::execute(u"mosquitto_pub"_s, args);
    };
    const QList<QByteArray> bad{"not json", QByteArray(600 * 1024, '['), "{\"from\":\"x\",\"text\":\"\xff\xfe\"}",
                                "{\"from\":1,\"text\":\"x\"}", "{\"from\":\"x\",\"text\":[1]}", "[\"from\",\"x\"]",
                                "{\"origin\":\"o\",\"seq\":-3,\"from\":\"x\",\"text\":\"x\"}",
                                "{\"from\":\"x\\u0001\",\"text\":\"x\"}"};
    for (const QByteArray &payload : bad)
        QCOMPARE(pub(payload, u"/msg/hand"_s), 0);
    QCOMPARE(pub("{\"origin\":\"o\",\"online\":\"yes\"}", u"/presence/o"_s), 0);
    QCOMPARE(pub("{\"from\":\"x\",\"text\":\"hi\"}", u"/msg/hand"_s), 0);
    QCOMPARE(pub("{\"from\":\"x\",\"text\":\"hi\"}", u"/msg/hand"_s), 0);   // no seq: never de-duplicated
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().size() >= 2; }, 10000));
    QCOMPARE(pa.texts(u"x@hand"_s), (QStringList{u"hi"_s, u"hi"_s}));
    QVERIFY(pa.events(u"message"_s).constFirst().value(u"relayed"_s).toBool());
    QCOMPARE(a.bridge->errCount(u"rejected a message"_s), bad.size());
    QCOMPARE(a.bridge->errCount(u"rejected a presence"_s), 1);
    QVERIFY(a.bridge->process->state() == QProcess::Running);
    QCOMPARE(pa.texts().size(), 2);

    // A chat line published retained reaches those subscribed once, and is refused when the
    // broker hands it out again to a new subscription (it would come back on every restart).
    QCOMPARE(pub("{\"from\":\"x\",\"text\":\"retained\"}", u"/msg/hand"_s, true), 0);
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().size() == 3; }, 10000));
    Machine &b = addMachine(u"b"_s);
    Proc &pb = addPeer(b, u"pb"_s);
    QVERIFY(startBridge(b));
    QVERIFY(QTest::qWaitFor([&] { return b.bridge->errContains(u"retained"_s); }, 10000));
    pa.process->write("after\n");
    QVERIFY(QTest::qWaitFor([&] { return !pb.texts().isEmpty(); }, 10000));
    QCOMPARE(pb.texts(), QStringList{u"after"_s});
}

// QoS 1 may bring a message after a later one (a sender's library resends what was in flight
// after a reconnect, behind the journal's next ones): the bridge holds the early one until the
// gap closes, and reports a gap that never closes as lost. Published by hand, seq by seq.
void TestBridge::earlyMessagesWaitForTheGap()
{
    QVERIFY(m_broker->start());
    Machine &a = addMachine(u"a"_s);
    Proc &pa = addPeer(a, u"pa"_s);
    QVERIFY(startBridge(a, {u"--gap-wait"_s, u"1500"_s}));
    const QString port = QString::number(m_broker->port);
    const auto pub = [&](int seq) {
        const QByteArray payload = "{\"origin\":\"x\",\"seq\":" + QByteArray::number(seq)
                                   + ",\"from\":\"xena\",\"text\":\"x-" + QByteArray::number(seq) + "\"}";
        return QProcess::execute(u"mosquitto_pub"_s, {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, port, u"-q"_s, u"1"_s, u"-t"_s,
                                                      m_prefix + u"/msg/x"_s, u"-m"_s, QString::fromUtf8(payload)});
    };
    for (const int seq : {1, 3, 4, 2, 3})
        QCOMPARE(pub(seq), 0);
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().size() >= 4; }, 10000));
    QCOMPARE(pa.texts(u"xena@x"_s), (QStringList{u"x-1"_s, u"x-2"_s, u"x-3"_s, u"x-4"_s}));   // in order, 3 once

    // 5 never comes: 6 and 7 wait for it, then the bridge says on the channel that it is lost.
    QElapsedTimer held;
    held.start();
    QCOMPARE(pub(6), 0);
    QCOMPARE(pub(7), 0);
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().size() >= 7; }, 10000));
    QVERIFY2(held.elapsed() >= 1000, "6 and 7 did not wait for 5");
    const QStringList notice = pa.texts(u"bridge"_s);
    QCOMPARE(notice.size(), 1);
    QVERIFY2(notice.constFirst().contains(u"1 message(s) from x were lost"_s) && notice.constFirst().contains(u"seq 5"_s),
             qPrintable(notice.constFirst()));
    QCOMPARE(pa.texts(u"xena@x"_s).mid(4), (QStringList{u"x-6"_s, u"x-7"_s}));
    QCOMPARE(pa.texts().indexOf(notice.constFirst()), 4);   // the notice comes where 5 would have been
    QCOMPARE(pub(5), 0);                                     // too late: not shown out of order
    QCOMPARE(pub(8), 0);
    QVERIFY(QTest::qWaitFor([&] { return pa.texts().size() >= 8; }, 10000));
    QCOMPARE(pa.texts().constLast(), u"x-8"_s);
    QCOMPARE(pa.texts().size(), 8);
    QVERIFY(a.bridge->errContains(u"never arrived"_s));
}

// MQTT payloads carry text: a binary message (MessageBus::sendBytes()) is not carried, and the
// bridge says so once in its log, however many there are; text around it is carried as before.
void TestBridge::binaryMessagesStayLocal()
{
    const Two two = twoBridgedMachines();
    QVERIFY(two.a);
    Machine &a = *two.a;
    // testpeer mixed: message 0 is text, 1 and 2 are binary (tests/mixedpayloads.h).
    Proc sender;
    sender.start(QStringLiteral(TESTPEER_BINARY), {u"mixed"_s, m_channel, u"mixer"_s, u"3"_s}, a.env());
    QVERIFY(QTest::qWaitFor([&] { return sender.out.join(u'\n').contains(u"ready"_s); }, 10000));
    sender.process->write("go\n");
    QVERIFY2(QTest::qWaitFor([&] { return sender.process->state() == QProcess::NotRunning; }, 20000),
             qPrintable(sender.err.join(u'\n')));
    QCOMPARE(sender.process->exitCode(), 0);
    send(*two.pa, u"after-"_s, 1, 1);
    Proc &pb = *two.pb;
    QVERIFY2(QTest::qWaitFor([&] { return pb.texts().contains(u"after-1"_s); }, 20000), "the text after them did not arrive");
    QCOMPARE(pb.texts(u"mixer@a"_s), QStringList{u"text 0 ✓ grüße"_s});   // the text, not the bytes
    QCOMPARE(pb.events(u"message"_s).size(), 2);
    QCOMPARE(a.bridge->err.join(u'\n').count(u"not carrying binary messages"_s), 1);
}

void TestBridge::wrongCredentialsExitOne()
{
    const QString passwords = m_broker->dir + u"/passwords"_s;
    QCOMPARE(QProcess::execute(u"mosquitto_passwd"_s, {u"-b"_s, u"-c"_s, passwords, u"anna"_s, u"s3cret"_s}), 0);
    m_broker->extra = {u"allow_anonymous false"_s, u"password_file "_s + passwords};
    QVERIFY(m_broker->start());
    Machine &a = addMachine(u"a"_s);
    const QString credentials = a.root + u"/credentials"_s;
    const auto write = [&](const QByteArray &text, QFile::Permissions mode) {
        QFile f(credentials);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(text);
        f.close();
        f.setPermissions(mode);
    };
    write("username=anna\npassword=wrong-password\n", QFile::ReadOwner | QFile::WriteOwner);
    startBridge(a, {u"--credentials"_s, credentials}, u"mqtt"_s, false);
    QVERIFY(a.bridge->process->waitForFinished(15000));
    QCOMPARE(a.bridge->process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(a.bridge->process->exitCode(), 1);
    QVERIFY2(a.bridge->errContains(u"refused"_s), qPrintable(a.bridge->err.join(u'\n')));
    QVERIFY(!a.bridge->errContains(u"wrong-password"_s));

    write("username=anna\npassword=s3cret\n", QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    startBridge(a, {u"--credentials"_s, credentials}, u"mqtt"_s, false);
    QVERIFY(a.bridge->process->waitForFinished(15000));
    QCOMPARE(a.bridge->process->exitCode(), 1);
    QVERIFY(a.bridge->errContains(u"chmod 600"_s));

    write("username=anna\npassword=s3cret\n", QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY2(startBridge(a, {u"--credentials"_s, credentials}), qPrintable(a.bridge->err.join(u'\n')));
    QVERIFY(!a.bridge->errContains(u"s3cret"_s));
}

void TestBridge::tlsNeedsTheRightCa()
{
    const QString d = m_broker->dir;
    const auto openssl = [&](const QStringList &args) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(u"openssl"_s, args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            qWarning().noquote() << "openssl" << args.join(u' ') << ":" << p.readAll();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    for (const QString &ca : {u"ca"_s, u"wrongca"_s}) {
        QCOMPARE(openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                          u"/CN=peerchat test "_s + ca, u"-keyout"_s, d + u'/' + ca + u".key"_s, u"-out"_s,
                          d + u'/' + ca + u".pem"_s}), 0);
    }
    QCOMPARE(openssl({u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-keyout"_s,
                      d + u"/server.key"_s, u"-out"_s, d + u"/server.csr"_s}), 0);
    QFile ext(d + u"/san.ext"_s);
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=IP:127.0.0.1\n");
    ext.close();
    QCOMPARE(openssl({u"x509"_s, u"-req"_s, u"-in"_s, d + u"/server.csr"_s, u"-CA"_s, d + u"/ca.pem"_s, u"-CAkey"_s,
                      d + u"/ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s, ext.fileName(), u"-out"_s,
                      d + u"/server.pem"_s}), 0);
    m_broker->extra = {u"allow_anonymous true"_s, u"cafile "_s + d + u"/ca.pem"_s, u"certfile "_s + d + u"/server.pem"_s,
                       u"keyfile "_s + d + u"/server.key"_s};
    QVERIFY(m_broker->start());
    Machine &a = addMachine(u"a"_s);
    startBridge(a, {u"--cafile"_s, d + u"/wrongca.pem"_s}, u"mqtts"_s, false);
    QVERIFY(a.bridge->process->waitForFinished(15000));
    QCOMPARE(a.bridge->process->exitCode(), 1);
    QVERIFY2(a.bridge->errContains(u"TLS"_s), qPrintable(a.bridge->err.join(u'\n')));
    QVERIFY2(startBridge(a, {u"--cafile"_s, d + u"/ca.pem"_s}, u"mqtts"_s), qPrintable(a.bridge->err.join(u'\n')));
    Proc &pa = addPeer(a, u"pa"_s);
    Machine &b = addMachine(u"b"_s);
    Proc &pb = addPeer(b, u"pb"_s);
    QVERIFY(startBridge(b, {u"--cafile"_s, d + u"/ca.pem"_s}, u"mqtts"_s));
    QVERIFY(waitForRemotePeers());
    pa.process->write("over TLS\n");
    QVERIFY(QTest::qWaitFor([&] { return pb.texts(u"pa@a"_s) == QStringList{u"over TLS"_s}; }, 10000));
}

QTEST_GUILESS_MAIN(TestBridge)
#include "tst_bridge.moc"
