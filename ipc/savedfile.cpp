#include "savedfile.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace savedfile {

namespace {

bool isUnsafe(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F)             // C0, DEL, C1 controls
        || c == 0x200E || c == 0x200F || c == 0x061C         // LRM, RLM, ALM
        || (c >= 0x202A && c <= 0x202E)                      // LRE ... RLO
        || (c >= 0x2066 && c <= 0x2069)                      // LRI ... PDI
        || c == 0x2028 || c == 0x2029 || c == 0xFEFF         // line/paragraph separators, BOM
        || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFD;      // lone surrogates, replacement char
}

// Cuts `text` to at most `bytes` UTF-8 bytes at a code point boundary.
QString cutUtf8(const QString &text, int bytes)
{
    QString out;
    int used = 0;
    for (const char32_t c : text.toUcs4()) {
        const int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (used + size > bytes)
            break;
        used += size;
        out.append(QString::fromUcs4(&c, 1));
    }
    return out;
}

int dotOfExtension(const QString &name)
{
    const qsizetype dot = name.lastIndexOf(u'.');
    return dot > 0 && name.size() - dot <= 16 ? int(dot) : -1;
}

// Cuts a name to `bytes` UTF-8 bytes, keeping its (short) extension.
QString capped(const QString &name, int bytes)
{
    if (name.toUtf8().size() <= bytes)
        return name;
    const int dot = dotOfExtension(name);
    const QString extension = dot > 0 ? name.mid(dot) : QString();
    const int extensionBytes = int(extension.toUtf8().size());
    return cutUtf8(dot > 0 ? name.left(dot) : name, bytes - extensionBytes) + extension;
}

QString trimmedName(QString name)
{
    while (!name.isEmpty() && (name.front() == u'.' || name.front().isSpace()))
        name.remove(0, 1);
    while (!name.isEmpty() && (name.back() == u'.' || name.back().isSpace()))
        name.chop(1);
    return name;
}

} // namespace

QString safeName(const QString &untrusted)
{
    QString last = untrusted;
    const qsizetype separator = std::max(last.lastIndexOf(u'/'), last.lastIndexOf(u'\\'));
    if (separator >= 0)
        last = last.mid(separator + 1);
    QString clean;
    for (const char32_t c : last.toUcs4()) {
        if (!isUnsafe(c))
            clean.append(QString::fromUcs4(&c, 1));
    }
    clean = trimmedName(capped(trimmedName(clean), MaxNameBytes));
    if (clean.isEmpty() || clean == u"."_s || clean == u".."_s)
        return u"file"_s;
    return clean;
}

QString numberedName(const QString &name, int n)
{
    if (n <= 0)
        return name;
    const QString suffix = u" (%1)"_s.arg(n);
    const int dot = dotOfExtension(name);
    if (dot > 0)
        return name.left(dot) + suffix + name.mid(dot);
    return name + suffix;
}

std::optional<QString> keep(const QString &tempPath, const QString &folder, const QString &name, QString *why)
{
    const QByteArray from = QFile::encodeName(tempPath);
    for (int n = 0; n < 10000; ++n) {
        const QString path = QDir(folder).filePath(numberedName(name, n));
        const QByteArray to = QFile::encodeName(path);
        if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
            return path;
        if (errno == EEXIST)
            continue;
        if (errno != EINVAL && errno != ENOSYS) {
            *why = QString::fromLocal8Bit(std::strerror(errno));
            return std::nullopt;
        }
        // A file system without RENAME_NOREPLACE: link() never replaces either.
        if (::link(from.constData(), to.constData()) == 0) {
            ::unlink(from.constData());
            return path;
        }
        if (errno != EEXIST) {
            *why = QString::fromLocal8Bit(std::strerror(errno));
            return std::nullopt;
        }
    }
    *why = u"too many files named %1"_s.arg(name);
    return std::nullopt;
}

} // namespace savedfile
