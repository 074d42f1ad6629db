#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "peerchat.ui", QtWarningMsg)
