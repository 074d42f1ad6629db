// The window half of peerchat, built as the module peerchat-gui.so (see guimodule.h): a
// QApplication, the chat window on a joined bus, --demo and --kiosk.
#include "guimodule.h"

#include "chatwindow.h"
#include "kioskstyle.h"
#include "languagemanager.h"
#include "messagebus.h"
#include "terminaltext.h"
#include "terminationsignals.h"

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QProcess>
#include <QScreen>
#include <QSettings>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcApp, "peerchat.app", QtWarningMsg)

// PEERCHAT_TIMING=1: "peerchat: joined after N ms" and "peerchat: window shown after N ms" on
// stderr, counted from when the binary's statics were made (after the dynamic loader, before
// main(); GuiOptions::startedMs). scripts/budgets.sh reads them; not translated, like log lines.
qint64 s_startedMs = 0;

qint64 monotonicMs()
{
    QElapsedTimer timer;
    timer.start();
    return timer.msecsSinceReference();
}

bool timingWanted()
{
    static const bool wanted = qEnvironmentVariableIntValue("PEERCHAT_TIMING") == 1;
    return wanted;
}

void printTiming(const char *what)
{
    if (timingWanted())
        std::fprintf(stderr, "peerchat: %s after %lld ms\n", what, static_cast<long long>(monotonicMs() - s_startedMs));
}

// Reports the first paint of the window, then removes itself.
class FirstPaintReporter : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            printTiming("window shown");
            watched->removeEventFilter(this);
        }
        return false;
    }
};

// The names of the --demo windows: a few scripts, so the demo shows them.
QStringList demoNames()
{
    return {u"anna"_s, u"bruno"_s, u"chen"_s, u"dalia"_s, u"emil"_s, u"farah"_s, u"goro"_s, u"hana"_s};
}

QString lowerFirst(QString text)
{
    if (text.size() > 1 && text.at(0).isUpper() && text.at(1).isLower())
        text[0] = text.at(0).toLower();
    return text;
}

bool canShowDialogs()
{
    const QString platform = QGuiApplication::platformName();
    return platform != u"offscreen"_s && platform != u"minimal"_s;
}

// Slot i of n on the primary screen: one row for up to four windows, two rows above that.
QRect demoCell(int slot, int slotCount)
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    const QRect area = screen ? screen->availableGeometry() : QRect(0, 0, 1280, 800);
    const int rows = slotCount > 4 ? 2 : 1;
    const int columns = (slotCount + rows - 1) / rows;
    const int width = area.width() / columns;
    const int height = area.height() / rows;
    const int column = slot % columns;
    const int row = slot / columns;
    return QRect(area.x() + column * width, area.y() + row * height, width, height);
}

void placeInCell(QWidget &window, int slot, int slotCount)
{
    const QRect cell = demoCell(slot, slotCount);
    // The window manager adds a frame around the client area: leave room for a typical one.
    const int frame = window.fontMetrics().height() / 2;
    const int title = 2 * window.fontMetrics().height();
    const int maxHeight = qMax(12 * window.fontMetrics().height(), cell.height() - title - frame);
    const int height = slotCount > 4 ? maxHeight : qMin(maxHeight, 40 * window.fontMetrics().height());
    window.resize(qMax(cell.width() - 2 * frame, 10 * window.fontMetrics().height()), height);
    window.move(cell.topLeft());
}

// Starts the other windows of `--demo N` as detached processes; returns how many started.
int startDemoPeers(const GuiOptions &options)
{
    const QStringList names = demoNames();
    int started = 0;
    for (int slot = 1; slot < options.demo; ++slot) {
        const QStringList arguments{u"--channel"_s, options.channel, u"--name=%1"_s.arg(names.at(slot % names.size())),
                                    u"--%1"_s.arg(DemoSlotOption), u"%1/%2"_s.arg(slot).arg(options.demo)};
        qint64 pid = 0;
        if (QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments, QString(), &pid)) {
            ++started;
            qCDebug(lcApp) << "demo window" << slot << "is process" << pid;
        } else {
            std::fprintf(stderr, "peerchat: %s\n",
                         QCoreApplication::translate("Console", "cannot start demo window %1 of %2")
                             .arg(slot + 1).arg(options.demo).toUtf8().constData());
        }
    }
    return started;
}

