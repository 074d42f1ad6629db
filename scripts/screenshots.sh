#!/bin/bash
# Takes the README's screenshots under a virtual X server:
#   resources/screenshots/three-windows.png  three peerchat windows chatting (Latin, CJK, Arabic)
#   resources/screenshots/arabic.png         the window in Arabic, laid out right to left
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build; needs xvfb-run, xdotool, imagemagick
# and fonts with CJK and Arabic glyphs, e.g. Debian's fonts-noto-cjk and fonts-noto-core)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
peerchat="$build/app/peerchat"
out="$here/resources/screenshots"

if [ -z "${PEERCHAT_SCREENSHOT_XVFB:-}" ]; then
    exec env PEERCHAT_SCREENSHOT_XVFB=1 xvfb-run -a -s "-screen 0 1500x820x24" "$0" "$build"
fi

[ -x "$peerchat" ] || { echo "screenshots.sh: build peerchat first ($peerchat)" >&2; exit 1; }
mkdir -p "$out"
# Own settings (no remembered geometry or language) and runtime directory for the IPC key files.
source "$here/scripts/sandbox.sh"
mkdir -p "$XDG_CONFIG_HOME/peerchat"
channel="screenshots-$$"

# Starts window number $1 of $2 as peer $3; sets $window to its X window id.
start_window() {
    "$peerchat" --channel "$channel" --name="$3" --demo-slot "$1/$2" &
    pids+=($!)
    window=$(xdotool search --sync --onlyvisible --name "$3.*$channel" | head -n 1)
}

# Clicks into the input of window $1 (there is no window manager to give it the focus), types $2
# and presses Enter. xdotool types other scripts by remapping a spare key: slowly, or keys get lost.
say() {
    eval "$(xdotool getwindowgeometry --shell "$1")"
    xdotool mousemove --sync $((X + WIDTH / 2)) $((Y + HEIGHT - 60)) click 1   # the input, in either direction
    sleep 0.3
    xdotool type --delay 120 "$2"
    xdotool key Return
    sleep 0.6
}

start_window 0 3 anna;  anna=$window
start_window 1 3 bruno; bruno=$window
start_window 2 3 chen;  chen=$window
sleep 1
say "$anna" "Hi both! Is the shared-memory bus working for you?"
say "$chen" "你好！收到了，速度很快。"
say "$bruno" "مرحبا! الرسائل تصل فورًا"
say "$anna" "Grüße aus Köln — ça marche très bien !"
say "$chen" "こんにちは、日本語も大丈夫です。"
xdotool windowfocus --sync "$anna"   # the others show an unread mark and a count in the title
say "$bruno" "Next: the Arabic layout ←"
sleep 1
import -window root "$out/three-windows.png"
for pid in "${pids[@]}"; do kill "$pid"; wait "$pid" || true; done   # SIGTERM: each leaves the bus
pids=()
sleep 0.5

# The same conversation partners, with the window's language set to Arabic (as the menu does).
printf '[General]\nlanguage=ar\n' > "$XDG_CONFIG_HOME/peerchat/peerchat.conf"
start_window 0 2 "سلمى"; salma=$window
start_window 1 2 "karim";  karim=$window
sleep 1
say "$karim" "مرحبا يا سلمى! كيف حالك؟"
say "$salma" "بخير، شكرًا! هذه النافذة من اليمين إلى اليسار."
say "$karim" "English text still reads left to right."
sleep 1
import -window root "$out/arabic.png"
# A picture sent from one window to another, offered and then saved: the window test that checks
# it grabs the receiving window at both moments (real X windows here, not offscreen).
shots=$(mktemp -d)
QT_QPA_PLATFORM=xcb LANGUAGE=en LC_ALL=C.UTF-8 PEERCHAT_SCREENSHOT_DIR="$shots" \
    "$build/tests/ui/tst_chatwindow" pictureOfferShowsThumbnailAndSaves >/dev/null
convert "$shots/file-offer.png" "$shots/file-saved.png" -background white -splice 12x0 +append -chop 12x0 +repage \
    "$out/file-picture.png"
rm -rf "$shots"
echo "screenshots.sh: wrote $out/three-windows.png, $out/arabic.png and $out/file-picture.png"
