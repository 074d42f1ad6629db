// Binary messages (MessageBus::sendBytes()) and the three ways to receive (Delivery::Signal,
// Batch, Direct): between separate processes, text and bytes interleaved, exactly once, in order.
#include "messagebus.h"
#include "mixedpayloads.h"
#include "testsupport.h"
#include "testtexts.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;
using testsupport::Peer;

class TestBytes : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("bytes"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void interleavedAcrossProcesses_data();
    void interleavedAcrossProcesses();
    void deliversBytesAsTheyAre_data();
    void deliversBytesAsTheyAre();
    void refusesOversizedBytes();
    void batchesArriveInOrderAndAreCheckedFirst();
    void takeMessagesTakesOldestFirst();
    void historyKeepsBytesBinary();
    void directHandlerSendsReplies();
    void keptMessagesStayIntactWhileBlocksAreReused_data();
    void keptMessagesStayIntactWhileBlocksAreReused();

private:
    // anna, another process, sends `count` messages of mixedpayloads.h and leaves; returns when
    // `bob` (joined) has heard that she left, so after all her messages.
    void joinMixedSender(MessageBus &bob, int count);

    QString m_channel;
};

void TestBytes::joinMixedSender(MessageBus &bob, int count)
{
    QSignalSpy left(&bob, &MessageBus::peerLeft);
    Peer anna;
    anna.start(QStringLiteral(TESTPEER_BINARY), {u"mixed"_s, m_channel, u"anna"_s, QString::number(count)});
    QVERIFY2(anna.waitForLine("ready").startsWith("ready"), anna.standardError().constData());
    anna.write("go\n");
    QVERIFY2(anna.waitForLine("done").startsWith("done sent=" + QByteArray::number(count)), anna.standardError().constData());
    QVERIFY(anna.waitForFinished());
    QVERIFY2(anna.exitedWith(0), anna.standardError().constData());
    QTRY_VERIFY_WITH_TIMEOUT(!left.isEmpty(), testsupport::HangGuardMs);
}

void TestBytes::interleavedAcrossProcesses_data()
{
    QTest::addColumn<MessageBus::Delivery>("delivery");
    QTest::newRow("signal") << MessageBus::Delivery::Signal;
    QTest::newRow("batch") << MessageBus::Delivery::Batch;
    QTest::newRow("direct") << MessageBus::Delivery::Direct;
}

// Another process sends 3 000 messages, two thirds binary (0 bytes to 64 KiB, starting with 0xff,
// with NULs), one third text. The receiver gets each exactly once, in the order sent, binary as
// binary with its type, text as text; and, because peerLeft() follows the sender's messages in
// the bus's one order, all of them before it hears that the sender left.
void TestBytes::interleavedAcrossProcesses()
{
    QFETCH(MessageBus::Delivery, delivery);
    constexpr int Count = 3000;
    MessageBus bob(m_channel);
    std::mutex mutex;
    QList<BusMessage> received;
    std::atomic<int> inside{0};
    std::atomic<bool> overlapped{false};
    std::atomic<int> onOtherThread{0};
    std::atomic<int> calls{0};
    QThread *const mainThread = QThread::currentThread();
    switch (delivery) {
    case MessageBus::Delivery::Signal:
        connect(&bob, &MessageBus::messageReceived, this, [&](const ChatMessage &m) {
            BusMessage b;
            b.seq = m.seq;
            b.sender = m.sender;
            b.text = m.text;
            b.bytes = m.bytes;
            b.type = m.type;
            b.binary = m.binary;
            received.append(b);
        });
        break;
    case MessageBus::Delivery::Batch:
        bob.setDelivery(MessageBus::Delivery::Batch);
        connect(&bob, &MessageBus::messagesAvailable, this, [&] {
            received += bob.takeMessages();
            ++calls;
        });
        break;
    case MessageBus::Delivery::Direct:
        bob.setDirectHandler([&](std::span<const BusMessage> messages) {
            if (inside.fetch_add(1) != 0)
                overlapped = true;
            if (QThread::currentThread() != mainThread)
                ++onOtherThread;
            ++calls;
            {
                std::lock_guard locker(mutex);
                received.append(QList<BusMessage>(messages.begin(), messages.end()));
            }
            inside.fetch_sub(1);
        });
        break;
    case MessageBus::Delivery::None:
        QFAIL("not a row of this test");
    }
    QCOMPARE(bob.delivery(), delivery);
    QVERIFY2(bob.join(u"bob"_s), qPrintable(bob.errorString()));
    joinMixedSender(bob, Count);
    if (QTest::currentTestFailed())
        return;

    std::lock_guard locker(mutex);
    QCOMPARE(received.size(), Count);   // all of them before peerLeft(), none twice
    for (int i = 0; i < Count; ++i) {
        const mixedpayloads::Item expected = mixedpayloads::item(i);
        const BusMessage &got = received.at(i);
        QCOMPARE(got.sender, u"anna"_s);
        if (i > 0)
            QVERIFY(got.seq > received.at(i - 1).seq);
        QCOMPARE(got.binary, expected.binary);
        if (expected.binary) {
            QCOMPARE(got.type, expected.type);
            QCOMPARE(got.bytes, expected.bytes);
            QVERIFY(got.text.isEmpty());
        } else {
            QCOMPARE(got.text, expected.text);
            QVERIFY(got.bytes.isEmpty());
        }
    }
    QVERIFY(bob.missedCount() == 0);
    if (delivery == MessageBus::Delivery::Batch)
        QVERIFY2(calls < Count, "one messagesAvailable() per batch, not per message");
    if (delivery == MessageBus::Delivery::Direct) {
        QVERIFY2(!overlapped, "the handler ran on two threads at once");
        QVERIFY2(onOtherThread > 0, "the handler never ran on the watcher thread");
        QVERIFY2(calls < Count, "one handler call per batch, not per message");
    }
    bob.leave();
}

