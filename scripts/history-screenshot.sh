#!/bin/bash
# Takes resources/screenshots/history.png under a virtual X server: two console peers talk,
# then a window joins late and shows their conversation as history, the "You joined here"
# divider, and what follows live.
# Usage: scripts/history-screenshot.sh [BUILD_DIR]   (default: build; needs xvfb-run, xdotool,
# imagemagick)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
peerchat="$build/app/peerchat"
out="$here/resources/screenshots"

if [ -z "${PEERCHAT_SCREENSHOT_XVFB:-}" ]; then
    exec env PEERCHAT_SCREENSHOT_XVFB=1 xvfb-run -a -s "-screen 0 1400x760x24" "$0" "$build"
fi

[ -x "$peerchat" ] || { echo "history-screenshot.sh: build peerchat first ($peerchat)" >&2; exit 1; }
mkdir -p "$out"
source "$here/scripts/sandbox.sh"
mkdir -p "$XDG_CONFIG_HOME/peerchat"
channel="history-$$"

# Two console peers on fifos, so the script says when each of them speaks.
mkfifo "$work/anna" "$work/bruno"
"$peerchat" --headless --channel "$channel" --name anna --history 0 < "$work/anna" > /dev/null &
pids+=($!)
exec 3> "$work/anna"
sleep 0.3
"$peerchat" --headless --channel "$channel" --name bruno --history 0 < "$work/bruno" > /dev/null &
pids+=($!)
exec 4> "$work/bruno"
sleep 0.3
line() { echo "$2" >&"$1"; sleep 0.4; }
line 3 "Morning! Did last night's build pass?"
line 4 "Yes, all green, arm64 too."
line 3 "Great. Shall I tag the release?"
line 4 "Let's wait for Chen's review first."
line 3 "OK, I'll ask him to join."

"$peerchat" --channel "$channel" --name=chen --history 100 --demo-slot 0/2 &
pids+=($!)
window=$(xdotool search --sync --onlyvisible --name "chen.*$channel" | head -n 1)
sleep 1
line 3 "Chen, welcome! Scroll up: we were talking about the release."
line 4 "The diff is on the usual branch."
sleep 1
import -window "$window" "$out/history.png"
echo "history-screenshot.sh: wrote $out/history.png"
