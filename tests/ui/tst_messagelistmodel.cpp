// MessageListModel and displaytext: batching, the row cap and its count, unread marks, and
// that untrusted text cannot reach the layout raw.
#include "displaytext.h"
#include "languagemanager.h"
#include "messagebus.h"
#include "messagelistmodel.h"

#include "messagedelegate.h"

#include <QImage>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

ChatMessage message(const QString &sender, const QString &text)
{
    ChatMessage m;
    m.sender = sender;
    m.senderPid = 4242;
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_languages.setLanguage(u"en"_s)); }   // English plural forms
    void batchesAppendsIntoOneInsert();
    void holdsTenThousandMessages();
    void dropsOldestBeyondCapAndCounts();
    void dropsWhenTextBytesExceedCap();
    void marksUnreadOnlyWhileMarking();
    void presenceAndMissedRows();
    void historyRowsAreQuietAndNeverUnread();
    void clearResets();
    void escapesControlAndBidiCharacters_data();
    void escapesControlAndBidiCharacters();
    void cutsHugeTextForDisplayButKeepsIt();
    void delegateCorrectsEstimatedHeightsWhenPainting();

private:
    LanguageManager m_languages;
};

void TestMessageListModel::batchesAppendsIntoOneInsert()
{
    MessageListModel model;
    QSignalSpy inserted(&model, &MessageListModel::rowsInserted);
    for (int i = 0; i < 200; ++i)
        model.appendMessage(message(u"anna"_s, u"m%1"_s.arg(i)), false);
    QCOMPARE(model.rowCount(), 0);           // nothing until the event loop turns
    QCOMPARE(model.pendingCount(), 200);
    QTRY_COMPARE(model.rowCount(), 200);
    QCOMPARE(inserted.count(), 1);           // one beginInsertRows for the whole batch
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 199);
    QCOMPARE(model.index(199).data(MessageListModel::TextRole).toString(), u"m199"_s);
    QCOMPARE(model.index(0).data(MessageListModel::SenderRole).toString(), u"anna"_s);
    // A flood is inserted 256 rows per event-loop turn, so the window stays responsive.
    inserted.clear();
    for (int i = 200; i < 800; ++i)
        model.appendMessage(message(u"anna"_s, u"m%1"_s.arg(i)), false);
    QTRY_COMPARE(model.rowCount(), 800);
    QCOMPARE(inserted.count(), 3);           // 256 + 256 + 88
    QCOMPARE(model.index(799).data(MessageListModel::TextRole).toString(), u"m799"_s);
}

void TestMessageListModel::holdsTenThousandMessages()
{
    MessageListModel model;
    QVERIFY(model.maxRows() >= 10'000);
    for (int i = 0; i < 10'000; ++i)
        model.appendMessage(message(u"anna"_s, u"message number %1"_s.arg(i)), false);
    model.flush();
    QCOMPARE(model.rowCount(), 10'000);
    QCOMPARE(model.droppedCount(), 0u);
}

void TestMessageListModel::dropsOldestBeyondCapAndCounts()
{
    MessageListModel model;
    model.setMaxRows(100);
    QSignalSpy dropped(&model, &MessageListModel::droppedCountChanged);
    for (int i = 0; i < 150; ++i)
        model.appendMessage(message(u"anna"_s, QString::number(i)), false);
    model.flush();
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.droppedCount(), 50u);
    QVERIFY(!dropped.isEmpty());
    QCOMPARE(dropped.last().at(0).toULongLong(), 50u);
    QCOMPARE(model.index(0).data(MessageListModel::TextRole).toString(), u"50"_s);

    for (int i = 150; i < 170; ++i)           // a second batch pushes out the oldest rows
        model.appendMessage(message(u"anna"_s, QString::number(i)), false);
    model.flush();
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.droppedCount(), 70u);
    QCOMPARE(model.index(0).data(MessageListModel::TextRole).toString(), u"70"_s);
    QCOMPARE(model.index(99).data(MessageListModel::TextRole).toString(), u"169"_s);

    model.setMaxRows(10);                     // lowering the cap drops at once
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.droppedCount(), 160u);
}

