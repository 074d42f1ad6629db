// The bus's API in one process: two or three MessageBus objects on one channel (each with its
// own attach and watcher thread, as separate processes would have).
#include "memorytuning.h"
#include "segmentlayout_p.h"
#include "messagebus.h"
#include "testsupport.h"
#include "testtexts.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PEERCHAT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PEERCHAT_SANITIZED 1
#endif
#endif

using namespace Qt::StringLiterals;

class TestMessageBus : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("bus"); }
    void cleanup() { QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind"); }

    void deliversText_data();
    void deliversText();
    void senderDoesNotReceiveItsOwn();
    void refusesOversizedText();
    void refusesInvalidText();
    void refusesBadChannelNames_data();
    void refusesBadChannelNames();
    void acceptsGoodChannelNames();
    void normalizesPeerNames_data();
    void normalizesPeerNames();
    void sendBeforeJoinFails();
    void reportsPeersJoiningAndLeaving();
    void allPeersSeeOneOrder();
    void lastPeerRemovesTheSegment();
    void channelsDoNotMix();
    void memoryTuningTakesEffect();
    void relaysRemoteSendersAndPeers();
    void sendOnlyPeerReadsNothingAndHoldsNoOneUp();
    void joinMapsItsOutboxAhead();

private:
    QString m_channel;
};

void TestMessageBus::deliversText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << u"hello"_s;
    QTest::newRow("empty") << QString();
    for (qsizetype i = 0; i < testtexts::samples().size(); ++i)
        QTest::addRow("sample %d", int(i)) << testtexts::samples().at(i);
    QTest::newRow("nul") << QString::fromUtf8("a\0b", 3);
    QTest::newRow("longest ascii") << QString(MessageBus::MaxTextBytes, u'x');
    QTest::newRow("longest cjk") << QString(MessageBus::MaxTextBytes / 3, u'语') + u'x';
}

void TestMessageBus::deliversText()
{
    QFETCH(QString, text);
    MessageBus alice(m_channel);
    MessageBus bob(m_channel);
    QVERIFY2(alice.join(u"alice"_s), qPrintable(alice.errorString()));
    QVERIFY2(bob.join(u"bob"_s), qPrintable(bob.errorString()));
    QSignalSpy received(&bob, &MessageBus::messageReceived);
    QVERIFY2(alice.send(text), qPrintable(alice.errorString()));
    QTRY_COMPARE(received.count(), 1);
    const auto message = received.at(0).at(0).value<ChatMessage>();
    QCOMPARE(message.text.toUtf8(), text.toUtf8());   // byte for byte
    QCOMPARE(message.sender, u"alice"_s);
    QCOMPARE(message.senderPid, QCoreApplication::applicationPid());
    QVERIFY(message.time.isValid());
}

void TestMessageBus::senderDoesNotReceiveItsOwn()
{
    MessageBus alice(m_channel);
    MessageBus bob(m_channel);
    QVERIFY(alice.join(u"alice"_s) && bob.join(u"bob"_s));
    QSignalSpy aliceGot(&alice, &MessageBus::messageReceived);
    QSignalSpy bobGot(&bob, &MessageBus::messageReceived);
    QVERIFY(alice.send(u"one"_s));
    QVERIFY(bob.send(u"two"_s));
    QTRY_COMPARE(bobGot.count(), 1);
    QTRY_COMPARE(aliceGot.count(), 1);
    QCOMPARE(aliceGot.at(0).at(0).value<ChatMessage>().text, u"two"_s);
    QCOMPARE(bobGot.at(0).at(0).value<ChatMessage>().text, u"one"_s);
}

void TestMessageBus::refusesOversizedText()
{
    MessageBus alice(m_channel);
    MessageBus bob(m_channel);
    QVERIFY(alice.join(u"alice"_s) && bob.join(u"bob"_s));
    QSignalSpy bobGot(&bob, &MessageBus::messageReceived);
    QVERIFY(!alice.send(QString(MessageBus::MaxTextBytes + 1, u'x')));
    QCOMPARE(alice.error(), MessageBus::Error::MessageTooLarge);
    QVERIFY2(alice.errorString().contains(u"65537"_s) && alice.errorString().contains(u"65536"_s),
             qPrintable(alice.errorString()));
    // 3-byte characters: 21846 of them are 65538 bytes, one over
    QVERIFY(!alice.send(QString(21846, u'语')));
    QCOMPARE(alice.error(), MessageBus::Error::MessageTooLarge);
    QVERIFY(alice.send(u"after"_s));   // the bus is fine afterwards
    QTRY_COMPARE(bobGot.count(), 1);
    QCOMPARE(bobGot.at(0).at(0).value<ChatMessage>().text, u"after"_s);
}

