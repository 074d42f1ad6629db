# Sourced by the scripts that start peers of their own (budgets.sh, screenshots.sh,
# kiosk-screenshot.sh): a scratch directory $work, the array $pids for the peers they start, and
# an exit trap that ends those peers politely and removes $work. Settings, runtime directory (IPC
# key files) and language are the sandbox's own, so nothing of the user's is touched or seen.
work=$(mktemp -d)
pids=()
peerchat_sandbox_cleanup() {
    for fd in 3 4 5; do eval "exec $fd>&-" 2>/dev/null || true; done   # console peers see end of input
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true      # SIGTERM: window and console peers leave the bus
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap peerchat_sandbox_cleanup EXIT

export XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work/runtime" PEERCHAT_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en