void TestMessageListModel::dropsWhenTextBytesExceedCap()
{
    MessageListModel model;
    model.setMaxTextBytes(1024 * 1024);
    const QString big(MessageBus::MaxTextBytes, u'x');   // 128 KiB as QString data
    for (int i = 0; i < 20; ++i)
        model.appendMessage(message(u"anna"_s, big), false);
    model.flush();
    QVERIFY2(model.rowCount() < 20, "memory stays bounded with large messages");
    QVERIFY(model.rowCount() >= 1);
    QCOMPARE(model.droppedCount(), quint64(20 - model.rowCount()));
}

// A late joiner's history: marked, never unread (no count in the title, no notification),
// followed by the "you joined here" divider; what comes live after it is news again.
void TestMessageListModel::historyRowsAreQuietAndNeverUnread()
{
    MessageListModel model;
    model.setMarkingUnread(true);   // the window is in the background
    QSignalSpy unread(&model, &MessageListModel::unreadCountChanged);
    for (int i = 0; i < 3; ++i) {
        ChatMessage earlier = message(u"anna"_s, u"earlier %1"_s.arg(i));
        earlier.history = true;
        model.appendMessage(earlier, false);
    }
    model.appendHistoryEnd(0);
    model.flush();
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.unreadCount(), 0);
    QCOMPARE(unread.count(), 0);
    for (int row = 0; row < 3; ++row) {
        QVERIFY(model.index(row).data(MessageListModel::IsHistoryRole).toBool());
        QVERIFY(!model.index(row).data(MessageListModel::IsUnreadRole).toBool());
    }
    const QModelIndex divider = model.index(3);
    QCOMPARE(divider.data(MessageListModel::KindRole).value<MessageListModel::Kind>(), MessageListModel::Kind::HistoryEnd);
    QCOMPARE(divider.data(Qt::DisplayRole).toString(), u"You joined here"_s);

    model.appendMessage(message(u"anna"_s, u"live"_s), false);
    model.flush();
    QCOMPARE(model.unreadCount(), 1);
    QVERIFY(!model.index(4).data(MessageListModel::IsHistoryRole).toBool());
    QVERIFY(model.index(4).data(MessageListModel::IsUnreadRole).toBool());

    model.appendHistoryEnd(3);
    model.flush();
    QCOMPARE(model.index(5).data(Qt::DisplayRole).toString(),
             u"You joined here; 3 earlier messages could not be recovered"_s);
    QCOMPARE(model.index(5).data(MessageListModel::CountRole).toULongLong(), 3u);

    // The delegate paints both kinds of rows (history in its quiet style, the divider's rule).
    QListView view;
    view.setModel(&model);
    MessageDelegate delegate(&view);
    view.setItemDelegate(&delegate);
    view.resize(500, 400);
    QImage image(view.size(), QImage::Format_ARGB32);
    view.render(&image);
    QVERIFY(delegate.sizeHint(QStyleOptionViewItem(), model.index(0)).height() > 0);
}

