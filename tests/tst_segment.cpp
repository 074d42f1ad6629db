// The segment as untrusted input, and leftovers of crashed runs: another layout version, a
// damaged header, a key collision, a killed last peer.
#include "channelsegment.h"
#include "messagebus.h"
#include "segmentlayout_p.h"
#include "testsupport.h"

#include <QDir>
#include <QSharedMemory>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <sys/shm.h>

using namespace Qt::StringLiterals;
using testsupport::Peer;

namespace {
// layout::readRecordInto() as a value: the record, or nothing when a check failed.
std::optional<layout::ParsedRecord> readRecord(const uchar *outbox, quint64 cell, layout::NameCache *names = nullptr)
{
    layout::ParsedRecord record;
    if (!layout::readRecordInto(outbox, cell, &record, names))
        return std::nullopt;
    return record;
}
} // namespace

class TestSegment : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_channel = testsupport::uniqueChannel("seg"); }
    void cleanup()
    {
        if (m_foreign)
            ipckey::detachSegment(*m_foreign, testsupport::segmentKeyFile(m_channel));
        m_foreign.reset();
        QVERIFY2(testsupport::removeChannelLeftovers(m_channel), "the channel's segment was left behind");
    }

    void checkHeaderJudgesBytes();
    void readRecordRefusesWhatTheCellDoesNotName();
    void payloadArenaSlicesBehaveLikeTheirOwnCopies();
    void readerWalkIsBoundedWhateverTheHeadSays_data();
    void readerWalkIsBoundedWhateverTheHeadSays();
    void refusesAnotherLayoutVersion();
    void refusesADamagedHeaderInUse();
    void refusesAKeyCollision();
    void replacesADamagedLeftover();
    void reusesTheLeftoverOfAKilledLastPeer();
    void createsPrivateObjects();
    void listsAndPurgesChannels();

private:
    // A segment at the channel's key that this test writes by hand, as another program could.
    uchar *makeForeignSegment(std::size_t size)
    {
        QDir().mkpath(runtimedir::path());
        m_foreign = std::make_unique<QSharedMemory>();
        QString why;
        if (!ipckey::setSegmentKey(*m_foreign, testsupport::segmentKeyFile(m_channel), &why)
            || ipckey::createSegment(*m_foreign, testsupport::segmentKeyFile(m_channel), qsizetype(size), &why)
                != ipckey::CreateResult::Created)
            return nullptr;
        return static_cast<uchar *>(m_foreign->data());
    }
    void writeValidHeader(uchar *memory, const QByteArray &channel) { layout::writeHeader(memory, channel); }
    QByteArray joinFails()
    {
        Peer peer;
        peer.start(QStringLiteral(PEERCHAT_BINARY), {u"--headless"_s, u"--channel"_s, m_channel, u"--name"_s, u"x"_s});
        peer.closeInput();
        if (!peer.waitForFinished() || !peer.exitedWith(1))
            return "did not exit with 1: " + peer.standardError();
        return peer.standardError();
    }

    QString m_channel;
    std::unique_ptr<QSharedMemory> m_foreign;
};

void TestSegment::checkHeaderJudgesBytes()
{
    std::vector<uchar> memory(sizeof(layout::Header) + 64, 0);
    const QByteArray channel = "general";
    QCOMPARE(layout::checkHeader(memory.data(), 8, channel).check, layout::HeaderCheck::TooSmall);
    QCOMPARE(layout::checkHeader(memory.data(), memory.size(), channel).check, layout::HeaderCheck::BadMagic);
    writeValidHeader(memory.data(), channel);
    // The segment claims more bytes than it has.
    QCOMPARE(layout::checkHeader(memory.data(), memory.size(), channel).check, layout::HeaderCheck::BadGeometry);
    QCOMPARE(layout::checkHeader(memory.data(), layout::segmentSize, channel).check, layout::HeaderCheck::Ok);
    QCOMPARE(layout::checkHeader(memory.data(), layout::segmentSize, "other").check, layout::HeaderCheck::OtherChannel);
    reinterpret_cast<layout::Header *>(memory.data())->channelNameLength = 1000;
    QCOMPARE(layout::checkHeader(memory.data(), layout::segmentSize, channel).check, layout::HeaderCheck::BadGeometry);
    reinterpret_cast<layout::Header *>(memory.data())->version = 7;
    const layout::HeaderVerdict verdict = layout::checkHeader(memory.data(), memory.size(), channel);
    QCOMPARE(verdict.check, layout::HeaderCheck::OtherVersion);
    QCOMPARE(verdict.foundVersion, 7u);
}

