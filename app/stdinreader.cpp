#include "stdinreader.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

StdinReader::StdinReader(QObject *parent)
    : QThread(parent)
{
    setObjectName(u"peerchat stdin"_s);
    if (::pipe2(m_stopPipe, O_CLOEXEC) == -1)
        m_stopPipe[0] = m_stopPipe[1] = -1;
}

StdinReader::~StdinReader()
{
    stop();
    for (int fd : m_stopPipe) {
        if (fd != -1)
            ::close(fd);
    }
}

void StdinReader::stop()
{
    if (isRunning()) {
        const char byte = 'x';
        (void)!::write(m_stopPipe[1], &byte, 1);
    }
    wait();
    m_ended.observe();   // before the pipe run() polled is closed (runended_p.h)
}

void StdinReader::run()
{
    const auto ended = m_ended.marker();
    QByteArray line;
    qsizetype dropping = 0;   // > 0 while skipping the rest of an over-long line
    char buffer[65536];
    while (true) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {m_stopPipe[0], POLLIN, 0}};
        if (::poll(fds, m_stopPipe[0] == -1 ? 1 : 2, -1) == -1) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents)
            return;
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == -1 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            break;
        qsizetype start = 0;
        for (qsizetype i = 0; i < n; ++i) {
            if (buffer[i] != '\n')
                continue;
            if (dropping) {
                emit lineTooLong(dropping + i - start);
                dropping = 0;
            } else {
                line.append(buffer + start, i - start);
                if (line.endsWith('\r'))
                    line.chop(1);
                emit lineRead(line);
            }
            line.clear();
            start = i + 1;
        }
        if (dropping) {
            dropping += n - start;
        } else {
            line.append(buffer + start, n - start);
            if (line.size() > MaxLineBytes) {
                dropping = line.size();
                line.clear();
            }
        }
    }
    if (dropping)
        emit lineTooLong(dropping);
    else if (!line.isEmpty())
        emit lineRead(line);   // a last line without a line break
    emit endOfInput();
}
