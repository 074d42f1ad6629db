#include "ipckey.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSharedMemory>
#include <QSystemSemaphore>

#include <cerrno>
#include <cstring>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ipckey {
namespace {

constexpr int KeyProjectId = 'Q';   // what Qt passes to ftok() for System V keys

union SemArg {
    int val;
    semid_ds *buf;
    unsigned short *array;
};

int segmentId(const QString &keyFile)
{
    const key_t key = ::ftok(QFile::encodeName(keyFile).constData(), KeyProjectId);
    if (key == -1)
        return -1;
    return ::shmget(key, 0, 0);
}

bool isOwnSemaphore(int id)
{
    semid_ds ds{};
    SemArg arg{};
    arg.buf = &ds;
    if (::semctl(id, 0, IPC_STAT, arg) == -1)
        return false;
    return ds.sem_perm.uid == ::geteuid() && (ds.sem_perm.mode & 0077) == 0;
}

int semaphoreValue(int id)
{
    return ::semctl(id, 0, GETVAL);
}

} // namespace

bool setSegmentKey(QSharedMemory &memory, const QString &keyFile, QString *why)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    if (!QSharedMemory::isKeyTypeSupported(QNativeIpcKey::Type::SystemV)) {
        *why = u"this Qt was built without System V shared memory"_s;
        return false;
    }
    memory.setNativeKey(QNativeIpcKey(keyFile, QNativeIpcKey::Type::SystemV));
#else
    memory.setNativeKey(keyFile);
#endif
    Q_UNUSED(why);
    return true;
}

int segmentAttachCount(const QString &keyFile)
{
    const int id = segmentId(keyFile);
    if (id == -1)
        return -1;
    shmid_ds ds{};
    if (::shmctl(id, IPC_STAT, &ds) == -1)
        return -1;
    return int(ds.shm_nattch);
}

bool removeSegment(const QString &keyFile)
{
    const int id = segmentId(keyFile);
    return id != -1 && ::shmctl(id, IPC_RMID, nullptr) == 0;
}

SegmentView::SegmentView(const QString &keyFile)
{
    const int id = segmentId(keyFile);
    shmid_ds ds{};
    if (id == -1 || ::shmctl(id, IPC_STAT, &ds) == -1)
        return;
    void *data = ::shmat(id, nullptr, SHM_RDONLY);
    if (data == reinterpret_cast<void *>(-1))
        return;
    m_data = data;
    m_size = std::size_t(ds.shm_segsz);
}

SegmentView::~SegmentView()
{
    if (m_data)
        ::shmdt(m_data);
}

Doorbell createDoorbell(const QString &uniqueName, const QString &runtimeDir,
                        const std::function<void(const QString &)> &beforeCreate, QString *why)
{
    Doorbell bell;
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    if (!QSystemSemaphore::isKeyTypeSupported(QNativeIpcKey::Type::SystemV)) {
        *why = u"this Qt was built without System V semaphores"_s;
        return bell;
    }
    const QString keyFile = runtimeDir + u'/' + uniqueName + u".bell"_s;
    beforeCreate(keyFile);
    bell.semaphore = std::make_unique<QSystemSemaphore>(
        QNativeIpcKey(keyFile, QNativeIpcKey::Type::SystemV), 0, QSystemSemaphore::Create);
#else
    // Qt 6.4 puts the key file in QDir::tempPath(): "qipc_systemsem_" + the key's letters + the
    // SHA-1 of the key (see ../shared/floor-facts.md). uniqueName carries a random part, so the
    // name cannot be guessed in advance by another user.
    Q_UNUSED(runtimeDir);
    QString letters;
    for (const QChar ch : uniqueName) {
        if ((ch >= u'a' && ch <= u'z') || (ch >= u'A' && ch <= u'Z'))
            letters += ch;
    }
    const QString keyFile = QDir::tempPath() + u"/qipc_systemsem_"_s + letters
        + QString::fromLatin1(QCryptographicHash::hash(uniqueName.toUtf8(), QCryptographicHash::Sha1).toHex());
    beforeCreate(keyFile);
    bell.semaphore = std::make_unique<QSystemSemaphore>(uniqueName, 0, QSystemSemaphore::Create);
#endif
    if (bell.semaphore->error() != QSystemSemaphore::NoError) {
        *why = bell.semaphore->errorString();
        bell.semaphore.reset();
        return bell;
    }
    const key_t key = ::ftok(QFile::encodeName(keyFile).constData(), KeyProjectId);
    const int id = key == -1 ? -1 : ::semget(key, 1, 0);
    // Prove that `id` is the semaphore Qt waits on: post through Qt, read the value directly.
    bool same = id != -1 && isOwnSemaphore(id) && semaphoreValue(id) == 0;
    if (same) {
        same = bell.semaphore->release() && semaphoreValue(id) == 1;
        same = bell.semaphore->acquire() && same && semaphoreValue(id) == 0;
    }
    if (!same) {
        *why = u"cannot find the System V semaphore behind key file %1: %2"_s.arg(
            keyFile, id == -1 ? QString::fromLocal8Bit(std::strerror(errno)) : u"its value does not follow Qt's"_s);
        bell.semaphore.reset();
        return bell;
    }
    bell.id = id;
    bell.keyFile = keyFile;
    return bell;
}

bool ringDoorbell(int id)
{
    if (id < 0)
        return false;
    SemArg arg{};
    arg.val = 1;
    return ::semctl(id, 0, SETVAL, arg) == 0;
}

int waitDoorbell(int id, int timeoutMs)
{
    sembuf op{};
    op.sem_num = 0;
    op.sem_op = -1;
    op.sem_flg = 0;
    timespec timeout{time_t(timeoutMs / 1000), long(timeoutMs % 1000) * 1'000'000};
    if (::semtimedop(id, &op, 1, &timeout) == 0)
        return 1;
    return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

bool removeDoorbell(int id)
{
    return id >= 0 && isOwnSemaphore(id) && ::semctl(id, 0, IPC_RMID) == 0;
}

bool removeDoorbellAt(const QString &keyFile)
{
    const key_t key = ::ftok(QFile::encodeName(keyFile).constData(), KeyProjectId);
    const int id = key == -1 ? -1 : ::semget(key, 1, 0);
    return id != -1 && removeDoorbell(id);
}

bool doorbellExists(int id)
{
    return id >= 0 && isOwnSemaphore(id);
}

} // namespace ipckey
