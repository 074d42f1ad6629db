#pragma once

#include <QPlainTextEdit>

// The multi-line input: Enter (or the keypad's Enter) asks to send, Shift+Enter adds a line
// break, Tab moves the focus on (keyboard-only use).
class MessageInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit MessageInput(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sendRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
};
