#pragma once

#include <QString>

#include <optional>

// The per-user directory that holds the bus's key and lock files: /tmp/peerchat-<uid>, mode 0700,
// whatever the peer's TMPDIR (so all peers of a user meet). PEERCHAT_RUNTIME_DIR overrides it for
// tests and sandboxes; peers only meet when they use the same directory.
namespace runtimedir {

// The directory, created if needed and checked (a real directory, owned by us, mode 0700).
// Nothing and the reason in *why when it is missing and cannot be made, or is not safe.
std::optional<QString> ensure(QString *why);

// The path without creating or checking anything.
QString path();

} // namespace runtimedir
