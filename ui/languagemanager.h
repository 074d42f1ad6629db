#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTranslator>

// Loads peerchat's translations (see catalogueFile(): installed, else embedded) and
// Qt's own, sets the default QLocale and the application's layout direction (right to left for
// Arabic). Switching installs new translators: every widget gets a LanguageChange event.
class LanguageManager : public QObject
{
    Q_OBJECT
public:
    struct Language
    {
        QString code;         // "en", "de", "fr", "ja", "zh_CN", "ar"
        QString nativeName;   // the language's name in itself ("Deutsch"): not translated
    };

    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    static QList<Language> availableLanguages();
    // The best available language for the system's UI languages ("en" when none fits).
    static QString systemLanguage();

    // peerchat_<code>.qm from share/peerchat/translations next to the installed binary's bin/
    // (what `cmake --install` and the .deb put there), else the copy embedded under :/i18n;
    // empty when neither exists.
    static QString catalogueFile(const QString &code);

    // The code in use; setLanguage({}) follows the system and language() says what that gave.
    QString language() const { return m_language; }
    bool followsSystem() const { return m_followsSystem; }
    // Returns false (and keeps the current language) for an unknown code or a missing catalogue.
    bool setLanguage(const QString &code);

signals:
    void languageChanged(const QString &code);

private:
    QTranslator m_appTranslator;
    QTranslator m_qtTranslator;
    QString m_language;
    bool m_followsSystem = true;
    bool m_installed = false;
};
