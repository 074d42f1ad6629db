#pragma once

#include <QCoreApplication>

#include <memory>

// The child processes of peerchat-bench. The orchestrator re-executes the program as
//   peerchat-bench --role <name> --key value ...
// and talks to it with lines on stdin/stdout (see benchcommon.h). Each returns the exit code;
// a broken or reordered message makes the child say why on stderr and exit non-zero.

namespace bench {

class RoleArgs;

// bus-ping, bus-echo, bus-send, bus-recv, bus-idle. Returns -1 for a role it does not know.
int runBusRole(const RoleArgs &args);
// qls-* (QLocalSocket) and uds-* (plain Unix-domain socket) roles. -1 for an unknown role.
int runSocketRole(const RoleArgs &args);
// bus-window (a ChatWindow, offscreen) and bus-flood. -1 for an unknown role.
int runWindowRole(const RoleArgs &args);
// floor-ping and floor-echo: the bus's doorbell and watcher thread without the bus. -1 for an
// unknown role.
int runFloorRole(const RoleArgs &args);
// The application object for this process: a QApplication (offscreen) for bus-window, else core.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv);

} // namespace bench
