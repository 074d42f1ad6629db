#!/bin/bash
# Measures the device budgets of issue 7 and prints them as a table (figures, not tests):
#   memory    VmRSS and VmHWM (/proc/PID/status) of one window peer (offscreen platform) and one
#             console peer after joining and exchanging 1 000 messages each way with a third peer
#             (goal: console <= 15 MB, window <= 40 MB)
#   start-up  launch -> "joined" and launch -> first painted window (goal: <= 0.5 s), the median
#             of several runs, timed from outside; the window's own count from PEERCHAT_TIMING=1
#             ("peerchat: window shown after N ms", from before main()) is printed too
#   size      the binary and its window module peerchat-gui.so, stripped (strip -o on copies)
# With build-arm64/app/peerchat and qemu-aarch64-static: its size, and the same memory figures
# under qemu-user (the emulator's own memory and translated code included: an upper bound).
#
# Usage: scripts/budgets.sh [BUILD_DIR]   (default: build; configure it RelWithDebInfo or
#        Release for meaningful figures; needs only coreutils, and hyperfine if installed)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
peerchat="$build/app/peerchat"
arm="$here/build-arm64/app/peerchat"
runs=${PEERCHAT_BUDGET_RUNS:-7}
messages=1000

[ -x "$peerchat" ] || { echo "budgets.sh: build peerchat first ($peerchat)" >&2; exit 1; }
# Own runtime dir (IPC key files), settings and language: nothing of the user's is touched.
source "$here/scripts/sandbox.sh"
export QT_QPA_PLATFORM=offscreen
unset PEERCHAT_TIMING

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
field_mb() { awk -v f="$2:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# Waits until file $1 has at least $2 lines matching $3 (a guard of 5 minutes, for qemu).
wait_lines() {
    local guard=$((SECONDS + 300))
    until [ "$(grep -c -- "$3" "$1" 2>/dev/null || true)" -ge "$2" ]; do
        [ $SECONDS -lt $guard ] || { echo "budgets.sh: gave up waiting for $2 x '$3' in $1" >&2; return 1; }
        sleep 0.05
    done
}

# memory LABEL LAUNCHER...: a window peer, a console peer and a feeder on a fresh channel; the
# console peer and the feeder send $messages lines each (the window receives both streams).
# Prints "LABEL window RSS HWM" and "LABEL console RSS HWM"; returns 1 when a peer does not get
# there (the caller's cleanup ends the peers).
memory() {
    local label=$1
    shift
    local run=("$@")
    local channel="budget-mem-$label-$$"
    PEERCHAT_TIMING=1 "${run[@]}" --channel "$channel" --name=window >"$work/$label-window.log" 2>&1 &
    local window=$!
    pids+=("$window")
    mkfifo "$work/$label-console.in" "$work/$label-feeder.in"
    "${run[@]}" --headless --channel "$channel" --name console <"$work/$label-console.in" >"$work/$label-console.out" 2>&1 &
    local console=$!
    pids+=("$console")
    exec 3>"$work/$label-console.in"
    # The feeder starts once the console peer has joined: started together, either may join
    # first, and a peer already there when the console joins is not announced to it.
    wait_lines "$work/$label-console.out" 1 "^Enter text" || return 1
    "${run[@]}" --headless --channel "$channel" --name feeder <"$work/$label-feeder.in" >"$work/$label-feeder.out" 2>&1 &
    local feeder=$!
    pids+=("$feeder")
    exec 4>"$work/$label-feeder.in"
    wait_lines "$work/$label-window.log" 1 "window shown" || return 1      # joined and painted
    wait_lines "$work/$label-console.out" 1 "^\* feeder joined" || return 1  # all three are in
    seq -f "console message %g: the temperature is 21.5 °C" "$messages" >&3 &
    local writer=$!
    seq -f "feeder message %g: the humidity is 48 %%" "$messages" >&4
    wait "$writer"
    wait_lines "$work/$label-console.out" "$messages" "^Received: feeder:" || return 1
    wait_lines "$work/$label-feeder.out" "$messages" "^Received: console:" || return 1
    sleep 1     # the window drains the same ring; give its event loop a moment to paint
    for who in window console; do
        local pid=$window
        [ "$who" = console ] && pid=$console
        echo "$label $who $(field_mb "$pid" VmRSS) $(field_mb "$pid" VmHWM) $(field_mb "$pid" RssAnon)" \
             "$(field_mb "$pid" RssFile) $(field_mb "$pid" RssShmem)"
    done
    exec 3>&- 4>&-
    kill "$window"
    wait "$window" "$console" "$feeder" || true
    pids=()
}

# Console start-up: launch -> "Enter text to send to peer(s)" (printed once joined).
console_start_ms() {
    local channel="budget-start-$$-$1"
    local start line
    start=$(now_ms)
    exec 5< <("$peerchat" --headless --channel "$channel" --name "starter" </dev/null 2>&1)
    while IFS= read -r -t 60 line <&5; do
        [[ $line == "Enter text"* ]] && { echo $(( $(now_ms) - start )); break; }
    done
    cat <&5 >/dev/null   # until it has left and exited (stdin is at its end already)
    exec 5<&-
}

# Window start-up: launch -> "joined" and -> "window shown" (the first paint), from outside; the
# window's own "window shown after N ms" as a third figure. Ends the window with SIGTERM.
window_start_ms() {
    local channel="budget-window-$$-$1"
    local start line joined="" shown="" own="" pid
    mkfifo "$work/window-$1.err"
    start=$(now_ms)
    PEERCHAT_TIMING=1 "$peerchat" --channel "$channel" --name=starter 2>"$work/window-$1.err" >/dev/null &
    pid=$!
    exec 5<"$work/window-$1.err"
    while IFS= read -r -t 60 line <&5; do   # a build without PEERCHAT_TIMING: gives up
        case $line in
        "peerchat: joined after"*) joined=$(( $(now_ms) - start )) ;;
        "peerchat: window shown after"*)
            shown=$(( $(now_ms) - start ))
            own=${line#peerchat: window shown after }
            own=${own% ms}
            break ;;
        esac
    done
    kill "$pid"
    cat <&5 >/dev/null || true
    exec 5<&-
    wait "$pid" || true
    echo "$joined $shown $own"
}

