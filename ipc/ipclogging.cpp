#include "ipclogging.h"

Q_LOGGING_CATEGORY(lcIpc, "peerchat.ipc", QtWarningMsg)
Q_LOGGING_CATEGORY(lcIpcWatcher, "peerchat.ipc.watcher", QtWarningMsg)