void TestMessageBus::refusesInvalidText()
{
    MessageBus alice(m_channel);
    QVERIFY(alice.join(u"alice"_s));
    QVERIFY(!alice.sendUtf8(QByteArray("bad \xff byte")));
    QCOMPARE(alice.error(), MessageBus::Error::InvalidText);
    QVERIFY(!alice.sendUtf8(QByteArray("overlong \xc0\xaf")));
    QVERIFY(!alice.sendUtf8(QByteArray("surrogate \xed\xa0\x80")));
    QVERIFY(!alice.sendUtf8(QByteArray("cut \xe4\xbd")));
    QVERIFY(!alice.send(QString(QChar(0xd800)) + u"lone surrogate"_s));
    QCOMPARE(alice.error(), MessageBus::Error::InvalidText);
    QVERIFY(alice.sendUtf8(QByteArray("good \xe4\xbd\xa0")));
}

void TestMessageBus::refusesBadChannelNames_data()
{
    QTest::addColumn<QString>("channel");
    QTest::newRow("empty") << QString();
    QTest::newRow("slash") << u"a/b"_s;
    QTest::newRow("dotdot-slash") << u"../etc"_s;
    QTest::newRow("space") << u"with space"_s;
    QTest::newRow("umlaut") << u"grün"_s;
    QTest::newRow("65 chars") << QString(65, u'a');
}

void TestMessageBus::refusesBadChannelNames()
{
    QFETCH(QString, channel);
    QVERIFY(!MessageBus::isValidChannelName(channel));
    MessageBus bus(channel);
    QSignalSpy errors(&bus, &MessageBus::errorOccurred);
    QVERIFY(!bus.join(u"anna"_s));
    QCOMPARE(bus.error(), MessageBus::Error::InvalidChannel);
    QCOMPARE(errors.count(), 1);
    QVERIFY(!bus.isJoined());
}

void TestMessageBus::acceptsGoodChannelNames()
{
    QVERIFY(MessageBus::isValidChannelName(u"a"_s));
    QVERIFY(MessageBus::isValidChannelName(u"A-z_0.9"_s));
    QVERIFY(MessageBus::isValidChannelName(QString(64, u'x')));
}

void TestMessageBus::normalizesPeerNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");   // empty: refused
    QTest::newRow("plain") << u"anna"_s << u"anna"_s;
    QTest::newRow("trimmed") << u"  anna \t"_s << u"anna"_s;
    QTest::newRow("cjk") << u"李小龙"_s << u"李小龙"_s;
    QTest::newRow("32 emoji") << QString(u"😀"_s).repeated(32) << QString(u"😀"_s).repeated(32);
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << u"   "_s << QString();
    QTest::newRow("33 chars") << QString(33, u'a') << QString();
    QTest::newRow("1000 chars") << QString(1000, u'a') << QString();
    QTest::newRow("escape") << u"a\x1b[31mred"_s << QString();
    QTest::newRow("newline") << u"a\nb"_s << QString();
    QTest::newRow("rtl override") << u"evil\u202Egpj.exe"_s << QString();
}

void TestMessageBus::normalizesPeerNames()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QString why;
    const std::optional<QString> result = MessageBus::normalizedPeerName(name, &why);
    if (expected.isEmpty()) {
        QVERIFY(!result);
        QVERIFY(!why.isEmpty());
        MessageBus bus(m_channel);
        QVERIFY(!bus.join(name));
        QCOMPARE(bus.error(), MessageBus::Error::InvalidName);
    } else {
        QCOMPARE(result.value_or(QString()), expected);
    }
}

