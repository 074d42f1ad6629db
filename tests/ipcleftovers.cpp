// Run last by ctest (cleanup of the "ipc" fixture): fails when a channel of the test runtime
// directory still has its segment, or a peer's doorbell semaphore is still alive. With
// PEERCHAT_STRICT_IPC_CHECK=1 (CI, where nothing else runs) any System V object of the user fails.
#include "channelsegment.h"
#include "ipckey.h"
#include "runtimedir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
int ownedObjects(const char *table, int uidColumn, QStringList *found)
{
    QFile f(QString::fromLatin1(table));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    int count = 0;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
        if (fields.size() > uidColumn && fields.at(uidColumn).toUInt() == ::geteuid()) {
            found->append(QString::fromLatin1(table) + u": "_s + QString::fromLatin1(lines.at(i).simplified()));
            ++count;
        }
    }
    return count;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList left;
    const QDir dir(runtimedir::path());
    for (const QString &file : dir.entryList({u"*.seg"_s}, QDir::Files)) {
        if (ipckey::segmentAttachCount(dir.filePath(file)) != -1)
            left.append(u"segment of channel %1"_s.arg(file.chopped(4)));
    }
    for (const QString &file : dir.entryList({u"*.bell"_s, u"*.bell.new"_s}, QDir::Files)) {
        QFile f(dir.filePath(file));
        const QList<QByteArray> fields = f.open(QIODevice::ReadOnly) ? f.readLine().trimmed().split(' ') : QList<QByteArray>();
        const int id = fields.size() == 3 ? fields.at(2).toInt() : -1;
        left.append(u"doorbell record %1 (semaphore %2%3)"_s.arg(file).arg(id).arg(
            ipckey::doorbellExists(id) ? u", still alive"_s : u", gone"_s));
    }
    if (qEnvironmentVariableIntValue("PEERCHAT_STRICT_IPC_CHECK") == 1) {
        ownedObjects("/proc/sysvipc/shm", 7, &left);
        ownedObjects("/proc/sysvipc/sem", 4, &left);
    }
    for (const QString &line : std::as_const(left))
        std::fprintf(stderr, "left behind: %s\n", qPrintable(line));
    std::printf("%lld System V object(s) or record(s) left behind in %s%s\n", static_cast<long long>(left.size()),
                qPrintable(dir.path()), qEnvironmentVariableIntValue("PEERCHAT_STRICT_IPC_CHECK") == 1 ? " (strict: all of the user's)" : "");
    return left.isEmpty() ? 0 : 1;
}