int runGui(const GuiOptions &options)
{
    s_startedMs = options.startedMs;
    if (!QGuiApplication::primaryScreen()) {   // e.g. linuxfb without /dev/fb0, or eglfs without a DRM device
        std::fprintf(stderr, "peerchat: %s\n",
                     QCoreApplication::translate("Console", "no screen to show the window on (platform %1); check "
                                                            "QT_QPA_PLATFORM and the device it uses")
                         .arg(QGuiApplication::platformName()).toUtf8().constData());
        return 1;
    }
    QApplication::setWindowIcon(QIcon(u":/icons/peerchat.svg"_s));
    QGuiApplication::setDesktopFileName(QStringLiteral(PEERCHAT_APP_ID));   // the installed .desktop file

    LanguageManager languages;
    const QString savedLanguage = QSettings().value(u"language"_s).toString();
    if (savedLanguage.isEmpty() || !languages.setLanguage(savedLanguage))
        (void)languages.setLanguage(QString());

    GuiOptions own = options;
    if (options.demo > 0) {
        startDemoPeers(options);
        own.demoSlot = 0;
        own.demoSlots = options.demo;
        if (!options.nameGiven) {
            own.name = demoNames().constFirst();
            own.nameGiven = true;
        }
    }

    QString name = own.name;
    if (!own.nameGiven) {
        const QString saved = QSettings().value(u"name"_s).toString();
        if (!saved.isEmpty() && MessageBus::normalizedPeerName(saved))
            name = saved;
    }

    // SIGINT/SIGTERM/SIGHUP close the window like Quit does: the peer leaves the channel. Set up
    // before joining: a signal that comes while the window is still being made is handled as
    // soon as the event loop runs (it was fatal there, exit 143, and the peer was reaped).
    terminationsignals::onTermination(QCoreApplication::instance(), [] { QCoreApplication::quit(); });
    MessageBus bus(own.channel);
    bus.setHistoryLimit(own.history >= 0 ? own.history : ChatWindow::savedHistoryLimit());
    if (!bus.join(name)) {
        const QString text = bus.errorString();
        const QByteArray line = "peerchat: " + terminaltext::escaped(lowerFirst(text)) + '\n';
        std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
        std::fflush(stderr);
        if (canShowDialogs())
            QMessageBox::critical(nullptr, u"peerchat"_s,
                                  QCoreApplication::translate("Console", "Cannot join channel \"%1\".\n\n%2")
                                      .arg(own.channel, text));
        const MessageBus::Error error = bus.error();
        return error == MessageBus::Error::InvalidName || error == MessageBus::Error::InvalidChannel ? 2 : 1;
    }
    printTiming("joined");

    // Without a desktop (linuxfb, eglfs, vnc) Qt falls back to the plain "Windows" style; Fusion
    // reads better on a panel. A style named in QT_STYLE_OVERRIDE stays the base.
    if (options.kiosk) {
        const QString override = qEnvironmentVariable("QT_STYLE_OVERRIDE");
        QApplication::setStyle(new KioskStyle(override.isEmpty() ? u"Fusion"_s : override));   // the app owns it
    }

    ChatWindow window(&bus, &languages, options.kiosk ? ChatWindow::Layout::Kiosk : ChatWindow::Layout::Desktop);
    FirstPaintReporter paintReporter;
    if (timingWanted())
        window.installEventFilter(&paintReporter);
    if (options.kiosk) {
        // The whole screen (linuxfb and eglfs give every window that anyway); no saved geometry.
        qCDebug(lcApp) << "kiosk on" << QGuiApplication::platformName() << "screen"
                       << (QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->geometry() : QRect());
        window.showFullScreen();
    } else {
        if (own.demoSlots > 0) {
            placeInCell(window, own.demoSlot, own.demoSlots);
        } else {
            window.setRememberGeometry(true);
            window.restoreSavedGeometry();
        }
        window.show();
    }
    const int code = QApplication::exec();
    bus.leave();
    return code;
}

// While the QApplication starts: Qt's platform messages are held back, and when no platform
// can start (no display in an SSH session, a device image without X, a plugin that fails) Qt's
// qFatal() and abort become one line that says what to do, and exit code 1.
struct HeldMessage
{
    QtMsgType type;
    QByteArray category;
    QString text;
};
QtMessageHandler s_previousHandler = nullptr;
QList<HeldMessage> s_heldBack;

void startupMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtFatalMsg) {
        QString reason = message.section(u'\n', 0, 0);
        for (const HeldMessage &held : std::as_const(s_heldBack)) {
            if (held.type == QtWarningMsg || held.type == QtCriticalMsg) {   // the first complaint is the cause
                reason = held.text;
                break;
            }
        }
        reason = reason.trimmed();
        if (reason.endsWith(u'.'))
            reason.chop(1);
        const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
        const QString line = QCoreApplication::translate(
            "Console", "cannot open a window (%1%2): start peerchat in a desktop session, choose a platform on a "
                       "device (-platform eglfs, linuxfb or vnc, or QT_QPA_PLATFORM), or use 'peerchat --headless' "
                       "for the console peer")
                                 .arg(lowerFirst(reason),
                                      platform.isEmpty() ? QString() : u"; QT_QPA_PLATFORM=%1"_s.arg(platform));
        const QByteArray bytes = "peerchat: " + terminaltext::escaped(line) + '\n';
        std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stderr);
        std::fflush(stderr);
        std::_Exit(1);
    }
    const bool platformMessage = context.category && qstrncmp(context.category, "qt.qpa", 6) == 0;
    if (platformMessage) {
        s_heldBack.append({type, QByteArray(context.category), message});
        return;
    }
    s_previousHandler(type, context, message);
}

QCoreApplication *makeApplication(int &argc, char **argv)
{
    s_previousHandler = qInstallMessageHandler(startupMessageHandler);
    auto *application = new QApplication(argc, argv);
    qInstallMessageHandler(s_previousHandler);
    // The platform started after all: what it said while starting goes out as usual.
    for (const HeldMessage &held : std::as_const(s_heldBack))
        s_previousHandler(held.type, QMessageLogContext(nullptr, 0, nullptr, held.category.constData()), held.text);
    s_heldBack.clear();
    return application;
}

} // namespace

extern "C" Q_DECL_EXPORT const GuiModule *peerchat_gui_module()
{
    static const GuiModule module{PEERCHAT_VERSION, makeApplication, runGui};
    return &module;
}
