#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and start three chat windows.
#   bash scripts/demo.sh            (extra arguments go to peerchat, e.g. --channel lab)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
peerchat_install_missing "${PEERCHAT_BUILD_PACKAGES[@]}" libqt6svg6 fonts-noto-core fonts-noto-cjk
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target peerchat
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "peerchat: no display found (DISPLAY is not set). Start this from a desktop session," >&2
    echo "          or try the console peer: build/app/peerchat --headless" >&2
    exit 1
fi
exec build/app/peerchat --demo 3 "$@"
