#include "terminaltext.h"

#include <QList>

namespace terminaltext {

QByteArray escaped(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() + 8);
    QString plain;
    const auto flush = [&] {
        if (!plain.isEmpty()) {
            out += plain.toUtf8();
            plain.clear();
        }
    };
    for (const uint code : text.toUcs4()) {
        const char32_t c = code;
        if (c == u'\\') {
            flush();
            out += "\\\\";
        } else if (c == u'\n') {
            flush();
            out += "\\n";
        } else if (c == u'\r') {
            flush();
            out += "\\r";
        } else if (c == u'\t') {
            flush();
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            flush();
            out += "\\x" + QByteArray::number(uint(c), 16).rightJustified(2, '0');
        } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                   || c == 0x061c || c == 0x2028 || c == 0x2029) {
            flush();
            out += "\\u{" + QByteArray::number(uint(c), 16) + '}';
        } else {
            plain += QString::fromUcs4(&c, 1);
        }
    }
    flush();
    return out;
}

} // namespace terminaltext
