#include "ipckey.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSharedMemory>
#include <QSystemSemaphore>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace ipckey {
namespace {

// What Qt passes to ftok() for System V keys: 'Q' in Qt 6.4; the key type's value in 6.6+
// (QNativeIpcKey::Type::SystemV == 0x51, also 'Q', so 6.4 and 6.8 peers find the same objects).
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
constexpr int KeyProjectId = int(QNativeIpcKey::Type::SystemV);
static_assert(KeyProjectId == 'Q', "Qt changed the System V ftok() project id");
#else
constexpr int KeyProjectId = 'Q';
#endif

union SemArg {
    int val;
    semid_ds *buf;
    unsigned short *array;
};

key_t keyOf(const QString &keyFile)
{
    return ::ftok(QFile::encodeName(keyFile).constData(), KeyProjectId);
}

int segmentId(const QString &keyFile)
{
    const key_t key = keyOf(keyFile);
    if (key == -1)
        return -1;
    return ::shmget(key, 0, 0);
}

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
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

#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
// Qt 6.6+ guards a segment's create(), attach() and detach() with a System V semaphore on the
// segment's own key (QSharedMemoryPrivate::semaphoreNativeKey() returns the same native key).
// The QSharedMemory that makes it owns it: when destroyed it removes the semaphore and unlinks
// the key file, although the segment and its other peers live on, and the next peer's ftok()
// then fails or finds a new inode (two segments for one channel). Made here (value 1, mode
// 0600) before Qt looks for it, no QSharedMemory ever owns it; removeSegment() and
// detachSegment() remove it with the segment.
bool ensureSegmentLock(key_t key, QString *why)
{
    SemArg arg{};
    const int id = ::semget(key, 1, 0600 | IPC_CREAT | IPC_EXCL);
    if (id == -1) {
        if (errno != EEXIST) {
            *why = u"cannot create the lock semaphore of the segment: %1"_s.arg(systemError());
            return false;
        }
        // Never used (no semop yet), still 0, and made over a second ago: its maker was killed
        // between semget() and SETVAL. Left so, every create/attach/detach would block.
        const int found = ::semget(key, 1, 0);
        semid_ds ds{};
        arg.buf = &ds;
        if (found != -1 && isOwnSemaphore(found) && ::semctl(found, 0, IPC_STAT, arg) == 0 && ds.sem_otime == 0
            && semaphoreValue(found) == 0 && ::time(nullptr) - ds.sem_ctime > 1) {
            arg.val = 1;
            ::semctl(found, 0, SETVAL, arg);
        }
        return true;
    }
    arg.val = 1;
    if (::semctl(id, 0, SETVAL, arg) == -1) {
        *why = u"cannot set the lock semaphore of the segment: %1"_s.arg(systemError());
        ::semctl(id, 0, IPC_RMID);
        return false;
    }
    return true;
}

void removeSegmentLock(key_t key)
{
    const int id = ::semget(key, 1, 0);
    if (id != -1 && isOwnSemaphore(id))
        ::semctl(id, 0, IPC_RMID);
}
#endif

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

CreateResult createSegment(QSharedMemory &memory, const QString &keyFile, qsizetype size, QString *why)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    const QByteArray path = QFile::encodeName(keyFile);
    const int fd = ::open(path.constData(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd == -1) {
        *why = u"cannot create the key file %1: %2"_s.arg(keyFile, systemError());
        return errno == EACCES ? CreateResult::PermissionDenied : CreateResult::Failed;
    }
    ::close(fd);
    const key_t key = keyOf(keyFile);
    if (key == -1) {
        *why = u"ftok(%1) failed: %2"_s.arg(keyFile, systemError());
        return CreateResult::Failed;
    }
    if (!ensureSegmentLock(key, why))
        return CreateResult::Failed;
    const int id = ::shmget(key, std::size_t(size), 0600 | IPC_CREAT | IPC_EXCL);
    if (id == -1) {
        if (errno == EEXIST)
            return CreateResult::Exists;
        *why = u"shmget: %1"_s.arg(systemError());
        return errno == EACCES ? CreateResult::PermissionDenied : CreateResult::Failed;
    }
    if (!memory.attach()) {
        *why = memory.errorString();
        ::shmctl(id, IPC_RMID, nullptr);
        return memory.error() == QSharedMemory::PermissionDenied ? CreateResult::PermissionDenied
                                                                 : CreateResult::Failed;
    }
    return CreateResult::Created;
#else
    Q_UNUSED(keyFile);
    if (memory.create(size))
        return CreateResult::Created;
    *why = memory.errorString();
    switch (memory.error()) {
    case QSharedMemory::AlreadyExists:
        return CreateResult::Exists;
    case QSharedMemory::PermissionDenied:
        return CreateResult::PermissionDenied;
    default:
        return CreateResult::Failed;
    }
#endif
}

bool attachSegment(QSharedMemory &memory, const QString &keyFile)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    // No key file or no segment: nothing to attach to, and asking Qt would make a key file and
    // a lock semaphore that this QSharedMemory owns.
    const key_t key = keyOf(keyFile);
    QString why;
    if (key == -1 || ::shmget(key, 0, 0) == -1 || !ensureSegmentLock(key, &why))
        return false;
#else
    Q_UNUSED(keyFile);
#endif
    return memory.attach();
}