void TestMessageBus::sendBeforeJoinFails()
{
    MessageBus bus(m_channel);
    QVERIFY(!bus.send(u"x"_s));
    QCOMPARE(bus.error(), MessageBus::Error::NotJoined);
}

void TestMessageBus::reportsPeersJoiningAndLeaving()
{
    MessageBus alice(m_channel);
    QVERIFY(alice.join(u"alice"_s));
    QCOMPARE(alice.peers().size(), 1);
    QVERIFY(alice.peers().at(0).isSelf);
    QSignalSpy joined(&alice, &MessageBus::peerJoined);
    QSignalSpy left(&alice, &MessageBus::peerLeft);
    {
        MessageBus bob(m_channel);
        QVERIFY(bob.join(u"bob"_s));
        QCOMPARE(bob.peers().size(), 2);
        QTRY_COMPARE(joined.count(), 1);
        const auto peer = joined.at(0).at(0).value<PeerInfo>();
        QCOMPARE(peer.name, u"bob"_s);
        QVERIFY(!peer.isSelf);
        QCOMPARE(alice.peers().size(), 2);
    }
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(left.at(0).at(0).value<PeerInfo>().name, u"bob"_s);
    QCOMPARE(alice.peers().size(), 1);
}

void TestMessageBus::allPeersSeeOneOrder()
{
    MessageBus a(m_channel), b(m_channel), c(m_channel);
    QVERIFY(a.join(u"a"_s) && b.join(u"b"_s) && c.join(u"c"_s));
    QSignalSpy atA(&a, &MessageBus::messageReceived);
    QSignalSpy atB(&b, &MessageBus::messageReceived);
    QSignalSpy atC(&c, &MessageBus::messageReceived);
    constexpr int N = 300;
    for (int i = 0; i < N; ++i) {
        QVERIFY(a.send(testtexts::text(u"a"_s, i)));
        QVERIFY(b.send(testtexts::text(u"b"_s, i)));
    }
    QTRY_COMPARE(atC.count(), 2 * N);
    QTRY_COMPARE(atA.count(), N);
    QTRY_COMPARE(atB.count(), N);
    QHash<QString, quint64> seqAtC;
    quint64 last = 0;
    for (const auto &args : std::as_const(atC)) {
        const auto m = args.at(0).value<ChatMessage>();
        QVERIFY(m.seq > last || seqAtC.isEmpty());
        last = m.seq;
        seqAtC.insert(m.text, m.seq);
    }
    QCOMPARE(seqAtC.size(), 2 * N);
    for (const QSignalSpy *spy : {&atA, &atB}) {
        for (const auto &args : *spy) {
            const auto m = args.at(0).value<ChatMessage>();
            QCOMPARE(m.seq, seqAtC.value(m.text));
        }
    }
}

void TestMessageBus::lastPeerRemovesTheSegment()
{
    {
        MessageBus a(m_channel), b(m_channel);
        QVERIFY(a.join(u"a"_s) && b.join(u"b"_s));
        QVERIFY(testsupport::segmentExists(m_channel));
        a.leave();
        QVERIFY(testsupport::segmentExists(m_channel));
    }
    QVERIFY(!testsupport::segmentExists(m_channel));
}

void TestMessageBus::channelsDoNotMix()
{
    // Two channels, two peers each. Every peer waits for what its own channel must bring (so
    // both rings were read past the other channel's traffic) and then has exactly that.
    const QString other = testsupport::uniqueChannel("other");
    MessageBus a(m_channel), a2(m_channel), b(other), c(other);
    QVERIFY(a.join(u"a"_s) && a2.join(u"a2"_s) && b.join(u"b"_s) && c.join(u"c"_s));
    QSignalSpy atA(&a, &MessageBus::messageReceived);
    QSignalSpy atA2(&a2, &MessageBus::messageReceived);
    QSignalSpy atB(&b, &MessageBus::messageReceived);
    QSignalSpy atC(&c, &MessageBus::messageReceived);
    QVERIFY(a.send(u"for channel one"_s));
    QVERIFY(c.send(u"for channel two"_s));
    QVERIFY(a2.send(u"one: last"_s));
    QVERIFY(b.send(u"two: last"_s));
    const auto texts = [](const QSignalSpy &spy) {
        QStringList list;
        for (const QList<QVariant> &args : spy)
            list << args.at(0).value<ChatMessage>().text;
        return list;
    };
    QTRY_COMPARE(texts(atA), QStringList{u"one: last"_s});
    QTRY_COMPARE(texts(atA2), QStringList{u"for channel one"_s});
    QTRY_COMPARE(texts(atB), QStringList{u"for channel two"_s});
    QTRY_COMPARE(texts(atC), QStringList{u"two: last"_s});
    QCOMPARE(a.peers().size(), 2);
    QCOMPARE(b.peers().size(), 2);
    b.leave();
    c.leave();
    QVERIFY(testsupport::removeChannelLeftovers(other));
}