void TestBytes::deliversBytesAsTheyAre_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe\xc0\x80 \xed\xa0\x80", 8);
    QTest::newRow("nul and newline") << QByteArray("a\0\nb", 4);
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBFhi");
    QTest::newRow("largest") << QByteArray(MessageBus::MaxTextBytes, '\x80');
}

void TestBytes::deliversBytesAsTheyAre()
{
    QFETCH(QByteArray, bytes);
    MessageBus alice(m_channel);
    MessageBus bob(m_channel);
    QVERIFY2(alice.join(u"alice"_s) && bob.join(u"bob"_s), qPrintable(alice.errorString() + bob.errorString()));
    QSignalSpy received(&bob, &MessageBus::messageReceived);
    QVERIFY2(alice.sendBytes(0xfffe, bytes), qPrintable(alice.errorString()));
    QTRY_COMPARE(received.count(), 1);
    const auto message = received.at(0).at(0).value<ChatMessage>();
    QVERIFY(message.binary);
    QCOMPARE(message.type, quint16(0xfffe));
    QCOMPARE(message.bytes, bytes);
    QVERIFY(message.text.isEmpty());
    QCOMPARE(message.sender, u"alice"_s);
    QVERIFY(message.time.isValid());
}

void TestBytes::refusesOversizedBytes()
{
    MessageBus alice(m_channel);
    QVERIFY(!alice.sendBytes(1, "x"));
    QCOMPARE(alice.error(), MessageBus::Error::NotJoined);
    QVERIFY(alice.join(u"alice"_s));
    QVERIFY(!alice.sendBytes(1, QByteArray(MessageBus::MaxTextBytes + 1, 'x')));
    QCOMPARE(alice.error(), MessageBus::Error::MessageTooLarge);
    QVERIFY(alice.sendBytes(1, QByteArray(MessageBus::MaxTextBytes, 'x')));
}

