#pragma once

#include <QString>

class QCommandLineParser;
class QCoreApplication;

// The window half of peerchat is a module, peerchat-gui.so, that the binary loads only when it
// opens a window. The console peer (--headless, --channels, --purge) then maps Qt Core alone:
// about 10 MB resident instead of 17 (README, "Budgets"), and starts faster on a device.
//
// The binary looks for the module next to itself, then where `cmake --install` puts it
// (PEERCHAT_MODULE_DIR, e.g. /usr/local/lib/peerchat). The version must match the binary's.

// What the binary hands to the window: everything already parsed and checked.
struct GuiOptions
{
    QString channel;          // validated
    QString name;             // validated; the login name when nameGiven is false
    bool nameGiven = false;   // --name was on the command line (else QSettings may have one)
    int demo = 0;             // --demo N: start N window processes (2..8); 0 = one window
    bool kiosk = false;       // --kiosk: full-screen touch layout
    int history = -1;         // --history N; -1: the saved setting (ChatWindow::savedHistoryLimit())
    int demoSlot = -1;        // hidden --demo-slot I/N: this window is number I of N (0-based)
    int demoSlots = 0;
    qint64 startedMs = 0;     // QElapsedTimer::msecsSinceReference() when the binary started
};

// The module's entry points (extern "C" peerchat_gui_module() returns them).
struct GuiModule
{
    const char *version;                                           // PEERCHAT_VERSION of the module
    QCoreApplication *(*makeApplication)(int &argc, char **argv);  // a QApplication
    int (*run)(const GuiOptions &options);                         // the event loop; the exit code
};
using GuiModuleEntry = const GuiModule *(*)();
inline constexpr char GuiModuleSymbol[] = "peerchat_gui_module";

// Loads the module (once); nullptr and a message in *error when it is missing or not ours.
const GuiModule *loadGuiModule(QString *error);

// Call before making the QApplication: the xcb platform plugin takes "--name NAME" (its -name
// option, the X11 resource name) out of argv, so it becomes "--name=NAME", which xcb leaves alone.
void protectGuiArguments(int &argc, char **argv);

// The hidden option of the windows that --demo starts: --demo-slot I/N.
inline const QString DemoSlotOption = QStringLiteral("demo-slot");

// Adds the hidden options that the windows started by --demo get (not shown in --help).
void addGuiOptions(QCommandLineParser &parser);
// Reads them into options; false with a translated *error for a malformed value.
bool readGuiOptions(const QCommandLineParser &parser, GuiOptions &options, QString *error);
