#pragma once

#include "runended_p.h"

#include <QByteArray>
#include <QThread>

// Reads standard input line by line in its own thread (a console read blocks) and hands each
// line to the main thread in order. stop() ends it at once, even while it waits for input.
class StdinReader : public QThread
{
    Q_OBJECT
public:
    static constexpr qsizetype MaxLineBytes = 4 * 1024 * 1024;   // longer lines are refused whole

    explicit StdinReader(QObject *parent = nullptr);
    ~StdinReader() override;
    void stop();

signals:
    void lineRead(const QByteArray &line);
    void lineTooLong(qsizetype bytes);
    void endOfInput();

protected:
    void run() override;

private:
    int m_stopPipe[2] = {-1, -1};
    RunEnded m_ended;
};