// sendBatch() / sendUtf8Batch() / sendBytesBatch(): groups of at most 64 records and 128 KiB, so
// 200 texts are four groups and twenty 60 KiB payloads ten, wrapping the 1 MiB outbox on the way.
// Everything arrives once, in order, between single sends; a batch with one bad member sends
// nothing.
void TestBytes::batchesArriveInOrderAndAreCheckedFirst()
{
    MessageBus alice(m_channel);
    MessageBus bob(m_channel);
    QVERIFY(!alice.sendUtf8Batch({"x"}));
    QCOMPARE(alice.error(), MessageBus::Error::NotJoined);
    bob.setDelivery(MessageBus::Delivery::Batch);
    QVERIFY2(alice.join(u"alice"_s) && bob.join(u"bob"_s), qPrintable(alice.errorString() + bob.errorString()));
    QVERIFY(alice.sendUtf8Batch({}));
    QList<QByteArray> texts;
    for (int i = 0; i < 200; ++i)
        texts << testtexts::text(u"alice"_s, i).toUtf8();
    QList<QByteArray> payloads;
    for (int i = 0; i < 20; ++i)
        payloads << QByteArray(60 * 1024, char(i));
    QVERIFY(alice.send(u"first"_s));
    QVERIFY2(alice.sendUtf8Batch(texts), qPrintable(alice.errorString()));
    QVERIFY2(alice.sendBytesBatch(5, payloads), qPrintable(alice.errorString()));
    const QStringList scripts = {u"Grüße, Ünïcödé"_s, u"日本語のテキスト ✓"_s, u"مرحبا 👋🏽"_s};
    QVERIFY2(alice.sendBatch(scripts), qPrintable(alice.errorString()));
    // Checked first: one bad member, and nothing of its batch is sent.
    QVERIFY(!alice.sendBatch({u"fine"_s, QString(QChar(0xd800)) + u"lone"_s}));
    QCOMPARE(alice.error(), MessageBus::Error::InvalidText);
    QVERIFY2(alice.errorString().contains(u"2 of 2"_s), qPrintable(alice.errorString()));
    QVERIFY(!alice.sendUtf8Batch({"fine", "bad \xff byte", "fine too"}));
    QCOMPARE(alice.error(), MessageBus::Error::InvalidText);
    QVERIFY2(alice.errorString().contains(u"2 of 3"_s), qPrintable(alice.errorString()));
    QVERIFY(!alice.sendBytesBatch(5, {"small", QByteArray(MessageBus::MaxTextBytes + 1, 'x')}));
    QCOMPARE(alice.error(), MessageBus::Error::MessageTooLarge);
    QVERIFY2(alice.errorString().contains(u"2 of 2"_s), qPrintable(alice.errorString()));
    QVERIFY(alice.send(u"last"_s));
    QList<BusMessage> got;
    QTRY_VERIFY_WITH_TIMEOUT((got += bob.takeMessages(), !got.isEmpty() && got.constLast().text == u"last"_s), 10000);
    QCOMPARE(got.size(), 225);
    QCOMPARE(got.at(0).text, u"first"_s);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(got.at(1 + i).text, QString::fromUtf8(texts.at(i)));
    for (int i = 0; i < 20; ++i) {
        const BusMessage &m = got.at(201 + i);
        QVERIFY(m.binary);
        QCOMPARE(m.type, quint16(5));
        QCOMPARE(m.bytes, payloads.at(i));
    }
    for (int i = 0; i < 3; ++i)
        QCOMPARE(got.at(221 + i).text, scripts.at(i));
    QCOMPARE(got.at(224).text, u"last"_s);
    for (int i = 1; i < got.size(); ++i)
        QCOMPARE(got.at(i).seq, got.at(i - 1).seq + 1);   // nobody else sent: consecutive positions
}

void TestBytes::takeMessagesTakesOldestFirst()
{
    MessageBus alice(m_channel);
    MessageBus bob(m_channel);
    bob.setDelivery(MessageBus::Delivery::Batch);
    QVERIFY2(alice.join(u"alice"_s) && bob.join(u"bob"_s), qPrintable(alice.errorString() + bob.errorString()));
    QSignalSpy available(&bob, &MessageBus::messagesAvailable);
    QSignalSpy perMessage(&bob, &MessageBus::messageReceived);
    for (int i = 0; i < 5; ++i)
        QVERIFY(alice.send(QString::number(i)));
    QVERIFY(alice.sendBytes(9, "\x01\x02"));
    QTRY_COMPARE(bob.availableMessageCount(), 6);
    QVERIFY(available.count() >= 1);
    QCOMPARE(perMessage.count(), 0);   // Batch: no per-message signal
    QCOMPARE(bob.takeMessages(0).size(), 0);
    const QList<BusMessage> first = bob.takeMessages(2);
    QCOMPARE(first.size(), 2);
    QCOMPARE(first.at(0).text, u"0"_s);
    QCOMPARE(first.at(1).text, u"1"_s);
    QCOMPARE(bob.availableMessageCount(), 4);
    const QList<BusMessage> rest = bob.takeMessages();
    QCOMPARE(rest.size(), 4);
    QCOMPARE(rest.at(2).text, u"4"_s);
    QVERIFY(rest.at(3).binary);
    QCOMPARE(rest.at(3).bytes, QByteArray("\x01\x02"));
    QCOMPARE(rest.at(3).type, quint16(9));
    QVERIFY(rest.at(3).timeMs > 0);
    QCOMPARE(bob.availableMessageCount(), 0);
}

