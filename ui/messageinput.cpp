#include "messageinput.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QUrl>

using namespace Qt::StringLiterals;

MessageInput::MessageInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

QSize MessageInput::sizeHint() const
{
    const QSize base = QPlainTextEdit::sizeHint();
    const int lines = 3;
    const int frame = 2 * (frameWidth() + int(document()->documentMargin()));
    return {base.width(), fontMetrics().lineSpacing() * lines + frame};
}

QSize MessageInput::minimumSizeHint() const
{
    const int frame = 2 * (frameWidth() + int(document()->documentMargin()));
    return {QPlainTextEdit::minimumSizeHint().width(), fontMetrics().lineSpacing() + frame};
}

void MessageInput::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter) {
        const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
        if (modifiers == Qt::ShiftModifier) {
            textCursor().insertText(u"\n"_s);   // a new block: toPlainText() gives '\n'
            ensureCursorVisible();
            event->accept();
            return;
        }
        if (modifiers == Qt::NoModifier) {
            event->accept();
            emit sendRequested();
            return;
        }
    }
    QPlainTextEdit::keyPressEvent(event);
}

QStringList MessageInput::localFiles(const QMimeData *source)
{
    QStringList paths;
    if (!source || !source->hasUrls())
        return paths;
    for (const QUrl &url : source->urls()) {
        if (!url.isLocalFile())
            return {};
        paths.append(url.toLocalFile());
    }
    return paths;
}

bool MessageInput::canInsertFromMimeData(const QMimeData *source) const
{
    return !localFiles(source).isEmpty() || source->hasImage() || QPlainTextEdit::canInsertFromMimeData(source);
}

void MessageInput::insertFromMimeData(const QMimeData *source)
{
    if (const QStringList files = localFiles(source); !files.isEmpty()) {
        emit filesGiven(files);
        return;
    }
    if (source->hasImage() && !source->hasText()) {   // a screenshot; text copied with a picture stays text
        emit imageGiven(qvariant_cast<QImage>(source->imageData()));
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}
