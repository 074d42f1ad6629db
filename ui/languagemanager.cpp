#include "languagemanager.h"

#include "uilogging.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{
}

LanguageManager::~LanguageManager()
{
    if (m_installed) {
        QCoreApplication::removeTranslator(&m_appTranslator);
        QCoreApplication::removeTranslator(&m_qtTranslator);
    }
}

QList<LanguageManager::Language> LanguageManager::availableLanguages()
{
    return {
        {u"en"_s, u"English"_s},
        {u"de"_s, u"Deutsch"_s},
        {u"fr"_s, u"Français"_s},
        {u"ja"_s, u"日本語"_s},
        {u"zh_CN"_s, u"简体中文"_s},
        {u"ar"_s, u"العربية"_s},
    };
}

QString LanguageManager::systemLanguage()
{
    const QList<Language> languages = availableLanguages();
    const QStringList wanted = QLocale::system().uiLanguages();
    for (QString ui : wanted) {
        ui.replace(u'-', u'_');
        for (const Language &language : languages) {
            if (ui.compare(language.code, Qt::CaseInsensitive) == 0)
                return language.code;
        }
        // "zh_Hans_CN", "zh_CN", "zh" → zh_CN; "de_AT" → de
        const QLocale locale(ui);
        for (const Language &language : languages) {
            const QLocale candidate(language.code);
            if (locale.language() == candidate.language()
                && (locale.language() != QLocale::Chinese || locale.script() != QLocale::TraditionalHanScript))
                return language.code;
        }
    }
    return u"en"_s;
}

QString LanguageManager::catalogueFile(const QString &code)
{
    const QString fileName = u"peerchat_%1.qm"_s.arg(code);
    // Installed (share/peerchat/translations, relative to the binary in bin/) before embedded.
    if (QCoreApplication::instance()) {
        const QString installed = QCoreApplication::applicationDirPath()
            + u"/"_s + QStringLiteral(PEERCHAT_TRANSLATIONS_FROM_BINDIR) + u"/"_s + fileName;
        if (QFile::exists(installed))
            return QFileInfo(installed).canonicalFilePath();
    }
    const QString embedded = u":/i18n/"_s + fileName;
    return QFile::exists(embedded) ? embedded : QString();
}

bool LanguageManager::setLanguage(const QString &code)
{
    const bool followSystem = code.isEmpty();
    const QString wanted = followSystem ? systemLanguage() : code;
    bool known = false;
    for (const Language &language : availableLanguages())
        known = known || language.code == wanted;
    if (!known) {
        qCWarning(lcUi) << "no such language:" << wanted;
        return false;
    }

    const QLocale locale = followSystem && QLocale::system().name().startsWith(wanted.left(2))
        ? QLocale::system() : QLocale(wanted);
    const QString catalogue = catalogueFile(wanted);
    const bool hasCatalogue = !catalogue.isEmpty();
    if (!hasCatalogue && wanted != u"en"_s) {
        qCWarning(lcUi) << "no translation catalogue for" << wanted;
        return false;
    }
    // The locale first: widgets that retranslate on the LanguageChange event format with it.
    QLocale::setDefault(locale);
    QGuiApplication::setLayoutDirection(QLocale(wanted).textDirection());
    if (m_installed) {
        QCoreApplication::removeTranslator(&m_appTranslator);
        QCoreApplication::removeTranslator(&m_qtTranslator);
        m_installed = false;
    }
    // English needs its catalogue only for plural forms ("1 message", "2 messages").
    const bool loaded = hasCatalogue && m_appTranslator.load(catalogue);
    if (loaded)
        QCoreApplication::installTranslator(&m_appTranslator);
    if (wanted != u"en"_s
        && m_qtTranslator.load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qtTranslator);
    else
        qCDebug(lcUi) << "no Qt translation for" << wanted;
    m_installed = true;
    if (!loaded && QCoreApplication::instance()) {
        QEvent change(QEvent::LanguageChange);   // back to the source texts: tell the widgets
        QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
    }
    m_language = wanted;
    m_followsSystem = followSystem;
    qCDebug(lcUi) << "language" << wanted << (followSystem ? "(system)" : "") << "from" << catalogue;
    emit languageChanged(wanted);
    return true;
}