// keepMessageMemory() really changes glibc's thresholds: it once compiled to nothing, because
// __GLIBC__ was not yet defined where it was tested, and large messages kept faulting.
void TestMessageBus::memoryTuningTakesEffect()
{
#if !defined(__GLIBC__) || defined(PEERCHAT_SANITIZED)
    QSKIP("glibc's own allocator only (the sanitizers bring theirs)");
#else
    memorytuning::keepMessageMemory();
    const std::size_t mappedBefore = mallinfo2().hblkhd;
    void *block = std::malloc(512 * 1024);   // above glibc's default mmap threshold, below ours
    QVERIFY(block);
    const std::size_t mappedDuring = mallinfo2().hblkhd;
    std::free(block);
    QCOMPARE(mappedDuring, mappedBefore);    // served from the heap, not by a fresh mmap()
#endif
}


// A bridge (peerchat-bridge) publishes under several names from one slot and announces peers of
// other machines; they go when it leaves. The name cache must give each record its own name.
void TestMessageBus::relaysRemoteSendersAndPeers()
{
    MessageBus bridge(m_channel);
    MessageBus anna(m_channel);
    QVERIFY2(bridge.join(u"bridge"_s) && anna.join(u"anna"_s), qPrintable(bridge.errorString() + anna.errorString()));
    QSignalSpy received(&anna, &MessageBus::messageReceived);
    QSignalSpy joined(&anna, &MessageBus::peerJoined);
    QSignalSpy left(&anna, &MessageBus::peerLeft);
    QVERIFY2(bridge.announceRemotePeer(u"bob@panel"_s), qPrintable(bridge.errorString()));
    QVERIFY2(bridge.announceRemotePeer(u"bob@panel"_s), qPrintable(bridge.errorString()));   // again: no new peer
    QVERIFY2(bridge.announceRemotePeer(u"eve@box"_s), qPrintable(bridge.errorString()));
    const QStringList senders{u"bob@panel"_s, u"eve@box"_s, u"bob@panel"_s, u"bridge"_s, u"eve@box"_s};
    for (qsizetype i = 0; i < senders.size(); ++i) {
        const bool local = senders.at(i) == u"bridge"_s;
        // The relay tag spans both halves of the record's tag word (layout::recordTag()).
        QVERIFY2(local ? bridge.send(QString::number(i)) : bridge.sendAs(senders.at(i), QString::number(i), 0xA5000000u + quint32(i)),
                 qPrintable(bridge.errorString()));
    }
    QTRY_COMPARE(received.count(), senders.size());
    for (qsizetype i = 0; i < senders.size(); ++i) {
        const auto message = received.at(i).at(0).value<ChatMessage>();
        QCOMPARE(message.sender, senders.at(i));
        QCOMPARE(message.text, QString::number(i));
        QCOMPARE(message.relayed, senders.at(i) != u"bridge"_s);
        QCOMPARE(message.relayTag, message.relayed ? 0xA5000000u + quint32(i) : 0u);
    }
    QCOMPARE(joined.count(), 2);
    QCOMPARE(anna.peers().size(), 4);   // anna, bridge, bob@panel, eve@box
    QVERIFY(!bridge.sendAs(u"a\u0001b@x"_s, u"x"_s));
    QCOMPARE(bridge.error(), MessageBus::Error::InvalidName);

    QVERIFY2(bridge.withdrawRemotePeer(u"eve@box"_s), qPrintable(bridge.errorString()));
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(left.at(0).at(0).value<PeerInfo>().name, u"eve@box"_s);
    QVERIFY(left.at(0).at(0).value<PeerInfo>().remote);

    // A peer that joins later learns remote peers when the bridge announces them again.
    MessageBus late(m_channel);
    QSignalSpy lateJoined(&late, &MessageBus::peerJoined);
    QSignalSpy lateHistory(&late, &MessageBus::messageReceived);
    QVERIFY2(late.join(u"late"_s), qPrintable(late.errorString()));
    // The history keeps the relay tags (a restarted peerchat-bridge reads them there).
    QTRY_COMPARE(lateHistory.count(), senders.size());
    for (qsizetype i = 0; i < senders.size(); ++i) {
        const auto message = lateHistory.at(i).at(0).value<ChatMessage>();
        QVERIFY(message.history);
        QCOMPARE(message.relayTag, message.relayed ? 0xA5000000u + quint32(i) : 0u);
    }
    QVERIFY2(bridge.announceRemotePeer(u"bob@panel"_s), qPrintable(bridge.errorString()));
    QTRY_COMPARE(lateJoined.count(), 1);
    QCOMPARE(lateJoined.at(0).at(0).value<PeerInfo>().name, u"bob@panel"_s);

    bridge.leave();   // its remote peer goes with it
    QTRY_COMPARE(left.count(), 3);
    QStringList names;
    for (const QList<QVariant> &args : std::as_const(left))
        names << args.at(0).value<PeerInfo>().name;
    QCOMPARE(names, (QStringList{u"eve@box"_s, u"bob@panel"_s, u"bridge"_s}));
    QCOMPARE(anna.peers().size(), 2);
}

