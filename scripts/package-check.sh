#!/usr/bin/env bash
# Runs inside the clean Debian 12 root that scripts/package.sh prepares (as root there, in private
# mount/IPC/PID namespaces): installs peerchat from /tmp/peerchat_*.deb as a user would, uses it
# as the user "anna", purges it, and checks that nothing of it is left. Not for running elsewhere.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)
lap() { echo "-- in the root: $* ($(elapsed "$t0") s)"; t0=$(now); }
fail() { echo "package-check: $*" >&2; exit 1; }
[[ -f /.peerchat-pristine ]] || fail "not in the root that scripts/package.sh prepares"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# --- install, as a user would: what it depends on, then what it recommends --------------------
# (Recommends of Qt's own packages, a GTK theme and its ~150 libraries, are left out: 3 minutes.)
# dpkg without fsync after every file (as debootstrap and container images do): the root is
# thrown away after the test.
echo force-unsafe-io >/etc/dpkg/dpkg.cfg.d/peerchat-test-unsafe-io
apt-get update -qq
lap "apt-get update"
deb=$(ls /tmp/peerchat_*.deb)
apt-get install -y -q --no-install-recommends "$deb" >/tmp/apt-install.log 2>&1 \
    || { cat /tmp/apt-install.log; fail "apt-get install $deb failed"; }
echo "packages set up: $(grep -c '^Setting up ' /tmp/apt-install.log)"
lap "apt-get install --no-install-recommends ./$(basename "$deb")"
dpkg -L peerchat | sort >/tmp/package-files
echo "peerchat $(dpkg-query -W -f='${Version}' peerchat): $(wc -l </tmp/package-files) paths"
echo "Depends: $(dpkg-query -W -f='${Depends}' peerchat)"

# --- as the user anna ----------------------------------------------------------------------
useradd -m -u 1000 anna
mkdir -m 700 /run/user-anna && chown anna:anna /run/user-anna
# A simple command (not a function), so that $! of "${as_anna[@]}" peerchat ... & is peerchat.
as_anna=(setpriv --reuid=anna --regid=anna --init-groups env -i HOME=/home/anna USER=anna LOGNAME=anna
         PATH=/usr/bin:/bin LANG=C.UTF-8 XDG_RUNTIME_DIR=/run/user-anna)
out=/home/anna
wait_for() {   # wait_for FILE PATTERN: up to 20 s
    for _ in $(seq 200); do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "no '$2' in $1 after 20 s: $(cat "$1" 2>/dev/null)"
}

version=$("${as_anna[@]}" peerchat --version)
echo "$version"
[[ $version == "peerchat $(dpkg-query -W -f='${Version}' peerchat | cut -d- -f1) "* ]] || fail "--version says '$version'"

# Two console peers, a message each way.
mkfifo /tmp/to-bruno /tmp/to-chen
chmod 666 /tmp/to-bruno /tmp/to-chen
"${as_anna[@]}" peerchat --headless --channel pkg --name bruno --receive 1 </tmp/to-bruno >$out/bruno.out 2>&1 &
pids+=($!)
exec 3>/tmp/to-bruno
wait_for $out/bruno.out "Enter text to send"
"${as_anna[@]}" peerchat --headless --channel pkg --name chen --receive 1 </tmp/to-chen >$out/chen.out 2>&1 &
pids+=($!)
exec 4>/tmp/to-chen
wait_for $out/chen.out "Enter text to send"
wait_for $out/bruno.out "^\* chen joined"
echo "hello chen, bruno here" >&3
echo "hello bruno, 你好 from chen" >&4
exec 3>&- 4>&-   # end of input: each leaves once it has its one message
for pid in "${pids[@]}"; do
    wait "$pid" || fail "a console peer exited with $?: $(cat $out/bruno.out $out/chen.out)"
done
pids=()
grep -qx "Received: bruno:hello chen, bruno here" $out/chen.out || fail "chen did not get bruno's message: $(cat $out/chen.out)"
grep -qx "Received: chen:hello bruno, 你好 from chen" $out/bruno.out || fail "bruno did not get chen's message: $(cat $out/bruno.out)"
echo "two console peers: a message each way"
lap "console peers"