void TestMessageListModel::marksUnreadOnlyWhileMarking()
{
    MessageListModel model;
    QSignalSpy unread(&model, &MessageListModel::unreadCountChanged);
    model.appendMessage(message(u"anna"_s, u"seen"_s), false);
    model.flush();
    model.setMarkingUnread(true);
    model.appendMessage(message(u"anna"_s, u"new 1"_s), false);
    model.appendMessage(message(u"me"_s, u"own"_s), true);     // own messages are never unread
    model.appendMessage(message(u"anna"_s, u"new 2"_s), false);
    model.flush();
    QCOMPARE(model.unreadCount(), 2);
    QCOMPARE(unread.last().at(0).toInt(), 2);
    QCOMPARE(model.index(0).data(MessageListModel::IsUnreadRole).toBool(), false);
    QCOMPARE(model.index(1).data(MessageListModel::IsUnreadRole).toBool(), true);
    QCOMPARE(model.index(2).data(MessageListModel::IsUnreadRole).toBool(), false);
    QCOMPARE(model.index(3).data(MessageListModel::IsUnreadRole).toBool(), true);

    QSignalSpy changed(&model, &MessageListModel::dataChanged);
    model.setMarkingUnread(false);
    model.markAllRead();
    QCOMPARE(model.unreadCount(), 0);
    QCOMPARE(unread.last().at(0).toInt(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(3).data(MessageListModel::IsUnreadRole).toBool(), false);
}

void TestMessageListModel::presenceAndMissedRows()
{
    MessageListModel model;
    model.appendJoined(u"anna"_s);
    model.appendMissed(3);
    model.appendMissed(4);                    // merged into one line
    model.appendMissed(0);                    // nothing
    model.appendLeft(u"anna"_s);
    model.appendNotice(u"Channel x is damaged"_s);
    model.flush();
    QCOMPARE(model.rowCount(), 4);
    using Kind = MessageListModel::Kind;
    QCOMPARE(model.index(0).data(MessageListModel::KindRole).value<Kind>(), Kind::Joined);
    QCOMPARE(model.index(0).data().toString(), u"anna joined"_s);
    QCOMPARE(model.index(1).data(MessageListModel::CountRole).toULongLong(), 7u);
    QCOMPARE(model.index(1).data().toString(), u"Missed 7 messages"_s);
    QCOMPARE(model.index(2).data().toString(), u"anna left"_s);
    QCOMPARE(model.index(3).data(MessageListModel::KindRole).value<Kind>(), Kind::Notice);
}

void TestMessageListModel::clearResets()
{
    MessageListModel model;
    model.setMaxRows(5);
    for (int i = 0; i < 8; ++i)
        model.appendMessage(message(u"anna"_s, u"x"_s), false);
    model.flush();
    QCOMPARE(model.droppedCount(), 3u);
    model.appendMessage(message(u"anna"_s, u"pending"_s), false);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.droppedCount(), 0u);
    QCOMPARE(model.pendingCount(), 0);
}

void TestMessageListModel::escapesControlAndBidiCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mustNotContain");
    QTest::newRow("RLO") << u"abc\u202Edef"_s << u"\u202E"_s;
    QTest::newRow("RLI") << u"abc\u2067def"_s << u"\u2067"_s;
    QTest::newRow("PDF") << u"x\u202Cy"_s << u"\u202C"_s;
    QTest::newRow("BEL") << u"ding\u0007"_s << u"\u0007"_s;
    QTest::newRow("ESC") << u"\u001B[31mred"_s << u"\u001B"_s;
    QTest::newRow("NUL") << QString(QChar(0)) + u"x"_s << QString(QChar(0));
    QTest::newRow("C1") << u"a\u0085b\u009Bc"_s << u"\u009B"_s;
    QTest::newRow("DEL") << u"a\u007Fb"_s << u"\u007F"_s;
}

void TestMessageListModel::escapesControlAndBidiCharacters()
{
    QFETCH(QString, text);
    QFETCH(QString, mustNotContain);
    MessageListModel model;
    model.appendMessage(message(u"ev\u202Eil"_s, text), false);
    model.flush();
    const QModelIndex index = model.index(0);
    const QString shown = index.data(Qt::DisplayRole).toString();
    QVERIFY2(!shown.contains(mustNotContain), qPrintable(shown));
    QVERIFY(!shown.isEmpty());
    QCOMPARE(index.data(MessageListModel::TextRole).toString(), text);      // copied as sent
    QVERIFY(!index.data(MessageListModel::SenderDisplayRole).toString().contains(u'\u202E'));
    QCOMPARE(index.data(MessageListModel::SenderRole).toString(), u"ev\u202Eil"_s);
    // Visible, not silently dropped: the escape names the character.
    if (mustNotContain == u"\u202E"_s)
        QVERIFY2(shown.contains(u"U+202E"_s), qPrintable(shown));
}