// Delivery::None: a publisher. The others see it join, send and leave; it reads nothing (no
// messages, history or peer events); and no sender ever waits for it, though it never reads:
// bob sends three rings' worth while it is there, and no sender has to give up on it ("not
// waiting for it", the warning a sender logs when it passes a reader that does not keep up).
void TestMessageBus::sendOnlyPeerReadsNothingAndHoldsNoOneUp()
{
    QTest::failOnWarning(QRegularExpression(u"not waiting for it"_s));
    MessageBus bob(m_channel);
    QSignalSpy bobJoined(&bob, &MessageBus::peerJoined);
    QSignalSpy bobLeft(&bob, &MessageBus::peerLeft);
    QSignalSpy atBob(&bob, &MessageBus::messageReceived);
    QVERIFY(bob.join(u"bob"_s));
    QVERIFY(bob.send(u"before the publisher"_s));   // history a reader would get

    MessageBus pub(m_channel);
    pub.setDelivery(MessageBus::Delivery::None);
    pub.setHistoryLimit(100);
    QSignalSpy atPub(&pub, &MessageBus::messageReceived);
    QSignalSpy pubHistory(&pub, &MessageBus::historyReceived);
    QSignalSpy pubJoined(&pub, &MessageBus::peerJoined);
    QVERIFY2(pub.join(u"pub"_s), qPrintable(pub.errorString()));
    QCOMPARE(pub.delivery(), MessageBus::Delivery::None);
    QVERIFY(pub.peers().isEmpty());
    QTRY_COMPARE(bobJoined.count(), 1);
    QCOMPARE(bobJoined.at(0).at(0).value<PeerInfo>().name, u"pub"_s);

    constexpr int Own = 3 * 4096;   // three times round the ring, which pub never reads
    for (int i = 0; i < Own; i += 64) {
        QStringList texts;
        for (int k = i; k < i + 64; ++k)
            texts << testtexts::text(u"bob"_s, k);
        QVERIFY(bob.sendBatch(texts));
    }
    constexpr int FromPub = 5000;
    for (int i = 0; i < FromPub; ++i)
        QVERIFY(pub.send(testtexts::text(u"pub"_s, i)));
    QTRY_COMPARE_WITH_TIMEOUT(atBob.count(), FromPub, testsupport::HangGuardMs);
    for (int i = 0; i < FromPub; ++i) {
        const auto m = atBob.at(i).at(0).value<ChatMessage>();
        QCOMPARE(m.sender, u"pub"_s);
        QCOMPARE(m.text, testtexts::text(u"pub"_s, i));
    }
    QCOMPARE(bob.missedCount(), quint64(0));
    QTest::qWait(100);   // time for anything that was to come to pub
    QCOMPARE(atPub.count(), 0);
    QCOMPARE(pubHistory.count(), 0);
    QCOMPARE(pubJoined.count(), 0);
    QCOMPARE(pub.missedCount(), quint64(0));

    pub.leave();
    QTRY_COMPARE(bobLeft.count(), 1);
    QCOMPARE(bobLeft.at(0).at(0).value<PeerInfo>().name, u"pub"_s);
    QVERIFY(bob.send(u"after the publisher"_s));
    bob.leave();
}