echo "peerchat budgets: $peerchat ($(grep -m1 CMAKE_BUILD_TYPE "$build/CMakeCache.txt" 2>/dev/null | cut -d= -f2 || echo '?'))"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Qt $("$peerchat" --version | sed 's/.*Qt //; s/)//')"
echo

# --- start-up -----------------------------------------------------------------------------------
"$peerchat" --headless --channel "budget-warm-$$" --name warm </dev/null >/dev/null 2>&1 || true   # page cache
console_runs=()
window_joined=()
window_shown=()
window_own=()
for i in $(seq "$runs"); do
    console_runs+=("$(console_start_ms "$i")")
    read -r j s o < <(window_start_ms "$i")
    window_joined+=("$j")
    window_shown+=("$s")
    window_own+=("$o")
done
console_median=$(printf '%s\n' "${console_runs[@]}" | median)
joined_median=$(printf '%s\n' "${window_joined[@]}" | median)
shown_median=$(printf '%s\n' "${window_shown[@]}" | median)
own_median=$(printf '%s\n' "${window_own[@]}" | median)
hyperfine_line=""
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs 20 --style none --export-json "$work/hyperfine.json" \
        "'$peerchat' --headless --channel budget-hf-$$ --name hf </dev/null" >/dev/null 2>&1 || true
    hyperfine_line=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.0f ms (± %.0f)" % (r["mean"]*1000, r["stddev"]*1000))' "$work/hyperfine.json" 2>/dev/null || true)
fi

# --- memory -------------------------------------------------------------------------------------
end_peers() {
    exec 3>&- 4>&- 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
if ! memory amd64 "$peerchat" >"$work/mem.txt"; then
    echo "budgets.sh: the memory run failed" >&2
    exit 1
fi
mem=$(cat "$work/mem.txt")
mem_arm=""
if [ -x "$arm" ] && command -v qemu-aarch64-static >/dev/null; then
    if memory arm64 qemu-aarch64-static "$arm" >"$work/mem-arm.txt" 2>&1; then
        mem_arm=$(cat "$work/mem-arm.txt")
    else
        mem_arm="failed: $(tail -n 1 "$work/mem-arm.txt")"
        end_peers
    fi
fi

# --- size ---------------------------------------------------------------------------------------
size_of() { stat -c %s "$1"; }
kib() { awk -v b="$1" 'BEGIN { printf "%.0f KiB", b / 1024 }'; }
# The binary (console; Qt Core only) and its window module peerchat-gui.so, each stripped.
sizes() {   # STRIP BINARY
    local strip=$1 bin=$2 module="${2%/*}/peerchat-gui.so"
    "$strip" -o "$work/b.stripped" "$bin"
    "$strip" -o "$work/m.stripped" "$module"
    echo "$(kib "$(size_of "$work/b.stripped")") + window module $(kib "$(size_of "$work/m.stripped")") stripped"
}
size_line=$(sizes strip "$peerchat")
arm_size_line=""
if [ -x "$arm" ] && [ -f "${arm%/*}/peerchat-gui.so" ] && command -v aarch64-linux-gnu-strip >/dev/null; then
    arm_size_line=$(sizes aarch64-linux-gnu-strip "$arm")
fi

# --- the table ----------------------------------------------------------------------------------
row() { printf '%-46s %-36s %s\n' "$1" "$2" "$3"; }
echo "memory: after joining; the console peer and a third peer sent $messages messages each, the"
echo "console peer received $messages and the window $((2 * messages)) (offscreen platform)"
echo
row "budget" "measured" "goal"
row "----------------------------------------------" "------------------------------------" "-----------"
while read -r label who rss hwm anon file shmem; do
    goal=$([ "$who" = window ] && echo "<= 40 MB" || echo "<= 15 MB")
    [ "$label" = arm64 ] && goal="(qemu-user)"
    row "memory, $who peer, $label" "VmRSS $rss MB, VmHWM $hwm MB" "$goal"
    row "  of which anonymous / files / shared memory" "$anon / $file / $shmem MB" ""
done < <(printf '%s\n%s\n' "$mem" "$mem_arm" | grep -E '^(amd64|arm64) (window|console) ')
if [ -n "$mem_arm" ] && ! echo "$mem_arm" | grep -q '^arm64 window '; then
    row "memory, arm64 under qemu" "$mem_arm" ""
fi
row "start-up, console peer: launch -> joined" "$console_median ms (median of $runs)" "<= 500 ms"
[ -n "$hyperfine_line" ] && row "  console: start, join, leave, exit" "$hyperfine_line (hyperfine)" ""
row "start-up, window: launch -> joined" "$joined_median ms (median of $runs)" "<= 500 ms"
row "start-up, window: launch -> first paint" "$shown_median ms (median of $runs)" "<= 500 ms"
row "  window's own count (PEERCHAT_TIMING=1)" "$own_median ms (median of $runs)" ""
row "binary size, amd64" "$size_line" ""
[ -n "$arm_size_line" ] && row "binary size, arm64" "$arm_size_line" ""
[ -z "$arm_size_line" ] && row "binary size, arm64" "no $arm (scripts/arm64.sh --build-only)" ""
echo
echo "runs: console ${console_runs[*]} ms; window joined ${window_joined[*]} ms, shown ${window_shown[*]} ms"
