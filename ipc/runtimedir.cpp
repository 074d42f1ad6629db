#include "runtimedir.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace runtimedir {

QString path()
{
    const QString override = qEnvironmentVariable("PEERCHAT_RUNTIME_DIR");
    if (!override.isEmpty())
        return override;
    return u"/tmp/peerchat-%1"_s.arg(::geteuid());
}

std::optional<QString> ensure(QString *why)
{
    const QString dir = path();
    const QByteArray native = QFile::encodeName(dir);
    if (::mkdir(native.constData(), 0700) == -1 && errno != EEXIST) {
        *why = u"cannot create %1: %2"_s.arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    struct stat st{};
    if (::lstat(native.constData(), &st) == -1) {
        *why = u"cannot read %1: %2"_s.arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    if (!S_ISDIR(st.st_mode)) {
        *why = u"%1 is not a directory (a symbolic link or a file is in its place); remove it"_s.arg(dir);
        return std::nullopt;
    }
    if (st.st_uid != ::geteuid()) {
        *why = u"%1 belongs to user %2, not to you; remove it or set PEERCHAT_RUNTIME_DIR"_s.arg(dir).arg(st.st_uid);
        return std::nullopt;
    }
    if ((st.st_mode & 0077) != 0) {
        *why = u"%1 can be entered by other users (mode %2); run chmod 700 on it"_s.arg(dir).arg(uint(st.st_mode & 0777), 3, 8, QChar(u'0'));
        return std::nullopt;
    }
    return dir;
}

} // namespace runtimedir
