#pragma once

#include <QImage>
#include <QPlainTextEdit>
#include <QStringList>

class QMimeData;

// The multi-line input: Enter (or the keypad's Enter) asks to send, Shift+Enter adds a line
// break, Tab moves the focus on (keyboard-only use). Files and pictures pasted or dropped here
// are handed on (filesGiven, imageGiven), not inserted as text.
class MessageInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit MessageInput(QWidget *parent = nullptr);

    // The local files of a paste or drop (every URL a local file path), else none.
    static QStringList localFiles(const QMimeData *source);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sendRequested();
    // Pasted or dropped here: local files, or a picture (a screenshot in the clipboard). Text
    // is inserted as text.
    void filesGiven(const QStringList &paths);
    void imageGiven(const QImage &image);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
};