void TestBytes::historyKeepsBytesBinary()
{
    MessageBus alice(m_channel);
    QVERIFY(alice.join(u"alice"_s));
    QVERIFY(alice.send(u"text"_s));
    QVERIFY(alice.sendBytes(3, QByteArray("\xff\x00", 2)));
    MessageBus bob(m_channel);
    QSignalSpy received(&bob, &MessageBus::messageReceived);
    QVERIFY(bob.join(u"bob"_s));
    QTRY_COMPARE(received.count(), 2);
    const auto text = received.at(0).at(0).value<ChatMessage>();
    const auto bytes = received.at(1).at(0).value<ChatMessage>();
    QVERIFY(text.history && !text.binary);
    QCOMPARE(text.text, u"text"_s);
    QVERIFY(bytes.history && bytes.binary);
    QCOMPARE(bytes.bytes, QByteArray("\xff\x00", 2));
    QCOMPARE(bytes.type, quint16(3));
}

// The direct handler may send (setDirectHandler()): bob replies to each of anna's messages from
// its handler, on the watcher thread, while bob's own thread sends messages of its own at the same
// time. A third peer (carl) gets every one exactly once: anna's in order, bob's replies in anna's
// order and each after what it answers, bob's own in order; nobody misses anything. anna floods,
// so the ring stays full and bob's replies need cells its own watcher has not read yet: the
// watcher reads ahead (it cannot wait for itself), and bob's own thread gives way to it.
void TestBytes::directHandlerSendsReplies()
{
    constexpr int Count = 20000;
    constexpr int Own = 20000;
    QThread *const mainThread = QThread::currentThread();
    // carl takes its messages on its watcher thread too: this thread is busy sending for bob, and
    // a carl that needed it would hold everyone up (a peer's thread must serve its bus).
    MessageBus carl(m_channel);
    std::mutex gotMutex;
    QList<BusMessage> got;
    carl.setDirectHandler([&](std::span<const BusMessage> messages) {
        std::lock_guard locker(gotMutex);
        got.append(QList<BusMessage>(messages.begin(), messages.end()));
    });
    QVERIFY2(carl.join(u"carl"_s), qPrintable(carl.errorString()));
    const auto gotCount = [&] {
        std::lock_guard locker(gotMutex);
        return got.size();
    };

    MessageBus bob(m_channel);
    std::atomic<int> repliesOnWatcher{0};
    std::atomic<int> failedReplies{0};
    bob.setDirectHandler([&](std::span<const BusMessage> messages) {
        for (const BusMessage &m : messages) {
            if (m.sender != u"anna"_s)
                continue;
            if (QThread::currentThread() != mainThread)
                ++repliesOnWatcher;
            if (!bob.send(u"re "_s + m.text))
                ++failedReplies;
        }
    });
    QVERIFY2(bob.join(u"bob"_s), qPrintable(bob.errorString()));
    QSignalSpy bobErrors(&bob, &MessageBus::errorOccurred);

    // anna paces her stream (ten texts a millisecond at most). Unpaced, she may pass a bob whose
    // handler the scheduler holds up while his own sends fill the ring: bob then learns what he
    // missed, as messagebus.h says (setDirectHandler()). This test is about the replies, not that.
    Peer anna;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"TESTPEER_BATCH"_s, u"10"_s);
    env.insert(u"TESTPEER_GAP_US"_s, u"1000"_s);
    anna.start(QStringLiteral(TESTPEER_BINARY), {u"flood"_s, m_channel, u"anna"_s, QString::number(Count), u"go"_s}, env);
    QVERIFY2(anna.waitForLine("ready").startsWith("ready"), anna.standardError().constData());
    int own = 0;
    bool ownFailed = false;
    QTimer ownSends;   // bob's own thread sends meanwhile, 200 at a time between event-loop turns
    connect(&ownSends, &QTimer::timeout, this, [&] {
        for (int i = 0; i < 200 && own < Own; ++i, ++own)
            ownFailed = ownFailed || !bob.send(u"own %1"_s.arg(own));
        if (own == Own)
            ownSends.stop();
    });
    anna.write("go\n");
    ownSends.start(0);
    QVERIFY2(anna.waitForLine("done").startsWith("done sent="), anna.standardError().constData());
    QVERIFY(anna.waitForFinished());
    QVERIFY2(anna.exitedWith(0), anna.standardError().constData());
    const auto counts = [&] {
        return u"carl got %1 of %2 (bob sent %3 own, %4 replies failed, bob missed %5, carl missed %6)"_s
            .arg(gotCount()).arg(2 * Count + Own).arg(own).arg(failedReplies.load()).arg(bob.missedCount()).arg(carl.missedCount()) + QString::fromLocal8Bit(anna.standardError());
    };
    QVERIFY2(QTest::qWaitFor([&] { return gotCount() >= 2 * Count + Own; }, testsupport::HangGuardMs), qPrintable(counts()));
    std::lock_guard locker(gotMutex);
    QCOMPARE(got.size(), 2 * Count + Own);
    QVERIFY2(!ownFailed, qPrintable(bob.errorString()));

    int fromAnna = 0;
    int replies = 0;
    int ownSeen = 0;
    for (const BusMessage &m : std::as_const(got)) {
        if (m.sender == u"anna"_s) {
            QCOMPARE(m.text, testtexts::text(u"anna"_s, fromAnna));
            ++fromAnna;
        } else if (m.sender == u"bob"_s && m.text.startsWith(u"re "_s)) {
            QVERIFY2(replies < fromAnna, "a reply came before the message it answers");
            QCOMPARE(m.text, u"re "_s + testtexts::text(u"anna"_s, replies));
            ++replies;
        } else {
            QCOMPARE(m.sender, u"bob"_s);
            QCOMPARE(m.text, u"own %1"_s.arg(ownSeen));
            ++ownSeen;
        }
    }
    QCOMPARE(fromAnna, Count);
    QCOMPARE(replies, Count);
    QCOMPARE(ownSeen, Own);
    QCOMPARE(failedReplies.load(), 0);
    QVERIFY2(repliesOnWatcher > 0, "no reply was sent from the watcher thread");
    QVERIFY(bobErrors.isEmpty());
    QCOMPARE(bob.missedCount(), quint64(0));
    QCOMPARE(carl.missedCount(), quint64(0));
    bob.leave();
    carl.leave();
}

