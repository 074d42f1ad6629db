#pragma once

#include <QByteArray>
#include <QString>

// Text as the console peer prints it: one message is always one line, and no raw control
// character ever reaches the terminal. A backslash prints as \\, a line break as \n, a carriage
// return as \r, a tab as \t, other C0/C1 controls and DEL as \xHH, text-direction controls
// (which could reorder the rest of the line) as \u{HHHH}.
namespace terminaltext {

QByteArray escaped(const QString &text);

} // namespace terminaltext
