#pragma once

#include <functional>

class QObject;

namespace terminationsignals {

// Calls `handler` in `context`'s thread, from its event loop, when the process gets SIGINT,
// SIGTERM or SIGHUP (a self-pipe watched by a QSocketNotifier owned by `context`), so that a
// peer killed politely leaves its channel, and the last one out removes the IPC objects, instead
// of leaving them to be reaped. For one context per process.
void onTermination(QObject *context, std::function<void()> handler);

} // namespace terminationsignals