void TestSegment::readRecordRefusesWhatTheCellDoesNotName()
{
    std::vector<uchar> outbox(layout::OutboxSize, 0);
    layout::RecordHeader h{};
    h.stamp = 3 * layout::OutboxSize + 128;   // third lap, offset 128
    h.kind = layout::RecordMessage;
    h.nameBytes = 4;
    h.textBytes = 5;
    std::memcpy(outbox.data() + 128, &h, sizeof h);
    std::memcpy(outbox.data() + 128 + sizeof h, "annahello", 9);
    const quint64 cell = layout::makeCell(42, 1, h.stamp);
    const std::optional<layout::ParsedRecord> record = readRecord(outbox.data(), cell);
    QVERIFY(record);
    QCOMPARE(record->name, u"anna"_s);
    QCOMPARE(record->text, u"hello"_s);
    // Through a name cache: the same name, and a changed name is decoded again.
    layout::NameCache names;
    QCOMPARE(readRecord(outbox.data(), cell, &names)->name, u"anna"_s);
    std::memcpy(outbox.data() + 128 + sizeof h, "anne", 4);
    QCOMPARE(readRecord(outbox.data(), cell, &names)->name, u"anne"_s);
    // A name the cache has not seen is checked: invalid UTF-8 there is refused, not cached.
    std::memcpy(outbox.data() + 128 + sizeof h, "an\xFF" "e", 4);
    QVERIFY(!readRecord(outbox.data(), cell, &names));
    QVERIFY(!readRecord(outbox.data(), cell, &names));
    std::memcpy(outbox.data() + 128 + sizeof h, "anne", 4);
    QCOMPARE(readRecord(outbox.data(), cell, &names)->name, u"anne"_s);
    // A leading byte order mark is part of the text, not dropped.
    std::memcpy(outbox.data() + 128 + sizeof h + 4, "\xEF\xBB\xBFhi", 5);
    QCOMPARE(readRecord(outbox.data(), cell, &names)->text, u"\uFEFFhi"_s);
    // Same offset, another lap: the stamp does not match the cell.
    QVERIFY(!readRecord(outbox.data(), layout::makeCell(42, 1, h.stamp + layout::OutboxSize)));
    // A length running past the end of the outbox.
    h.textBytes = layout::MaxTextBytes;
    h.stamp = layout::OutboxSize - 64;
    std::memcpy(outbox.data() + layout::OutboxSize - 64, &h, sizeof h);
    QVERIFY(!readRecord(outbox.data(), layout::makeCell(1, 1, h.stamp)));
    // Invalid UTF-8 is never passed on as text.
    h.stamp = 0;
    h.textBytes = 2;
    std::memcpy(outbox.data(), &h, sizeof h);
    std::memcpy(outbox.data() + sizeof h, "anna\xff\xfe", 6);
    QVERIFY(!readRecord(outbox.data(), layout::makeCell(1, 1, 0)));
}

// The payloads a reader copies out share blocks (layout::PayloadArena): each slice must still
// behave as a QByteArray/QString of its own (terminated, detached on change, the block reused only
// once nobody holds a slice), and a message that came alone must keep no big block alive.
namespace {
// The block a QByteArray's bytes live in (data_ptr() has no const overload on Qt 6.4; it does not detach).
const QArrayData *blockOf(const QByteArray &bytes)
{
    return const_cast<QByteArray &>(bytes).data_ptr().d;
}
} // namespace

