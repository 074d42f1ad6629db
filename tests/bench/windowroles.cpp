// The window under a flood (issue 6): a real ChatWindow (offscreen) joined to the bus, and a
// second process that sends it paced batches of messages. The window process measures its own
// event loop (a 1 ms timer: the gaps between its ticks), its peak memory, and checks that every
// message reached the window's model intact and in order.

#include "benchcommon.h"
#include "roles.h"

#include "chatwindow.h"
#include "languagemanager.h"
#include "messagebus.h"
#include "messagelistmodel.h"

#include <QApplication>
#include <QFile>
#include <QMetaEnum>
#include <QTimer>

#include <algorithm>
#include <map>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace bench {
namespace {

// The window's QApplication, which also says where the event loop's time goes: every top-level
// event delivery is timed and summed by receiver and event type (nested deliveries count in the
// one that caused them).
class WindowApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_tracing || m_depth > 0 || receiver == m_ignored)
            return QApplication::notify(receiver, event);
        // Keyed by class, event type and (for timers) the timer's owner: the model's flush timer,
        // the view's delayed layout and the bus's queued hand-over come apart. Named before the
        // delivery, which may delete the receiver (DeferredDelete).
        const QObject *owner = receiver->parent();
        const QString key = QString::fromLatin1(receiver->metaObject()->className())
            + (qobject_cast<const QTimer *>(receiver) && owner ? u"("_s + QString::fromLatin1(owner->metaObject()->className()) + u")"_s : QString())
            + u'/' + QString::fromLatin1(QMetaEnum::fromType<QEvent::Type>().valueToKey(event->type()));
        ++m_depth;
        const qint64 t0 = nowNs();
        const bool result = QApplication::notify(receiver, event);
        const qint64 ns = nowNs() - t0;
        --m_depth;
        Cost &cost = m_costs[key];
        cost.totalNs += ns;
        cost.maxNs = std::max(cost.maxNs, ns);
        ++cost.count;
        return result;
    }
    void startTracing(const QObject *ignored)
    {
        m_ignored = ignored;
        m_costs.clear();
        m_tracing = true;
    }
    // "key: total ms (n, longest ms); …", the largest totals first.
    QString summary(int top) const
    {
        std::vector<std::pair<QString, Cost>> costs(m_costs.begin(), m_costs.end());
        std::sort(costs.begin(), costs.end(), [](const auto &a, const auto &b) { return a.second.totalNs > b.second.totalNs; });
        QStringList parts;
        for (std::size_t i = 0; i < costs.size() && int(i) < top; ++i)
            parts += u"%1 %2 ms (%3×, longest %4 ms)"_s.arg(costs[i].first).arg(double(costs[i].second.totalNs) / 1e6, 0, 'f', 0)
                         .arg(costs[i].second.count).arg(double(costs[i].second.maxNs) / 1e6, 0, 'f', 1);
        return parts.join(u"; "_s);
    }

private:
    struct Cost
    {
        qint64 totalNs = 0;
        qint64 maxNs = 0;
        qint64 count = 0;
    };
    std::map<QString, Cost> m_costs;
    const QObject *m_ignored = nullptr;
    int m_depth = 0;
    bool m_tracing = false;
};

// "VmHWM" / "VmRSS" of this process, in KiB.
qint64 statusKiB(const QByteArray &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

qint64 cpuTimeUs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1'000'000 + usage.ru_utime.tv_usec
        + usage.ru_stime.tv_usec;
}

