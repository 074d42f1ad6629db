#include "doorbellrecords.h"

#include "failpoint.h"
#include "ipckey.h"
#include "peerprocess.h"
#include "segmentlayout_p.h"

#include <QFile>
#include <QFileInfo>
#include <QList>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
// Removes a dead peer's doorbell and its key file. Only a key file peerchat names is removed,
// whatever the record says.
void removeBell(const DoorbellRecords::Record &bell, const QString &recordFile)
{
    const QString name = QFileInfo(bell.keyFile).fileName();
    const bool ours = name.startsWith(u"qipc_systemsem_peerchat"_s) || (name.startsWith(u"peerchat-"_s) && name.endsWith(u".bell"_s));
    if (bell.semaphoreId >= 0)
        ipckey::removeDoorbell(bell.semaphoreId);
    else if (ours)
        ipckey::removeDoorbellAt(bell.keyFile);   // it died while creating it
    if (ours)
        QFile::remove(bell.keyFile);
    QFile::remove(recordFile);
}

// The file a record is written to before it is renamed over the slot's record.
QString newFileOf(const QString &recordFile)
{
    return recordFile + u".new"_s;
}

std::optional<DoorbellRecords::Record> readFile(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = f.read(4096).split('\n');
    const QList<QByteArray> fields = lines.value(0).trimmed().split(' ');
    if (fields.size() != 3)
        return std::nullopt;
    DoorbellRecords::Record r;
    bool ok1 = false, ok2 = false, ok3 = false;
    r.pid = fields.at(0).toLongLong(&ok1);
    r.startTime = fields.at(1).toULongLong(&ok2);
    r.semaphoreId = fields.at(2).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3)
        return std::nullopt;
    r.keyFile = QFile::decodeName(lines.value(1));
    return r;
}
} // namespace

QString DoorbellRecords::fileOf(int slot) const
{
    return m_runtimeDir + u'/' + m_channel + u'.' + QString::number(slot) + u".bell"_s;
}

void DoorbellRecords::write(int slot, int semaphoreId, const QString &keyFile, quint64 startTime) const
{
    // A record a dead earlier owner of the slot left (its reaper died before it removed it) is
    // the only trace of that doorbell: remove the doorbell before the record is overwritten.
    removeIfDead(slot);
    // Replaced in one step: written beside, then renamed over the old one. A peer killed while it
    // writes leaves its old record whole (the same key file, id -1: enough to remove the
    // doorbell), never an empty or half one that no reaper can act on; that leaked a semaphore.
    const QString file = fileOf(slot);
    const QString next = newFileOf(file);
    {
        QFile bell(next);
        if (!bell.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return;
        bell.write(QByteArray::number(peerprocess::ownPid()) + ' ' + QByteArray::number(startTime) + ' '
                   + QByteArray::number(semaphoreId) + '\n' + QFile::encodeName(keyFile) + '\n');
        if (!bell.flush())
            return;
    }
    failpoint::hit(failpoint::Point::BeforeBellRename);
    (void)::rename(QFile::encodeName(next).constData(), QFile::encodeName(file).constData());
}

std::optional<DoorbellRecords::Record> DoorbellRecords::read(int slot) const
{
    return readFile(fileOf(slot));
}

void DoorbellRecords::remove(int slot) const
{
    QFile::remove(fileOf(slot));
    QFile::remove(newFileOf(fileOf(slot)));
}

void DoorbellRecords::removeIfDead(int slot) const
{
    const QString file = fileOf(slot);
    for (const QString &one : {newFileOf(file), file}) {   // a record not yet renamed, then the record
        const std::optional<Record> bell = readFile(one);
        if (bell && !peerprocess::isAlive(bell->pid, bell->startTime))
            removeBell(*bell, one);
    }
}

void DoorbellRecords::removeAllDead() const
{
    for (int slot = 0; slot < int(layout::MaxPeers); ++slot)
        removeIfDead(slot);
}