// A peer's outbox is in memory from its join on (the first lap through it then takes no page
// fault: DESIGN.md, "Mapping ahead"), and the outboxes of slots nobody holds still cost nothing.
void TestMessageBus::joinMapsItsOutboxAhead()
{
    const std::size_t pageSize = std::size_t(::sysconf(_SC_PAGESIZE));
    {
        std::vector<char> probe(2 * pageSize);
        void *page = reinterpret_cast<void *>((reinterpret_cast<std::uintptr_t>(probe.data()) + pageSize - 1) & ~std::uintptr_t(pageSize - 1));
        if (::madvise(page, pageSize, 22 /* MADV_POPULATE_READ */) != 0 && errno == EINVAL)
            QSKIP("this kernel cannot map ahead (Linux 5.14 and later can)");
    }
    MessageBus a(m_channel);
    QVERIFY(a.join(u"a"_s));
    QSharedMemory segment;
    QString why;
    QVERIFY(ipckey::setSegmentKey(segment, testsupport::segmentKeyFile(m_channel), &why));
    QVERIFY(ipckey::attachSegment(segment, testsupport::segmentKeyFile(m_channel)));
    layout::SegmentMap map{static_cast<uchar *>(segment.data())};
    int slot = -1;
    for (int i = 0; i < int(layout::MaxPeers); ++i) {
        const layout::PeerSlot *s = map.slot(i);
        if (s->nameLength.load() == 1 && s->name[0] == 'a' && layout::ownerState(s->owner.load()) == layout::SlotActive)
            slot = i;
    }
    QVERIFY(slot >= 0);
    // The pages [from, from + length) touches (4 KiB, or 16/64 KiB on some arm64): how many, and
    // how many of them are in memory; `inner`: only those wholly inside.
    struct Pages { int count = 0; int resident = -1; };
    const auto pages = [&](const uchar *from, std::size_t length, bool inner) {
        auto first = reinterpret_cast<std::uintptr_t>(from) / pageSize;
        auto end = (reinterpret_cast<std::uintptr_t>(from) + length + pageSize - 1) / pageSize;
        if (inner) {
            first = (reinterpret_cast<std::uintptr_t>(from) + pageSize - 1) / pageSize;
            end = (reinterpret_cast<std::uintptr_t>(from) + length) / pageSize;
        }
        Pages p;
        p.count = int(end - first);
        std::vector<unsigned char> in(end - first);
        if (::mincore(reinterpret_cast<void *>(first * pageSize), (end - first) * pageSize, in.data()) == 0)
            p.resident = int(std::count_if(in.begin(), in.end(), [](unsigned char b) { return b & 1; }));
        return p;
    };
    // a sent one record ("joined"): one page of its outbox would be in memory without mapping ahead.
    const Pages own = pages(map.outbox(slot), layout::OutboxSize, false);
    QCOMPARE(own.resident, own.count);
    const Pages ring = pages(reinterpret_cast<const uchar *>(map.cell(0)), layout::RingCells * sizeof(quint64), false);
    QCOMPARE(ring.resident, ring.count);
    const int unused = slot == int(layout::MaxPeers) - 1 ? 0 : int(layout::MaxPeers) - 1;
    const Pages nobodys = pages(map.outbox(unused), layout::OutboxSize, true);
    QVERIFY(nobodys.count > 0);
    QCOMPARE(nobodys.resident, 0);
    ipckey::detachSegment(segment, testsupport::segmentKeyFile(m_channel));
    a.leave();
}

QTEST_GUILESS_MAIN(TestMessageBus)
#include "tst_messagebus.moc"