# The window, offscreen, in German (from the installed catalogue), seen by a console peer.
mkfifo /tmp/to-dora && chmod 666 /tmp/to-dora
"${as_anna[@]}" peerchat --headless --channel pkg --name dora </tmp/to-dora >$out/dora.out 2>&1 &
pids+=($!)
exec 3>/tmp/to-dora
wait_for $out/dora.out "Enter text to send"
"${as_anna[@]}" QT_QPA_PLATFORM=offscreen LANGUAGE=de QT_LOGGING_RULES="peerchat.ui.debug=true" PEERCHAT_TIMING=1 \
    peerchat --channel pkg --name x >$out/window.out 2>&1 &
window=$!
pids+=($window)
wait_for $out/dora.out "^\* x joined"
echo "window: joined (a console peer printed '* x joined')"
wait_for $out/window.out "peerchat: window shown after"   # painted: SIGTERM now closes it like Quit
grep -q 'from "/usr/share/peerchat/translations/peerchat_de.qm"' $out/window.out \
    || fail "the window did not load the installed German catalogue: $(cat $out/window.out)"
echo "window: German from /usr/share/peerchat/translations/peerchat_de.qm"
echo "hello x" >&3
kill -TERM "$window"
wait "$window" || fail "the window exited with $? on SIGTERM: $(cat $out/window.out)"
wait_for $out/dora.out "^\* x left"
exec 3>&-
wait "${pids[0]}" || fail "dora exited with $?"
pids=()
lap "window on the offscreen platform"

# What the package recommends: the platform plugins of a desktop and the fonts.
recommends=$(dpkg-query -W -f='${Recommends}' peerchat)
echo "Recommends: $recommends"
apt-get install -y -q --no-install-recommends $(tr -d ',' <<<"$recommends") >/tmp/apt-recommends.log 2>&1 \
    || { cat /tmp/apt-recommends.log; fail "apt-get install $recommends failed"; }
echo "packages set up: $(grep -c '^Setting up ' /tmp/apt-recommends.log)"
lap "apt-get install the Recommends"
# Debian 12: xcb, eglfs, linuxfb and offscreen come with libqt6gui6, vnc with qt6-qpa-plugins.
for plugin in xcb vnc wayland; do
    ls /usr/lib/*/qt6/plugins/platforms/libq$plugin*.so >/dev/null 2>&1 || fail "no $plugin platform plugin"
done
echo "platform plugins: $(ls /usr/lib/*/qt6/plugins/platforms/ | sed 's/^libq//; s/\.so$//' | tr '\n' ' ')"

# Man page, fonts for Arabic and CJK.
man=/usr/share/man/man1/peerchat.1.gz
zcat $man | grep -q '^\.SH OPTIONS' || fail "$man has no OPTIONS section"
zcat $man | grep -q 'headless' || fail "$man does not mention --headless"
echo "man page: $man ($(zcat $man | wc -l) lines, from --help)"
for lang in ar zh ja; do
    font=$(fc-list ":lang=$lang" family | head -n1)
    [[ -n $font ]] || fail "no font for :lang=$lang (the Recommends should bring one)"
    echo "font for $lang: $font"
done
lap "man page and fonts"

# --- the bridge, with Debian's broker on the loopback ------------------------------------------
bridgedeb=$(ls /tmp/peerchat-bridge_*.deb)
# The broker's package would start its service (on port 1883 of the host's network): no service
# starts in this root.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
apt-get install -y -q --no-install-recommends "$bridgedeb" mosquitto mosquitto-clients >/tmp/apt-bridge.log 2>&1 \
    || { cat /tmp/apt-bridge.log; fail "apt-get install $bridgedeb mosquitto mosquitto-clients failed"; }
