#pragma once

#include <QString>

// The windowed peer (ui/ on top of the bus). main() parses the command line and calls this with
// a QApplication already made.
struct GuiOptions
{
    QString channel;          // validated
    QString name;             // validated; the login name when nameGiven is false
    bool nameGiven = false;   // --name was on the command line (else QSettings may have one)
    int demo = 0;             // --demo N: start N window processes (2..8); 0 = one window
    bool kiosk = false;       // --kiosk: full-screen touch layout
};

// Runs the event loop; returns the exit code (1 with "peerchat: ..." on stderr and a dialog
// when the bus cannot start).
int runGui(const GuiOptions &options);
