#!/bin/bash
# Takes the README's screenshot of the kiosk layout on Qt's vnc platform, as a device shows it:
#   resources/screenshots/kiosk-800x480.png   peerchat --kiosk at 800×480 with a sensor, a heater
#                                              and a logger (console peers) on its channel
# The panel's own message is typed through VNC (a few lines of Python speaking RFB), the picture
# taken with vncsnapshot. Usage: scripts/kiosk-screenshot.sh [BUILD_DIR] [WIDTHxHEIGHT]
# (default: build 800x480; needs vncsnapshot, imagemagick, python3; Debian: apt-get install
# vncsnapshot imagemagick; the vnc platform plugin is in qt6-qpa-plugins)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
size=${2:-800x480}
peerchat="$build/app/peerchat"
out="${PEERCHAT_SCREENSHOT_OUT:-$here/resources/screenshots/kiosk-$size.png}"
port=$((5900 + 40 + $$ % 50))   # display number = port - 5900

[ -x "$peerchat" ] || { echo "kiosk-screenshot.sh: build peerchat first ($peerchat)" >&2; exit 1; }
for tool in vncsnapshot convert python3; do
    command -v "$tool" >/dev/null || { echo "kiosk-screenshot.sh: needs $tool" >&2; exit 1; }
done
mkdir -p "$(dirname "$out")"
source "$here/scripts/sandbox.sh"
channel="greenhouse"
[ "$(ls -A "$XDG_RUNTIME_DIR")" = "" ]   # a fresh runtime dir: the channel is ours alone

QT_QPA_PLATFORM="vnc:size=$size:port=$port" "$peerchat" --kiosk --channel "$channel" --name panel \
    >"$work/panel.log" 2>&1 &
pids+=($!)

# Sends RFB (VNC) input to the panel: "click X Y" taps, "type TEXT" types, "key Return" presses.
vnc() {
    python3 - "$port" "$@" <<'PY'
import socket, struct, sys, time
port, command, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
s = socket.create_connection(("127.0.0.1", port))
def recv(n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise SystemExit("vnc: connection closed")
        data += chunk
    return data
version = recv(12)
s.sendall(version)
if version >= b"RFB 003.007":
    types = recv(recv(1)[0])
    if 1 not in types:
        raise SystemExit("vnc: the server wants a password")
    s.sendall(b"\x01")
    if version >= b"RFB 003.008" and struct.unpack(">I", recv(4))[0] != 0:
        raise SystemExit("vnc: refused")
elif struct.unpack(">I", recv(4))[0] != 1:
    raise SystemExit("vnc: the server wants a password")
s.sendall(b"\x01")                                   # ClientInit: shared
recv(20)
recv(struct.unpack(">I", recv(4))[0])                # ServerInit: size, format, name
def key(sym):
    for down in (1, 0):
        s.sendall(struct.pack(">BBxxI", 4, down, sym))
        time.sleep(0.02)
if command == "click":
    x, y = int(args[0]), int(args[1])
    for mask in (1, 0):
        s.sendall(struct.pack(">BBHH", 5, mask, x, y))
        time.sleep(0.05)
elif command == "type":
    for ch in args[0]:
        key(ord(ch) if ord(ch) < 0x100 else 0x01000000 | ord(ch))
elif command == "key":
    key({"Return": 0xff0d}[args[0]])
time.sleep(0.2)
s.close()
PY
}

for _ in $(seq 100); do   # until the window's VNC server listens
    (exec 6<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done

# Console peers as a device's daemons would run them, each reading its lines from a pipe.
for peer in sensor heater logger; do
    mkfifo "$work/$peer.in"
done
"$peerchat" --headless --channel "$channel" --name sensor <"$work/sensor.in" >/dev/null 2>&1 &
pids+=($!)
exec 3>"$work/sensor.in"
"$peerchat" --headless --channel "$channel" --name heater <"$work/heater.in" >/dev/null 2>&1 &
pids+=($!)
exec 4>"$work/heater.in"
"$peerchat" --headless --channel "$channel" --name logger <"$work/logger.in" >/dev/null 2>&1 &
pids+=($!)
exec 5>"$work/logger.in"
sleep 1

echo "Temperature 18.9 °C, humidity 61 %" >&3; sleep 0.4
echo "Below 19 °C: heating to 21 °C" >&4; sleep 0.4
echo "Temperature 20.4 °C" >&3; sleep 0.4
echo "Temperature 21.1 °C" >&3; sleep 0.4
echo "Target reached, heater off" >&4; sleep 0.4
width=${size%x*}
height=${size#*x}
vnc click $((width / 3)) $((height - 30))            # a tap into the input
vnc type "Thanks! Open the roof vent at 24 °C, please."
vnc key Return
sleep 0.4
echo "Vent rule saved: open above 24 °C" >&4; sleep 0.4
echo "Temperature 21.3 °C" >&3
sleep 1

if [ -n "${PEERCHAT_SCREENSHOT_MENU:-}" ]; then   # for a look at the menu: tap the button
    vnc click $((width - 30)) 30
    sleep 0.5
fi
vncsnapshot -quiet -nocursor -nojpeg -quality 100 "127.0.0.1:$((port - 5900))" "$work/kiosk.jpg" \
    2>"$work/vncsnapshot.log" || { cat "$work/vncsnapshot.log" >&2; exit 1; }
convert "$work/kiosk.jpg" "$out"
echo "kiosk-screenshot.sh: wrote $out"
