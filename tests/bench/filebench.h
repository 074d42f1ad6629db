#pragma once

#include <QString>

namespace bench {

class RoleArgs;

struct FileBenchSettings
{
    QString peerchatBinary;    // the console peer
    QString benchBinary;       // this program, for the socket roles
    int repeats = 3;
    qint64 fileBytes = 256LL * 1024 * 1024;
    // Chat during a transfer: this many chat lines, 1 ms apart, with no transfer and while a file
    // of chatFileBytes moves between two other console peers.
    int chatRounds = 300;
    qint64 chatFileBytes = 1024LL * 1024 * 1024;
};

// The file-256m case: one file from a console peer (`/send`) to one and to three console peers
// saving into a tmpfs folder (`--save-files`), beside the same file through Unix sockets from
// this program's own roles (file-sock-send, file-sock-recv: read, write, nothing checked, as
// socat would) in the same run. Every received file is compared with the sent one (SHA-256)
// after the clock stopped. Then the chat's one-way delay (p50, p99) between two other console
// peers with no transfer and while a 1 GiB file moves. Prints its own tables; returns non-zero on
// a failure.
int runFileBench(const FileBenchSettings &settings);

// file-sock-send, file-sock-recv. Returns -1 for a role it does not know.
int runFileRole(const RoleArgs &args);

} // namespace bench
