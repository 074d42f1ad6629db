#include "channelsegment.h"

#include "ipckey.h"
#include "ipclogging.h"

#include <QDateTime>
#include <QFile>

using namespace Qt::StringLiterals;
using namespace layout;

ChannelSegment::ChannelSegment(const QString &channel, const QString &runtimeDir)
    : m_channel(channel)
    , m_runtimeDir(runtimeDir)
    , m_channelUtf8(channel.toUtf8())
    , m_keyFile(segmentKeyFile(runtimeDir, channel))
    , m_bells(runtimeDir, channel)
    , m_shared(channel)
    , m_slots(m_map, m_bells, channel)
    , m_writer(m_map, m_slots, m_bells, m_shared, channel)
    , m_reader(m_map, m_slots, m_shared)
{
}

ChannelSegment::~ChannelSegment()
{
    if (m_memory)
        ipckey::detachSegment(*m_memory, m_keyFile);
}

QString ChannelSegment::segmentKeyFile(const QString &runtimeDir, const QString &channel)
{
    return runtimeDir + u'/' + channel + u".seg"_s;
}

bool ChannelSegment::setError(Error error, const QString &text)
{
    m_error = error;
    m_errorString = text;
    return false;
}

bool ChannelSegment::open()
{
    for (int attempt = 0; attempt < 4; ++attempt) {
        // A fresh QSharedMemory for every try: in Qt 6.4 a failed create() on a native key
        // leaves an error in its lock semaphore that makes the next attach() fail.
        m_memory = std::make_unique<QSharedMemory>();
        QString why;
        if (!ipckey::setSegmentKey(*m_memory, m_keyFile, &why))
            return setError(Error::SystemError, why);
        const ipckey::CreateResult created = ipckey::createSegment(*m_memory, m_keyFile, qsizetype(segmentSize), &why);
        if (created == ipckey::CreateResult::Created) {
            m_map.base = static_cast<uchar *>(m_memory->data());
            // A new SysV segment is zero-filled: every atomic starts at 0, every slot is free,
            // every ring cell is free for lap 0.
            m_map.header()->createdMs = quint64(QDateTime::currentMSecsSinceEpoch());
            writeHeader(m_map.base, m_channelUtf8);
            qCDebug(lcIpc) << "created segment for" << m_channel;
            return true;
        }
        if (created != ipckey::CreateResult::Exists) {
            const Error error = created == ipckey::CreateResult::PermissionDenied ? Error::PermissionDenied
                                                                                 : Error::SystemError;
            return setError(error, u"cannot create the segment of channel \"%1\": %2"_s.arg(m_channel, why));
        }
        m_memory = std::make_unique<QSharedMemory>();
        if (!ipckey::setSegmentKey(*m_memory, m_keyFile, &why))
            return setError(Error::SystemError, why);
        if (!ipckey::attachSegment(*m_memory, m_keyFile)) {
            if (m_memory->error() == QSharedMemory::PermissionDenied)
                return setError(Error::PermissionDenied,
                                u"cannot attach to channel \"%1\": its segment belongs to another user"_s.arg(m_channel));
            continue;   // removed between create() and attach(): try again
        }
        const HeaderVerdict verdict = checkHeader(m_memory->constData(), std::size_t(m_memory->size()), m_channelUtf8);
        switch (verdict.check) {
        case HeaderCheck::Ok:
            m_map.base = static_cast<uchar *>(m_memory->data());
            qCDebug(lcIpc) << "attached to segment of" << m_channel;
            return true;
        case HeaderCheck::OtherVersion:
            ipckey::detachSegment(*m_memory, m_keyFile);
            return setError(Error::VersionMismatch,
                            u"channel \"%1\" uses segment layout version %2, but this peerchat uses layout version %3; "
                            "quit the peers of the other version, or run peerchat --purge %1"_s
                                .arg(m_channel).arg(verdict.foundVersion).arg(Version));
        case HeaderCheck::OtherChannel:
            ipckey::detachSegment(*m_memory, m_keyFile);
            return setError(Error::KeyCollision,
                            u"the System V key of channel \"%1\" is in use by channel \"%2\" (ftok collision); "
                            "choose another channel name"_s.arg(m_channel, QString::fromUtf8(verdict.foundChannel)));
        case HeaderCheck::TooSmall:
        case HeaderCheck::BadMagic:
        case HeaderCheck::BadGeometry:
            break;
        }
        const QString reason = verdict.check == HeaderCheck::BadMagic ? u"its header has no peerchat magic"_s
            : verdict.check == HeaderCheck::TooSmall                   ? u"its segment is too small"_s
                                                                       : u"its header has impossible sizes"_s;
        if (ipckey::segmentAttachCount(m_keyFile) > 1) {
            ipckey::detachSegment(*m_memory, m_keyFile);
            return setError(Error::Corrupted, u"channel %1 is damaged: %2"_s.arg(m_channel, reason));
        }
        // Nobody else is attached: a leftover of a crash. Remove it, and the doorbells its dead
        // peers left, and start afresh.
        qCWarning(lcIpc) << "replacing a damaged leftover segment of" << m_channel << ":" << reason;
        m_bells.removeAllDead();
        ipckey::detachSegment(*m_memory, m_keyFile);   // the last detach removes it
        ipckey::removeSegment(m_keyFile);              // unless someone attached meanwhile
    }
    return setError(Error::SystemError, u"cannot create or attach the segment of channel \"%1\": %2"_s.arg(m_channel, m_memory->errorString()));
}

bool ChannelSegment::activate(const QByteArray &name, int doorbellId, const QString &doorbellKeyFile, quint64 startTime)
{
    m_slots.fillIn(name, doorbellId, doorbellKeyFile, startTime);
    if (m_sendOnly)
        m_reader.markLaggard();   // after fillIn(), which clears the slot's bits
    const quint64 position = m_reader.startAtHead();
    m_writer.continueOutbox(position);
    const int slot = m_slots.slot();
    if (!m_slots.activate())
        return setError(Error::SystemError,
                        u"lost slot %1 of channel \"%2\" while joining (its owner word changed)"_s.arg(slot).arg(m_channel));
    return true;
}

void ChannelSegment::detach(bool removeSegment)
{
    if (!m_memory || !m_memory->isAttached())
        return;
    // Detach first: with the segment and its lock still there, Qt (6.6+) takes that lock to
    // detach, rather than making a lock of its own that it would remove, with the key file, later.
    ipckey::detachSegment(*m_memory, m_keyFile);
    if (removeSegment) {
        ipckey::removeSegment(m_keyFile);
        QFile::remove(m_keyFile);
        m_bells.removeAllDead();   // doorbells whose reaper died before it removed them
    }
}
