#include "displaytext.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace displaytext {

namespace {

QString escaped(char32_t c)
{
    if (c < 0x20)
        return QString(QChar(char16_t(0x2400 + c)));   // Control Pictures: ␀ … ␟
    if (c == 0x7f)
        return QString(QChar(char16_t(0x2421)));       // ␡
    return u"\u27e8U+%1\u27e9"_s.arg(QString::number(uint(c), 16).toUpper().rightJustified(4, u'0'));
}

bool needsEscape(char32_t c)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        return true;
    if (isBidiControl(c))
        return true;
    // Interlinear annotations and the object replacement character have no business in a chat.
    return (c >= 0xfff9 && c <= 0xfffc);
}

QString convert(const QString &text, bool keepLines, bool *truncated)
{
    QString out;
    out.reserve(qMin(text.size(), MaxDisplayChars) + 16);
    int lines = 1;
    bool cut = false;
    const QList<uint> codePoints = text.toUcs4();
    for (qsizetype i = 0; i < codePoints.size(); ++i) {
        if (keepLines && (out.size() >= MaxDisplayChars || lines > MaxDisplayLines)) {
            cut = true;
            break;
        }
        const char32_t c = codePoints.at(i);
        const bool lineBreak = c == u'\n' || c == u'\r' || c == 0x2028 || c == 0x2029 || c == 0x0b || c == 0x0c
            || c == 0x85;
        if (lineBreak && keepLines) {
            if (c == u'\r' && i + 1 < codePoints.size() && codePoints.at(i + 1) == u'\n')
                ++i;
            if (lines == MaxDisplayLines) {
                cut = true;
                break;
            }
            out += QChar::LineSeparator;
            ++lines;
        } else if (c == u'\t' && keepLines) {
            out += u"    "_s;
        } else if (needsEscape(c)) {
            out += escaped(c);
        } else {
            out += QString::fromUcs4(&c, 1);
        }
    }
    if (cut)
        out += QChar(0x2026);   // …
    if (truncated)
        *truncated = cut;
    return out;
}

bool isClean(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x2028 && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069)
            || (u >= 0xfff9 && u <= 0xfffc))
            return false;
    }
    return true;
}

} // namespace

bool isBidiControl(char32_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

QString name(const QString &text)
{
    if (isClean(text))
        return text;   // the common case: no copy
    return convert(text, false, nullptr);
}

QString message(const QString &text, bool *truncated)
{
    if (text.size() <= MaxDisplayChars && isClean(text) && !text.contains(u'\t')) {
        if (truncated)
            *truncated = false;
        return text;
    }
    return convert(text, true, truncated);
}

} // namespace displaytext
