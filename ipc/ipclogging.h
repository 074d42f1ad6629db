#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcIpc)
Q_DECLARE_LOGGING_CATEGORY(lcIpcWatcher)
