#include "kioskstyle.h"

#include <QWidget>

KioskStyle::KioskStyle(const QString &baseStyle)
    : QProxyStyle(baseStyle)
{
}

int KioskStyle::styleHint(StyleHint hint, const QStyleOption *option, const QWidget *widget,
                          QStyleHintReturn *returnData) const
{
    switch (hint) {
    case SH_UnderlineShortcut:
        return 0;
    default:
        return QProxyStyle::styleHint(hint, option, widget, returnData);
    }
}

void KioskStyle::polish(QWidget *widget)
{
    QProxyStyle::polish(widget);
    widget->setAttribute(Qt::WA_Hover, false);   // a finger does not hover: no highlight that sticks
}
