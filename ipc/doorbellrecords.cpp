#include "doorbellrecords.h"

#include "ipckey.h"
#include "peerprocess.h"
#include "segmentlayout_p.h"

#include <QFile>
#include <QFileInfo>
#include <QList>

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
    QFile bell(fileOf(slot));
    if (bell.open(QIODevice::WriteOnly | QIODevice::Truncate))
        bell.write(QByteArray::number(peerprocess::ownPid()) + ' ' + QByteArray::number(startTime) + ' ' + QByteArray::number(semaphoreId)
                   + '\n' + QFile::encodeName(keyFile) + '\n');
}

std::optional<DoorbellRecords::Record> DoorbellRecords::read(int slot) const
{
    return readFile(fileOf(slot));
}

void DoorbellRecords::remove(int slot) const
{
    QFile::remove(fileOf(slot));
}

void DoorbellRecords::removeIfDead(int slot) const
{
    const QString file = fileOf(slot);
    const std::optional<Record> bell = readFile(file);
    if (!bell || peerprocess::isAlive(bell->pid, bell->startTime))
        return;
    removeBell(*bell, file);
}

void DoorbellRecords::removeAllDead() const
{
    for (int slot = 0; slot < int(layout::MaxPeers); ++slot) {
        const QString file = fileOf(slot);
        const std::optional<Record> bell = readFile(file);
        if (bell && !peerprocess::isAlive(bell->pid, bell->startTime))
            removeBell(*bell, file);
    }
}
