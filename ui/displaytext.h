#pragma once

#include <QString>

// Text from the bus is untrusted: it may hold control characters, bidi overrides or isolates
// that would reorder or hide the rest of a line. These functions make it safe to lay out: such
// characters become visible escapes ("␇", "⟨U+202E⟩"), the text keeps its line breaks.
namespace displaytext {

// Longest message text shown in the list (the whole text stays copyable).
constexpr qsizetype MaxDisplayChars = 4000;
constexpr int MaxDisplayLines = 60;

// A peer name on one line: every control character and line break escaped.
QString name(const QString &text);
// A message: line breaks kept (as QChar::LineSeparator, ready for QTextLayout), tabs as spaces,
// everything else escaped; cut at MaxDisplayChars/MaxDisplayLines. *truncated says if it was cut.
QString message(const QString &text, bool *truncated = nullptr);
// True when c would change the layout of text around it (bidi embedding/override/isolate).
bool isBidiControl(char32_t c);

} // namespace displaytext