dpkg -L peerchat-bridge | sort >>/tmp/package-files
echo "peerchat-bridge: Depends: $(dpkg-query -W -f='${Depends}' peerchat-bridge)"
zcat /usr/share/man/man1/peerchat-bridge.1.gz | grep -q 'gap\\-wait' || fail "peerchat-bridge.1 does not mention --gap-wait"
lap "apt-get install ./$(basename "$bridgedeb") mosquitto mosquitto-clients"
port=0
for p in $(seq 41883 41983); do   # a free port on 127.0.0.1: nothing answers there
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
done
[[ $port != 0 ]] || fail "no free port in 41883..41983"
mkdir -m 700 $out/broker && chown anna:anna $out/broker
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nlog_type notice\nlog_type information\n' $port >$out/broker/mosquitto.conf
"${as_anna[@]}" /usr/sbin/mosquitto -c $out/broker/mosquitto.conf >$out/broker/log 2>&1 &
broker=$!
pids+=($broker)
wait_for $out/broker/log " running"
mkfifo /tmp/to-erin && chmod 666 /tmp/to-erin
"${as_anna[@]}" peerchat --headless --channel pkg --name erin </tmp/to-erin >$out/erin.out 2>&1 &
pids+=($!)
exec 3>/tmp/to-erin
wait_for $out/erin.out "Enter text to send"
"${as_anna[@]}" peerchat-bridge --channel pkg --origin root "mqtt://127.0.0.1:$port/pkgtest" >$out/bridge.out 2>&1 &
bridge=$!
pids+=($bridge)
wait_for $out/bridge.out "ready: subscribed"
"${as_anna[@]}" mosquitto_sub -h 127.0.0.1 -p $port -t 'pkgtest/msg/#' -C 1 -W 20 >$out/sub.out 2>&1 &
sub=$!
sleep 0.5   # mosquitto_sub says nothing once subscribed
echo "to mqtt" >&3
wait "$sub" || fail "mosquitto_sub got nothing: $(cat $out/sub.out); bridge: $(cat $out/bridge.out)"
grep -q '"from":"erin".*"text":"to mqtt"' $out/sub.out || fail "mosquitto_sub got: $(cat $out/sub.out)"
echo "bridge: erin's line reached mosquitto_sub: $(cat $out/sub.out)"
"${as_anna[@]}" mosquitto_pub -h 127.0.0.1 -p $port -q 1 -t pkgtest/msg/hand -m '{"from":"xena","text":"from mqtt"}' \
    || fail "mosquitto_pub failed"
wait_for $out/erin.out "from mqtt"
echo "bridge: mosquitto_pub's line reached erin: $(grep 'from mqtt' $out/erin.out)"
kill -TERM "$bridge"
wait "$bridge" || fail "peerchat-bridge exited with $? on SIGTERM: $(cat $out/bridge.out)"
exec 3>&-
wait "${pids[1]}" || fail "erin exited with $?"
kill -TERM "$broker"
wait "$broker" || true
pids=()
lap "peerchat-bridge to mosquitto and back"

# --- purge: nothing of ours may be left -------------------------------------------------------
apt-get purge -y -q peerchat peerchat-bridge >/tmp/apt-purge.log 2>&1 || { cat /tmp/apt-purge.log; fail "apt-get purge failed"; }
lap "apt-get purge -y peerchat peerchat-bridge"
left=()
while read -r path; do
    [[ -e $path && ! -d $path ]] && left+=("$path")
    # our own directories (not shared ones such as /usr/share/doc)
    [[ -d $path && $path == *peerchat* ]] && left+=("$path/")
done </tmp/package-files
[[ ${#left[@]} == 0 ]] || fail "left after purge: ${left[*]}"
for package in peerchat peerchat-bridge; do
    dpkg-query -W $package >/dev/null 2>&1 && fail "dpkg still knows $package: $(dpkg-query -W -f='${Status}' $package)"
done
# The user's meeting directory /tmp/peerchat-<uid> stays, empty (peers make it on their first
# join and never remove it: another peer may be about to put its key file there); nothing may be
# in it, and no IPC key file of Qt's (qipc_*) may be left in /tmp.
tmp_left=$(find /tmp/peerchat-* /tmp/qipc_* /dev/shm -mindepth 1 2>/dev/null || true)
[[ -z $tmp_left ]] || fail "left in /tmp: $tmp_left"
echo "/tmp: $(ls -d /tmp/peerchat-* 2>/dev/null | tr '\n' ' ')(empty)"
ipc_left=$(ipcs -m -s | awk '$2 ~ /^[0-9]+$/')
[[ -z $ipc_left ]] || fail "System V objects left: $ipc_left"
echo "purge: none of the $(wc -l </tmp/package-files) paths of the package left, nothing in /tmp, ipcs empty"