void TestSegment::payloadArenaSlicesBehaveLikeTheirOwnCopies()
{
    layout::PayloadArena arena;
    // A lone message (no batch before it): its block is its own size.
    QByteArray lone = arena.bytes("x", 1);
    arena.endBatch();
    QVERIFY(blockOf(lone)->alloc <= 2);
    lone = {};
    // A batch of 64-byte payloads: slices of shared blocks, each terminated, all intact.
    std::vector<QByteArray> batch;
    std::vector<QString> texts;
    for (int i = 0; i < 300; ++i) {
        const QByteArray payload = QByteArray(64, char('a' + i % 26));
        batch.push_back(arena.bytes(payload.constData(), payload.size()));
        texts.push_back(arena.text(payload.constData(), payload.size()));
    }
    arena.endBatch();
    for (int i = 0; i < 300; ++i) {
        QCOMPARE(batch[i], QByteArray(64, char('a' + i % 26)));
        QCOMPARE(batch[i].constData()[64], '\0');
        QCOMPARE(texts[i], QString(64, QChar(u'a' + i % 26)));
        QCOMPARE(texts[i].utf16()[64], u'\0');
    }
    // A few blocks (they double from the lone message's size), not one allocation each.
    std::set<const QArrayData *> blocks;
    for (const QByteArray &b : batch) {
        blocks.insert(blockOf(b));
        QVERIFY(blockOf(b)->alloc <= layout::PayloadArena::BlockBytes + 1);
    }
    QVERIFY2(blocks.size() <= 10, QByteArray::number(qulonglong(blocks.size())));
    // Changing a slice detaches it: its neighbours in the block do not change.
    QByteArray changed = batch[1];
    changed[0] = 'Z';
    changed.append("more");
    QCOMPARE(batch[1], QByteArray(64, 'b'));
    QCOMPARE(batch[2], QByteArray(64, 'c'));
    QCOMPARE(changed.size(), 68);
    QString changedText = texts[1];
    changedText.append(u"more"_s);
    QCOMPARE(texts[1], QString(64, u'b'));
    QCOMPARE(texts[2], QString(64, u'c'));
    // squeeze() gives a kept message an allocation of its own.
    QByteArray kept = batch[5];
    kept.squeeze();
    QVERIFY(blockOf(kept) != blockOf(batch[5]));
    QCOMPARE(kept, QByteArray(64, 'f'));
    // A block is used from its start again only once nobody holds a slice of it.
    const QByteArray held = batch[299];
    const auto *heldBlock = blockOf(held);
    batch.clear();
    changed = {};
    for (int i = 0; i < 300; ++i)
        batch.push_back(arena.bytes("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64));
    arena.endBatch();
    QCOMPARE(held, QByteArray(64, char('a' + 299 % 26)));   // its block went on past it, never back over it
    QVERIFY(std::any_of(batch.begin(), batch.end(), [&](const QByteArray &b) { return blockOf(b) != heldBlock; }));
    // Released: the same bytes of the same block are handed out again.
    std::set<const char *> places;
    for (const QByteArray &b : batch)
        places.insert(b.constData());
    batch.clear();
    for (int i = 0; i < 300; ++i)
        batch.push_back(arena.bytes("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64));
    QVERIFY(std::any_of(batch.begin(), batch.end(), [&](const QByteArray &b) { return places.count(b.constData()) > 0; }));
    // Text exactly as decodeExact(): a leading byte order mark kept, non-ASCII, surrogate pairs.
    const QByteArray utf8 = "\xEF\xBB\xBFh\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    QCOMPARE(arena.text(utf8.constData(), utf8.size()), layout::decodeExact(utf8.constData(), utf8.size()));
    QCOMPARE(arena.text(utf8.constData(), utf8.size()), u"\uFEFFh\u00E9\u20AC\U0001F600"_s);
    // Empty and large payloads: as before (a large one has an allocation of its own).
    QVERIFY(arena.bytes("", 0).isEmpty());
    QVERIFY(arena.text("", 0).isEmpty());
    const QByteArray big(layout::PayloadArena::SmallBytes + 1, 'q');
    QVERIFY(blockOf(arena.bytes(big.constData(), big.size()))->alloc <= big.size() + 1);
}

// A reader walks the ring from its position: whatever another program wrote into `head` and the
// cells, the walk must end (an Empty position) within a couple of laps, never wrap around the
// position space and start again. fuzz_segment found a head just below 2^64: the jump to "an
// eighth of a ring behind the head" took the reader there, position + 1 wrapped to 0, and the
// next impossible cell sent it back up: a watcher spinning for ever.
void TestSegment::readerWalkIsBoundedWhateverTheHeadSays_data()
{
    QTest::addColumn<quint64>("head");
    QTest::newRow("2^64 - 1") << ~quint64(0);
    QTest::newRow("2^64 - 100") << ~quint64(0) - 99;
    QTest::newRow("2^64 - 5000") << ~quint64(0) - 4999;
    QTest::newRow("2^63") << (quint64(1) << 63);
    QTest::newRow("2^40") << (quint64(1) << 40);
}

void TestSegment::readerWalkIsBoundedWhateverTheHeadSays()
{
    QFETCH(quint64, head);
    std::unique_ptr<uchar, decltype(&std::free)> image(static_cast<uchar *>(std::calloc(layout::segmentSize, 1)), &std::free);
    QVERIFY(image);
    uchar *m = image.get();
    layout::writeHeader(m, "walk");
    auto *h = reinterpret_cast<layout::Header *>(m);
    auto *cells = reinterpret_cast<std::atomic<quint64> *>(m + layout::ringOffset);
    h->head.store(head);
    // Every cell holds a tag of no lap near anything: impossible wherever the reader is.
    for (std::size_t i = 0; i < layout::RingCells; ++i)
        cells[i].store(quint64(0x0abcdef) << (layout::SenderBits + layout::StampBits) | 1);
    ChannelSegment segment(u"walk"_s, u"/nonexistent"_s);
    segment.adoptForReading(m, 0);
    quint64 position = 5;
    int steps = 0;
    constexpr int Limit = 4 * int(layout::RingCells);
    while (steps < Limit) {
        const RingReader::ReadResult r = segment.reader().read(position);
        if (r.status == RingReader::ReadStatus::Empty)
            break;
        QVERIFY2(r.next > position, qPrintable(u"position %1 went back to %2"_s.arg(position).arg(r.next)));
        position = r.next;
        ++steps;
        // The repaired cells would end the walk at once; keep them impossible, as a writer can.
        for (std::size_t i = 0; i < layout::RingCells; ++i)
            cells[i].store(quint64(0x0abcdef) << (layout::SenderBits + layout::StampBits) | 1);
    }
    QVERIFY2(steps < Limit, qPrintable(u"still walking after %1 reads, at position %2"_s.arg(steps).arg(position)));
    // The watcher sleeps where read() found nothing, unless hasDataAt() says otherwise: it must not.
    QVERIFY2(!segment.reader().hasDataAt(position), qPrintable(u"read() and hasDataAt() disagree at %1"_s.arg(position)));
}

void TestSegment::refusesAnotherLayoutVersion()
{
    uchar *memory = makeForeignSegment(4096);
    QVERIFY(memory);
    const quint64 magic = layout::Magic;
    const quint32 version = 99;
    std::memcpy(memory, &magic, 8);
    std::memcpy(memory + 8, &version, 4);
    const QByteArray error = joinFails();
    QVERIFY2(error.contains("layout version 99") && error.contains("layout version 2;"), error.constData());
    QVERIFY2(error.startsWith("peerchat: channel \"" + m_channel.toUtf8() + "\" uses"), error.constData());
}

void TestSegment::refusesADamagedHeaderInUse()
{
    uchar *memory = makeForeignSegment(layout::segmentSize);
    QVERIFY(memory);
    std::memset(memory, 0x5a, 4096);   // random-looking bytes over the header
    const QByteArray error = joinFails();
    QVERIFY2(error.contains("peerchat: channel " + m_channel.toUtf8() + " is damaged: its header has no peerchat magic"),
             error.constData());
    writeValidHeader(memory, m_channel.toUtf8());
    reinterpret_cast<layout::Header *>(memory)->ringCells = 7;
    const QByteArray error2 = joinFails();
    QVERIFY2(error2.contains("is damaged: its header has impossible sizes"), error2.constData());
}

void TestSegment::refusesAKeyCollision()
{
    uchar *memory = makeForeignSegment(layout::segmentSize);
    QVERIFY(memory);
    writeValidHeader(memory, "someone-else");
    const QByteArray error = joinFails();
    QVERIFY2(error.contains("is in use by channel \"someone-else\""), error.constData());
}

void TestSegment::replacesADamagedLeftover()
{
    // A peer holds the channel; we scribble over the header; the peer is killed. The next
    // peer finds a damaged segment nobody uses, replaces it, and chats.
    Peer holder;
    holder.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"holder"_s});
    QVERIFY(holder.waitForLine("ready").startsWith("ready"));
    {
        QSharedMemory scribbler;
        QString why;
        QVERIFY(ipckey::setSegmentKey(scribbler, testsupport::segmentKeyFile(m_channel), &why));
        QVERIFY(ipckey::attachSegment(scribbler, testsupport::segmentKeyFile(m_channel)));
        std::memset(scribbler.data(), 0xff, 64);
        ipckey::detachSegment(scribbler, testsupport::segmentKeyFile(m_channel));
    }
    holder.kill();
    QVERIFY(testsupport::segmentExists(m_channel));
    QCOMPARE(ipckey::segmentAttachCount(testsupport::segmentKeyFile(m_channel)), 0);
    MessageBus a(m_channel), b(m_channel);
    QVERIFY2(a.join(u"a"_s), qPrintable(a.errorString()));
    QVERIFY2(b.join(u"b"_s), qPrintable(b.errorString()));
    QTRY_COMPARE(a.peers().size(), 2);
}

void TestSegment::reusesTheLeftoverOfAKilledLastPeer()
{
    Peer victim;
    victim.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"victim"_s});
    QVERIFY(victim.waitForLine("ready").startsWith("ready"));
    victim.kill();   // SIGKILL: no chance to leave
    QVERIFY(testsupport::segmentExists(m_channel));
    {
        MessageBus next(m_channel);
        QVERIFY2(next.join(u"next"_s), qPrintable(next.errorString()));
        // The dead peer's slot was taken back: only we are on the channel.
        QCOMPARE(next.peers().size(), 1);
        QVERIFY(next.peers().at(0).isSelf);
    }
    QVERIFY2(!testsupport::segmentExists(m_channel), "the leftover was not removed after the last peer left");
}