// Sends n messages of `size` bytes at `rate` messages/s: every `batch-us` its timer fires and it
// sends what the clock says is due (so a late tick is made up, not lost).
int busFlood(const RoleArgs &args)
{
    const int size = int(args.number(u"size"_s, 64));
    const qint64 count = args.number(u"n"_s, 1000);
    const qint64 rate = args.number(u"rate"_s, 20000);
    const int batchUs = int(args.number(u"batch-us"_s, 1000));
    MessageBus bus(args.text(u"channel"_s));
    if (!bus.join(u"flood"_s)) {
        complain(u"flood: cannot join %1: %2"_s.arg(bus.channel(), bus.errorString()));
        return 2;
    }
    ControlChannel control;
    int exitCode = 0;
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    pace.setInterval(std::max(1, batchUs / 1000));
    QByteArray payload(size, Qt::Uninitialized);
    qint64 start = 0;
    qint64 sent = 0;
    qint64 batches = 0;
    qint64 longestBatchNs = 0;   // one batch's sends: back-pressure from the window shows here
    QObject::connect(&pace, &QTimer::timeout, &pace, [&] {
        const qint64 t0 = nowNs();
        const qint64 due = std::min<qint64>(count, qint64(double(t0 - start) * double(rate) / 1e9) + 1);
        while (sent < due) {
            fillPayload(payload.data(), size, 0, quint64(sent));
            if (!bus.sendUtf8(payload)) {
                complain(u"flood: cannot send message %1: %2"_s.arg(sent).arg(bus.errorString()));
                exitCode = 3;
                pace.stop();
                QCoreApplication::exit(exitCode);
                return;
            }
            ++sent;
        }
        ++batches;
        longestBatchNs = std::max(longestBatchNs, nowNs() - t0);
        if (sent == count) {
            pace.stop();
            const qint64 end = nowNs();
            say("result start=" + QByteArray::number(start) + " end=" + QByteArray::number(end) + " sent="
                + QByteArray::number(sent) + " batches=" + QByteArray::number(batches) + " longestBatchNs="
                + QByteArray::number(longestBatchNs));
        }
    });
    QObject::connect(&control, &ControlChannel::lineReceived, &pace, [&](const QByteArray &line) {
        if (line == "quit") {
            QCoreApplication::exit(exitCode);
        } else if (line == "go" && start == 0) {
            start = nowNs();
            pace.start();
        }
    });
    QObject::connect(&bus, &MessageBus::errorOccurred, &pace, [&](MessageBus::Error) {
        complain(u"flood: bus error: %1"_s.arg(bus.errorString()));
        exitCode = 3;
        QCoreApplication::exit(exitCode);
    });
    say("ready");
    const int code = QCoreApplication::exec();
    return code != 0 ? code : exitCode;
}

