#include "guimodule.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>

#include <vector>

using namespace Qt::StringLiterals;

const GuiModule *loadGuiModule(QString *error)
{
    static const GuiModule *loaded = nullptr;
    if (loaded)
        return loaded;
    // No QCoreApplication yet (the module makes the QApplication): find ourselves in /proc.
    QString binary = QFile::symLinkTarget(u"/proc/self/exe"_s);
    if (binary.isEmpty())
        binary = QFileInfo(QCoreApplication::arguments().value(0)).absoluteFilePath();
    const QString dir = QFileInfo(binary).absolutePath();
    const QString installed = QStringLiteral(PEERCHAT_MODULE_DIR);   // where `cmake --install` puts it
    const QStringList candidates = {dir + u"/peerchat-gui.so"_s, installed + u"/peerchat-gui.so"_s};
    QString tried;
    for (const QString &path : candidates) {
        if (!QFileInfo::exists(path))
            continue;
        QLibrary library(path);
        const auto entry = reinterpret_cast<GuiModuleEntry>(library.resolve(GuiModuleSymbol));
        if (!entry) {
            tried = library.errorString();
            continue;
        }
        const GuiModule *module = entry();
        if (!module || qstrcmp(module->version, PEERCHAT_VERSION) != 0) {
            tried = QCoreApplication::translate("Console", "%1 is version %2, not %3")
                        .arg(path, QString::fromUtf8(module ? module->version : "?"), QStringLiteral(PEERCHAT_VERSION));
            continue;
        }
        loaded = module;   // the library stays loaded: QLibrary does not unload on destruction
        return loaded;
    }
    if (error) {
        *error = tried.isEmpty()
            ? QCoreApplication::translate("Console", "the window module peerchat-gui.so is neither next to %1 nor in "
                                                     "%2; copy it there, or run 'peerchat --headless'")
                  .arg(binary, installed)
            : QCoreApplication::translate("Console", "cannot load the window module: %1").arg(tried);
    }
    return nullptr;
}

void protectGuiArguments(int &argc, char **argv)
{
    static std::vector<QByteArray> merged;   // argv points into these until the process ends
    merged.reserve(std::size_t(argc));
    int out = 1;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--") {   // everything after it is positional: keep as is
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        if (arg == "--name" && i + 1 < argc) {
            merged.push_back("--name=" + QByteArray(argv[i + 1]));
            argv[out++] = merged.back().data();
            ++i;
            continue;
        }
        argv[out++] = argv[i];
    }
    argc = out;
    argv[argc] = nullptr;
}

void addGuiOptions(QCommandLineParser &parser)
{
    QCommandLineOption slot(DemoSlotOption,
                            QCoreApplication::translate("Console", "Internal: place this window as number I of N."),
                            u"I/N"_s);
    slot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(slot);
}

bool readGuiOptions(const QCommandLineParser &parser, GuiOptions &options, QString *error)
{
    if (!parser.isSet(DemoSlotOption))
        return true;
    const QString value = parser.value(DemoSlotOption);
    const QStringList parts = value.split(u'/');
    bool okSlot = false;
    bool okSlots = false;
    const int slot = parts.size() == 2 ? parts.at(0).toInt(&okSlot) : -1;
    const int slotCount = parts.size() == 2 ? parts.at(1).toInt(&okSlots) : 0;
    if (!okSlot || !okSlots || slotCount < 1 || slotCount > 8 || slot < 0 || slot >= slotCount) {
        if (error)
            *error = QCoreApplication::translate("Console", "--demo-slot needs I/N with 0 <= I < N <= 8, not '%1'").arg(value);
        return false;
    }
    options.demoSlot = slot;
    options.demoSlots = slotCount;
    return true;
}