void TestSegment::createsPrivateObjects()
{
    MessageBus bus(m_channel);
    QVERIFY(bus.join(u"private"_s));
    const key_t key = ::ftok(QFile::encodeName(testsupport::segmentKeyFile(m_channel)).constData(), 'Q');
    const int id = ::shmget(key, 0, 0);
    QVERIFY(id != -1);
    shmid_ds ds{};
    QCOMPARE(::shmctl(id, IPC_STAT, &ds), 0);
    QCOMPARE(ds.shm_perm.mode & 0777, 0600u);
    QCOMPARE(ds.shm_perm.uid, ::geteuid());
    QCOMPARE(QFileInfo(runtimedir::path()).permissions() & (QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther),
             QFile::Permissions());
}

void TestSegment::listsAndPurgesChannels()
{
    Peer holder;
    holder.start(QStringLiteral(TESTPEER_BINARY), {u"hold"_s, m_channel, u"holder"_s});
    QVERIFY(holder.waitForLine("ready").startsWith("ready"));
    const auto run = [](const QStringList &args, int *code) {
        Peer tool;
        tool.start(QStringLiteral(PEERCHAT_BINARY), args);
        (void)tool.waitForFinished();
        *code = tool.process().exitCode();
        return tool.lines().join('\n') + tool.standardError();
    };
    int code = -1;
    QByteArray out = run({u"--channels"_s}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(m_channel.toUtf8() + ": healthy, layout version 2"), out.constData());
    QVERIFY2(out.contains("holder") && out.contains("alive"), out.constData());
    holder.signal(SIGSTOP);
    // Stopped for real before the tool looks (a SIGSTOP takes a moment to take effect).
    QTRY_VERIFY(testsupport::processStopped(holder.pid()));
    out = run({u"--channels"_s}, &code);
    QVERIFY2(out.contains("frozen"), out.constData());
    out = run({u"--purge"_s, m_channel}, &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains("still has live peers: holder (pid " + QByteArray::number(holder.pid()) + ")"), out.constData());
    QVERIFY(testsupport::segmentExists(m_channel));
    holder.kill();   // SIGKILL: it leaves its segment, doorbell and records behind
    out = run({u"--channels"_s}, &code);
    QVERIFY2(out.contains("gone"), out.constData());
    out = run({u"--purge"_s, m_channel}, &code);
    QCOMPARE(code, 0);
    QVERIFY2(out.contains("Removed channel"), out.constData());
    QVERIFY(!testsupport::segmentExists(m_channel));
    QVERIFY(QDir(runtimedir::path()).entryList({m_channel + u".*"_s}).isEmpty());
    out = run({u"--purge"_s, u"bad/name"_s}, &code);
    QCOMPARE(code, 2);
}

QTEST_GUILESS_MAIN(TestSegment)
#include "tst_segment.moc"
