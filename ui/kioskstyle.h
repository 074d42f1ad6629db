#pragma once

#include <QProxyStyle>

// The application style for --kiosk: a base style (Fusion unless QT_STYLE_OVERRIDE names
// another) without what only a keyboard or a mouse pointer can use: no underlined mnemonics
// (a touch screen has no Alt key) and no hover highlights (a finger leaves them behind).
class KioskStyle : public QProxyStyle
{
    Q_OBJECT
public:
    explicit KioskStyle(const QString &baseStyle);

    int styleHint(StyleHint hint, const QStyleOption *option = nullptr, const QWidget *widget = nullptr,
                  QStyleHintReturn *returnData = nullptr) const override;
    void polish(QWidget *widget) override;
    using QProxyStyle::polish;
};