void TestBytes::keptMessagesStayIntactWhileBlocksAreReused_data()
{
    interleavedAcrossProcesses_data();
}

// The reader copies small payloads into shared blocks and starts a block again once no message of
// it is held (layout::PayloadArena). Here the receiver drops most messages at once (so blocks come
// back and are reused) and keeps every seventh, on whichever thread the delivery runs: each
// message must be right when it arrives, and every kept one still right after 12 000 more have
// gone through the same blocks. The last reference to a block is dropped on the bus's thread
// (signal, batch) or the watcher's (direct): ThreadSanitizer runs this too.
void TestBytes::keptMessagesStayIntactWhileBlocksAreReused()
{
    QFETCH(MessageBus::Delivery, delivery);
    constexpr int Count = 12000;
    MessageBus bob(m_channel);
    std::mutex mutex;
    int index = 0;
    QStringList wrong;
    std::vector<std::pair<int, BusMessage>> kept;
    // Called on one thread at a time (direct: the watcher's; else this one).
    auto take = [&](const BusMessage &m) {
        std::lock_guard locker(mutex);
        const mixedpayloads::Item expected = mixedpayloads::item(index);
        if (m.binary != expected.binary || m.bytes != expected.bytes || m.text != expected.text)
            wrong += u"message %1 arrived wrong"_s.arg(index);
        if (index % 7 == 0)
            kept.emplace_back(index, m);
        ++index;
    };
    switch (delivery) {
    case MessageBus::Delivery::Signal:
        connect(&bob, &MessageBus::messageReceived, this, [&](const ChatMessage &m) {
            BusMessage b;
            b.text = m.text;
            b.bytes = m.bytes;
            b.binary = m.binary;
            take(b);
        });
        break;
    case MessageBus::Delivery::Batch:
        bob.setDelivery(MessageBus::Delivery::Batch);
        connect(&bob, &MessageBus::messagesAvailable, this, [&] {
            for (const BusMessage &m : bob.takeMessages())
                take(m);
        });
        break;
    case MessageBus::Delivery::Direct:
        bob.setDirectHandler([&](std::span<const BusMessage> messages) {
            for (const BusMessage &m : messages)
                take(m);
        });
        break;
    case MessageBus::Delivery::None:
        QFAIL("not a row of this test");
    }
    QVERIFY2(bob.join(u"bob"_s), qPrintable(bob.errorString()));
    joinMixedSender(bob, Count);
    if (QTest::currentTestFailed())
        return;
    bob.leave();

    std::lock_guard locker(mutex);
    QCOMPARE(index, Count);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 5).join(u"; "_s)));
    QCOMPARE(kept.size(), std::size_t((Count + 6) / 7));
    for (const auto &[i, m] : kept) {
        const mixedpayloads::Item expected = mixedpayloads::item(i);
        QVERIFY2(m.bytes == expected.bytes && m.text == expected.text, qPrintable(u"kept message %1 changed"_s.arg(i)));
        if (!m.bytes.isEmpty())
            QCOMPARE(m.bytes.constData()[m.bytes.size()], '\0');   // still terminated
    }
}

QTEST_GUILESS_MAIN(TestBytes)
#include "tst_bytes.moc"