void TestMessageListModel::cutsHugeTextForDisplayButKeepsIt()
{
    MessageListModel model;
    const QString lines = u"line\n"_s.repeated(1000);
    const QString longText(MessageBus::MaxTextBytes, u'y');
    model.appendMessage(message(u"anna"_s, lines), false);
    model.appendMessage(message(u"anna"_s, longText), false);
    model.appendMessage(message(u"anna"_s, u"two\nlines"_s), false);
    model.flush();
    QVERIFY(model.index(0).data(MessageListModel::IsTruncatedRole).toBool());
    QVERIFY(model.index(0).data().toString().count(QChar::LineSeparator) < displaytext::MaxDisplayLines);
    QCOMPARE(model.index(0).data(MessageListModel::TextRole).toString(), lines);
    QVERIFY(model.index(1).data().toString().size() <= displaytext::MaxDisplayChars + 1);
    QCOMPARE(model.index(1).data(MessageListModel::TextRole).toString(), longText);
    QVERIFY(!model.index(2).data(MessageListModel::IsTruncatedRole).toBool());
    QCOMPARE(model.index(2).data().toString(), u"two\u2028lines"_s);   // a line break QTextLayout keeps
}

// Rows never painted get estimated heights (a flood must not shape every row); painting a row
// stores its exact height, the view is told, and a view that showed its end keeps showing it.
void TestMessageListModel::delegateCorrectsEstimatedHeightsWhenPainting()
{
    MessageListModel model;
    QListView view;
    view.setUniformItemSizes(false);
    view.setResizeMode(QListView::Adjust);
    view.setWordWrap(true);
    auto *delegate = new MessageDelegate(&view);
    view.setItemDelegate(delegate);
    view.setModel(&model);
    view.resize(420, 300);
    // Texts an average character width misjudges whatever the font: wide CJK, long unbroken words
    // of wide and of narrow letters (one of them errs in any proportional font), short lines.
    const QStringList texts = {u"你好，世界。这是一条用来测试行高估计的中文消息，它比看起来更宽。"_s,
                               QString(300, u'W'), u"a\nb\nc\nd"_s, QString(300, u'i'), u"short"_s};
    for (int i = 0; i < 40; ++i)
        model.appendMessage(message(u"anna"_s, texts.at(i % texts.size())), i % 3 == 0);
    model.flush();
    QSignalSpy corrected(delegate, &MessageDelegate::sizeHintChanged);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.scrollToBottom();

    // The exact height of a row, measured by painting it with a second delegate.
    const auto exactHeight = [&](int row) {
        MessageDelegate probe(&view);
        QStyleOptionViewItem option;
        option.initFrom(view.viewport());
        option.rect = view.visualRect(model.index(row));
        QImage image(view.viewport()->size(), QImage::Format_ARGB32);
        QPainter painter(&image);
        (void)probe.sizeHint(option, model.index(row));   // an estimate
        probe.paint(&painter, option, model.index(row));  // now exact
        return probe.sizeHint(option, model.index(row)).height();
    };
    const int last = model.rowCount() - 1;
    QTRY_VERIFY(corrected.count() > 0);
    QTRY_COMPARE(view.visualRect(model.index(last)).height(), exactHeight(last));
    QTRY_COMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
    QVERIFY(view.visualRect(model.index(last)).bottom() <= view.viewport()->height());
    // Every row on screen gets its exact height: once painted, by the view's next (delayed)
    // layout, which a loaded machine may run a while after the last row's.
    int shown = 0;
    for (int row = last; row >= 0 && view.visualRect(model.index(row)).intersects(view.viewport()->rect()); --row, ++shown)
        QTRY_COMPARE_WITH_TIMEOUT(view.visualRect(model.index(row)).height(), exactHeight(row), 10000);
    QVERIFY(shown >= 2);
}

QTEST_MAIN(TestMessageListModel)   // LanguageManager sets the layout direction: a QGuiApplication
#include "tst_messagelistmodel.moc"
