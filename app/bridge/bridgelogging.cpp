#include "bridgelogging.h"

// Warnings (reconnects, rejected payloads) are on by default: they are the bridge's log.
Q_LOGGING_CATEGORY(lcBridge, "peerchat.bridge", QtInfoMsg)
