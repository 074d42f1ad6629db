#pragma once

#include <QString>

#include <optional>

// Where a received file may be saved. A file's name comes from the bus and is untrusted
// (DESIGN.md, "Files"): safeName() makes a plain file name of it that can only name a file inside
// the chosen folder, and keep() moves a finished temporary file to that name without ever
// overwriting a file that is there ("name (1).ext", "name (2).ext", ...).
namespace savedfile {

// UTF-8 bytes of a saved file's name at most (without a " (n)" added to make it unique).
constexpr int MaxNameBytes = 200;

// The last path component of `untrusted` (after '/' or '\\'), without control characters,
// text-direction marks (U+200E/F, U+202A-U+202E, U+2066-U+2069, U+061C), leading dots and
// spaces, trailing dots and spaces; cut to MaxNameBytes of UTF-8 (keeping the extension);
// "file" when nothing is left.
QString safeName(const QString &untrusted);

// `name` with " (n)" before its extension: "report.pdf", 2 -> "report (2).pdf".
QString numberedName(const QString &name, int n);

// Gives the finished file `tempPath` (in `folder`) the name `name`, or "name (1).ext", ... —
// the first that does not exist, taken atomically (renameat2 RENAME_NOREPLACE, or link()
// where the file system cannot) so that a file made meanwhile by someone else is never
// overwritten. Returns the final path, or nothing and the reason in *why.
std::optional<QString> keep(const QString &tempPath, const QString &folder, const QString &name, QString *why);

} // namespace savedfile
