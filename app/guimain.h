#pragma once

#include <QString>

class QCommandLineParser;

// The windowed peer (ui/ on top of the bus). main() parses the command line and calls this with
// a QApplication already made.
struct GuiOptions
{
    QString channel;          // validated
    QString name;             // validated; the login name when nameGiven is false
    bool nameGiven = false;   // --name was on the command line (else QSettings may have one)
    int demo = 0;             // --demo N: start N window processes (2..8); 0 = one window
    bool kiosk = false;       // --kiosk: full-screen touch layout
    int demoSlot = -1;        // hidden --demo-slot I/N: this window is number I of N (0-based)
    int demoSlots = 0;
};

// Call before making the QApplication: the xcb platform plugin takes "--name NAME" (its -name
// option, the X11 resource name) out of argv, so it becomes "--name=NAME", which xcb leaves alone.
void protectGuiArguments(int &argc, char **argv);

// Adds the hidden options that the windows started by --demo get (not shown in --help).
void addGuiOptions(QCommandLineParser &parser);
// Reads them into options; false with a translated *error for a malformed value.
bool readGuiOptions(const QCommandLineParser &parser, GuiOptions &options, QString *error);

// Runs the event loop; returns the exit code (1 with "peerchat: ..." on stderr and a dialog
// when the bus cannot start).
int runGui(const GuiOptions &options);
