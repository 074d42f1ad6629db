#!/usr/bin/env bash
# Run by scripts/qt68.sh in an IPC namespace of its own (unshare --ipc):
#   bash scripts/qt68-interop.sh ROOT RUNTIME_DIR QT64_PEERCHAT WORK_DIR
# A Qt 6.8 console peer inside ROOT (a chroot; /build/app/peerchat) and a Qt 6.4 one outside
# meet on one channel through RUNTIME_DIR, bind-mounted at the same path inside ROOT: messages
# both ways, join and leave notices, a SIGKILLed 6.8 peer reported as left by the 6.4 one and
# its doorbell reclaimed, and at the end no System V object and no file left.
set -euo pipefail
root=$1 runtime=$2 qt64=$3 work=$4
channel=interop-$$
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en PEERCHAT_RUNTIME_DIR=$runtime XDG_RUNTIME_DIR=$runtime

pids=()
cleanup() {
    exec 3>&- 4>&- 5>&- 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

fail() {
    echo "peerchat: interop: $*" >&2
    for f in "$work"/interop-*.out "$work"/interop-*.err; do
        [ -s "$f" ] && { echo "--- $f:" >&2; cat "$f" >&2; }
    done
    exit 1
}

# expect FILE TEXT: waits (up to 20 s) until FILE has the line TEXT
expect() {
    local i
    for (( i = 0; i < 200; i++ )); do
        grep -qxF -- "$2" "$1" 2>/dev/null && { echo "    seen in $(basename "$1"): $2"; return 0; }
        sleep 0.1
    done
    fail "no line \"$2\" in $(basename "$1") after 20 s"
}

objects() { echo $(( $(ipcs -s | grep -c '^0x' || true) + $(ipcs -m | grep -c '^0x' || true) )); }

# start NAME FD COMMAND...: a console peer reading the fifo that FD writes to
start() {
    local name=$1 fd=$2; shift 2
    mkfifo "$work/interop-$name.in"
    "$@" --headless --channel "$channel" --name "$name" \
        <"$work/interop-$name.in" >"$work/interop-$name.out" 2>"$work/interop-$name.err" &
    pids+=($!)
    eval "exec $fd>\"\$work/interop-\$name.in\""
    expect "$work/interop-$name.out" "Enter text to send to peer(s)"
}
qt68=(chroot "$root" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 LANGUAGE=en
      PEERCHAT_RUNTIME_DIR="$runtime" XDG_RUNTIME_DIR="$runtime" /build/app/peerchat)

[ "$(objects)" = 0 ] || fail "the IPC namespace is not empty at the start"
qtversion() { "$@" dpkg-query -W -f='${Version}' qt6-base-dev | cut -d+ -f1; }
echo "    inside: Qt $(qtversion chroot "$root"), outside: Qt $(qtversion env)"

start qt68 3 "${qt68[@]}"
start qt64 4 "$qt64"
expect "$work/interop-qt68.out" "* qt64 joined"
echo "hello from 6.4" >&4
expect "$work/interop-qt68.out" "Received: qt64:hello from 6.4"
echo "hello from 6.8, grüße, 你好" >&3
expect "$work/interop-qt64.out" "Received: qt68:hello from 6.8, grüße, 你好"

# A killed Qt 6.8 peer: the Qt 6.4 one reports it left and removes its doorbell.
sems=$(ipcs -s | grep -c '^0x' || true)
kill -KILL "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
exec 3>&-
expect "$work/interop-qt64.out" "* qt68 left"
for (( i = 0; i < 50; i++ )); do
    [ "$(ipcs -s | grep -c '^0x' || true)" -lt "$sems" ] && break
    sleep 0.1
done
[ "$(ipcs -s | grep -c '^0x' || true)" -lt "$sems" ] \
    || { ipcs -s; fail "the killed Qt 6.8 peer's doorbell was not reclaimed ($sems semaphore sets before the kill)"; }
echo "    the killed peer's doorbell was reclaimed: $sems -> $(ipcs -s | grep -c '^0x' || true) semaphore sets"

# A new Qt 6.8 peer joins the 6.4 peer's segment; then both leave in turn.
rm -f "$work/interop-qt68.in"
start qt68 3 "${qt68[@]}"
expect "$work/interop-qt64.out" "* qt68 joined"
echo "again from 6.8" >&3
expect "$work/interop-qt64.out" "Received: qt68:again from 6.8"
echo exit >&4
exec 4>&-
wait "${pids[1]}" || fail "the Qt 6.4 peer exited with $?"
expect "$work/interop-qt68.out" "* qt64 left"
echo exit >&3
exec 3>&-
wait "${pids[2]}" || fail "the Qt 6.8 peer exited with $?"
pids=()

left=$(objects)
files=$(find "$runtime" -mindepth 1 -not -name '*.lock' | wc -l)
echo "    after both left: $left System V object(s), $files file(s) in the runtime dir"
if [ "$left" != 0 ] || [ "$files" != 0 ]; then
    ipcs -s -m
    find "$runtime" -mindepth 1 -ls
    fail "objects or files left behind"
fi
echo "    interop passed"