// A ChatWindow as app/guimain.cpp makes it (a joined bus, a LanguageManager, show()), plus the
// probes. Says "result …" once all n messages are accounted for in the model.
int busWindow(const RoleArgs &args)
{
    const int size = int(args.number(u"size"_s, 64));
    const qint64 count = args.number(u"n"_s, 1000);
    LanguageManager languages;
    (void)languages.setLanguage(QString());
    MessageBus bus(args.text(u"channel"_s));
    if (!bus.join(u"window"_s)) {
        complain(u"window: cannot join %1: %2"_s.arg(bus.channel(), bus.errorString()));
        return 2;
    }
    int exitCode = 0;
    auto fail = [&exitCode](const QString &why) {
        if (exitCode != 0)
            return;
        complain(why);
        exitCode = 3;
        QCoreApplication::exit(exitCode);
    };
    {
        ChatWindow window(&bus, &languages);
        MessageListModel *model = window.model();
        window.show();

        // The bus as the window sees it: every message intact, in order (gaps only if missed).
        qint64 received = 0;
        qint64 busNext = 0;
        QObject::connect(&bus, &MessageBus::messageReceived, &window, [&](const ChatMessage &message) {
            int sender = 0;
            quint64 seq = 0;
            if (message.sender != u"flood"_s)
                return;
            if (!checkPayload(message.text, size, &sender, &seq) || sender != 0 || qint64(seq) < busNext) {
                fail(u"window: message after seq %1 arrived CORRUPTED or out of order (seq %2)"_s.arg(busNext).arg(seq));
                return;
            }
            busNext = qint64(seq) + 1;
            ++received;
        });
        QObject::connect(&bus, &MessageBus::errorOccurred, &window, [&](MessageBus::Error) {
            fail(u"window: bus error: %1"_s.arg(bus.errorString()));
        });

        // The model: rows inserted (checked one by one), rows removed from the front (the cap),
        // and rows that a flush never inserted (dropped count minus removed rows).
        qint64 modelMessages = 0;
        qint64 modelGaps = 0;
        qint64 modelNext = 0;
        qint64 removed = 0;
        QObject::connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, &window,
                         [&](const QModelIndex &, int first, int last) { removed += last - first + 1; });
        QObject::connect(model, &QAbstractItemModel::rowsInserted, &window, [&](const QModelIndex &, int first, int last) {
            for (int r = first; r <= last; ++r) {
                const QModelIndex index = model->index(r);
                if (index.data(MessageListModel::KindRole).value<MessageListModel::Kind>() != MessageListModel::Kind::Message)
                    continue;
                int sender = 0;
                quint64 seq = 0;
                const QString text = index.data(MessageListModel::TextRole).toString();
                if (!checkPayload(text, size, &sender, &seq) || qint64(seq) < modelNext) {
                    fail(u"window: model row %1 is CORRUPTED or out of order (seq %2, expected %3)"_s.arg(r).arg(seq).arg(modelNext));
                    return;
                }
                modelGaps += qint64(seq) - modelNext;
                modelNext = qint64(seq) + 1;
                ++modelMessages;
            }
        });

        // The probe: a 1 ms timer; the gap between two ticks is how long the loop was busy.
        std::vector<double> gapsMs;
        gapsMs.reserve(std::size_t(count / 10 + 20'000));
        qint64 lastTick = 0;
        qint64 start = 0;
        qint64 cpuStart = 0;
        qint64 rssHalf = 0;
        bool measuring = false;
        bool reported = false;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(1);
        QObject::connect(&probe, &QTimer::timeout, &window, [&] {
            const qint64 now = nowNs();
            if (measuring && lastTick != 0)
                gapsMs.push_back(double(now - lastTick) / 1e6);
            lastTick = now;
            if (!measuring || reported)
                return;
            if (rssHalf == 0 && received * 2 >= count)
                rssHalf = statusKiB("VmRSS");
            const qint64 skipped = qint64(model->droppedCount()) - removed;
            const qint64 missed = qint64(bus.missedCount());
            if (received + missed < count || model->pendingCount() > 0 || modelMessages + skipped < received)
                return;
            reported = true;
            measuring = false;
            if (auto *application = dynamic_cast<WindowApplication *>(QCoreApplication::instance()))
                complain(u"window: event-loop time by receiver/event: %1"_s.arg(application->summary(6)));
            const double seconds = double(now - start) / 1e9;
            std::vector<double> sorted = gapsMs;
            std::sort(sorted.begin(), sorted.end());
            const auto over = [&sorted](double ms) {
                return qint64(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), ms));
            };
            say("result received=" + QByteArray::number(received) + " missed=" + QByteArray::number(missed)
                + " model=" + QByteArray::number(modelMessages + skipped) + " modelGaps=" + QByteArray::number(modelGaps)
                + " skipped=" + QByteArray::number(skipped) + " rows=" + QByteArray::number(model->rowCount())
                + " dropped=" + QByteArray::number(model->droppedCount()) + " end=" + QByteArray::number(now)
                + " seconds=" + QByteArray::number(seconds) + " ticks=" + QByteArray::number(qint64(sorted.size()))
                + " gapP50=" + QByteArray::number(percentile(sorted, 50)) + " gapP99="
                + QByteArray::number(percentile(sorted, 99)) + " gapMax="
                + QByteArray::number(sorted.empty() ? 0 : sorted.back()) + " over16=" + QByteArray::number(over(16))
                + " over50=" + QByteArray::number(over(50)) + " hwmKiB=" + QByteArray::number(statusKiB("VmHWM"))
                + " rssHalfKiB=" + QByteArray::number(rssHalf) + " rssEndKiB=" + QByteArray::number(statusKiB("VmRSS"))
                + " cpuPct=" + QByteArray::number(seconds > 0 ? double(cpuTimeUs() - cpuStart) / 1e4 / seconds : 0));
        });
        probe.start();

        ControlChannel control;
        QObject::connect(&control, &ControlChannel::lineReceived, &window, [&](const QByteArray &line) {
            if (line == "quit") {
                QCoreApplication::exit(exitCode);
            } else if (line == "go" && start == 0) {
                start = nowNs();
                cpuStart = cpuTimeUs();
                lastTick = 0;
                measuring = true;
                if (auto *application = dynamic_cast<WindowApplication *>(QCoreApplication::instance()))
                    application->startTracing(&probe);
            }
        });
        // Let the window show and lay out before the flood starts.
        QTimer::singleShot(200, &window, [] { say("ready"); });
        const int code = QApplication::exec();
        if (code != 0 && exitCode == 0)
            exitCode = code;
    }
    bus.leave();
    return exitCode;
}

} // namespace

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    const bool window = argc > 2 && qstrcmp(argv[1], "--role") == 0 && qstrcmp(argv[2], "bus-window") == 0;
    if (!window)
        return std::make_unique<QCoreApplication>(argc, argv);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<WindowApplication>(argc, argv);
}

int runWindowRole(const RoleArgs &args)
{
    const QString role = args.role();
    if (role == u"bus-window"_s)
        return busWindow(args);
    if (role == u"bus-flood"_s)
        return busFlood(args);
    return -1;
}

} // namespace bench
