#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// Message texts for the multi-process tests: every script the bus must carry byte for byte,
// tagged with sender and index so a receiver can check content, order and exactly-once.
namespace testtexts {

inline const QStringList &samples()
{
    static const QStringList s = {
        QStringLiteral("plain ASCII"),
        QStringLiteral("grüße, ça va? ñ"),
        QStringLiteral("你好，世界 こんにちは 안녕하세요"),
        QStringLiteral("مرحبا بالعالم שלום"),
        QStringLiteral("emoji 👋🏽 👨‍👩‍👧 🇩🇪"),
        QStringLiteral("combining e\u0301 a\u0308 \u0915\u094d\u0937"),
        QStringLiteral("line one\nline two \\ backslash\ttab"),
        QStringLiteral("\uFEFFBOM first"),
    };
    return s;
}

inline QString text(const QString &sender, int index)
{
    return sender + u'#' + QString::number(index) + u' ' + samples().at(index % samples().size());
}

// The index a text carries, if it is exactly what text(sender, index) makes.
inline std::optional<int> indexOf(const QString &sender, const QString &message)
{
    const QString prefix = sender + u'#';
    if (!message.startsWith(prefix))
        return std::nullopt;
    const qsizetype space = message.indexOf(u' ', prefix.size());
    bool ok = false;
    const int index = message.mid(prefix.size(), space - prefix.size()).toInt(&ok);
    if (!ok || index < 0 || message != text(sender, index))
        return std::nullopt;
    return index;
}

} // namespace testtexts