void detachSegment(QSharedMemory &memory, const QString &keyFile)
{
    if (!memory.isAttached())
        return;
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    const key_t key = keyOf(keyFile);
    memory.detach();
    if (key != -1 && ::shmget(key, 0, 0) == -1)
        removeSegmentLock(key);   // Qt removed the segment (last detach): its lock goes too
#else
    Q_UNUSED(keyFile);
    memory.detach();
#endif
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
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    const key_t key = keyOf(keyFile);
    if (key != -1)
        removeSegmentLock(key);
#endif
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
    const auto keyFileOf = [&](const QString &name) { return runtimeDir + u'/' + name + u".bell"_s; };
#else
    // Qt 6.4 puts the key file in QDir::tempPath(): "qipc_systemsem_" + the key's letters + the
    // SHA-1 of the key (see ../shared/floor-facts.md). uniqueName carries a random part, so the
    // name cannot be guessed in advance by another user.
    Q_UNUSED(runtimeDir);
    const auto keyFileOf = [](const QString &name) {
        QString letters;
        for (const QChar ch : name) {
            if ((ch >= u'a' && ch <= u'z') || (ch >= u'A' && ch <= u'Z'))
                letters += ch;
        }
        return QDir::tempPath() + u"/qipc_systemsem_"_s + letters
            + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1).toHex());
    };
#endif
    // ftok() keeps only 16 bits of the key file's inode: a new file can map to the key of a live
    // semaphore (another peer's doorbell, a segment's lock), and Qt's Create would then quietly
    // take that semaphore over. So we make the key file first and take a name whose key is free.
    QString name = uniqueName;
    QString keyFile;
    for (int attempt = 1;; ++attempt) {
        keyFile = keyFileOf(name);
        beforeCreate(keyFile);
        const QByteArray path = QFile::encodeName(keyFile);
        const int fd = ::open(path.constData(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0640);
        if (fd != -1) {
            ::close(fd);
            const key_t key = ::ftok(path.constData(), KeyProjectId);
            if (key != -1 && ::semget(key, 1, 0) == -1 && errno == ENOENT)
                break;
            ::unlink(path.constData());
        }
        if (attempt == 16) {
            *why = u"no free System V key for a key file like %1"_s.arg(keyFile);
            return bell;
        }
        name = uniqueName + u'-' + QString::number(attempt);
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 6, 0)
    bell.semaphore = std::make_unique<QSystemSemaphore>(
        QNativeIpcKey(keyFile, QNativeIpcKey::Type::SystemV), 0, QSystemSemaphore::Create);
#else
    bell.semaphore = std::make_unique<QSystemSemaphore>(name, 0, QSystemSemaphore::Create);
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
            keyFile, id == -1 ? systemError() : u"its value does not follow Qt's"_s);
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
