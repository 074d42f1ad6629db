#!/usr/bin/env bash
# Stage "qt68" of scripts/test.sh: the whole suite on Debian 13 (trixie, Qt 6.8), for real.
#   bash scripts/qt68.sh [NATIVE_BUILD_DIR]
# 1. A pristine Debian 13 root with Qt 6.8's development packages, made with debootstrap from the
#    archive this machine's apt already uses (read from the apt sources at run time), cached in
#    $PEERCHAT_ROOT_CACHE (default /var/cache/peerchat) under a name keyed by the suite and the
#    package list, so a changed list makes a new one. Only a finished root is ever cached.
# 2. A fresh copy of it per run (outside the source tree); the work tree's files are copied in.
# 3. Release build inside (warnings are errors here), the whole ctest suite inside, in an IPC
#    namespace of its own: System V objects left after the suite make the stage fail.
# 4. Interop: a Qt 6.8 console peer inside the root and a Qt 6.4 one outside (NATIVE_BUILD_DIR,
#    default build/, the native stage's build: built here if missing) meet on one channel.
# Everything mounted is unmounted by the exit trap before the copy is removed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "peerchat: the qt68 stage needs root (debootstrap, chroot, mount, unshare); run it as root or leave it out: PEERCHAT_TEST_STAGES=\"native asan tsan fuzz\"" >&2
    exit 1
fi
source scripts/deps.sh
peerchat_install_missing debootstrap util-linux

suite=trixie
# Qt 6.8 and the toolchain, and what peerchat-bridge and its test need (libmosquitto, the broker).
packages=(qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools cmake ninja-build g++
          pkg-config libmosquitto-dev mosquitto mosquitto-clients openssl)
cache=${PEERCHAT_ROOT_CACHE:-/var/cache/peerchat}
recipe=1    # bump when the way the root is made changes
key=$(printf '%s\n' "$recipe" "$suite" "${packages[@]}" | sha256sum | cut -c1-12)
pristine="$cache/debian13-qt68-$key"

mounted=()      # mount points, unmounted in reverse order by the trap
removable=()    # directories removed by the trap once nothing is mounted inside them
peerchat_qt68_cleanup() {
    local i m
    for (( i=${#mounted[@]}-1; i>=0; i-- )); do
        m=${mounted[i]}
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
    for m in "${removable[@]}"; do
        if [ -e "$m" ] && ! grep -q " $m/" /proc/self/mounts; then
            rm -rf "$m"
        elif [ -e "$m" ]; then
            echo "peerchat: $m still has mounts inside; not removed" >&2
        fi
    done
}
trap peerchat_qt68_cleanup EXIT

mount_in() {   # mount_in ARGS... TARGET: mount, and remember TARGET for the trap
    mount "$@"
    mounted+=("${!#}")
}

t0=$(date +%s)
step_start=$t0
step() {
    local now; now=$(date +%s)
    [ -z "${step_name:-}" ] || echo "--- qt68: $step_name: $(( now - step_start )) s" >&2
    step_name=$1; step_start=$now
    [ "$1" = done ] || echo "--- qt68: $1" >&2
}

make_pristine_root() {
    local mirror tmp
    mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null \
        | tr ' ' '\n' | grep -v security | grep . | head -n1 || true)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 !~ /security/ { print $2; exit }' \
        /etc/apt/sources.list 2>/dev/null || true)
    if [ -z "$mirror" ]; then
        echo "peerchat: no Debian archive found in this machine's apt sources" >&2
        exit 1
    fi
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/.making.XXXXXX")
    removable+=("$tmp")
    step "debootstrap $suite (minbase)"
    debootstrap --variant=minbase "$suite" "$tmp" "$mirror" >"$tmp.log" 2>&1 \
        || { tail -n 30 "$tmp.log" >&2; rm -f "$tmp.log"; echo "peerchat: debootstrap failed" >&2; exit 1; }
    rm -f "$tmp.log"
    step "apt-get install Qt 6.8 (${packages[*]})"
    mount_in -t proc proc "$tmp/proc"
    # No service may start inside the root (mosquitto's package would start a broker).
    printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
    chmod 755 "$tmp/usr/sbin/policy-rc.d"
    chroot "$tmp" sh -c "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && \
        apt-get install -y -qq --no-install-recommends ${packages[*]} >/dev/null && apt-get clean"
    umount "$tmp/proc"; unset 'mounted[-1]'
    # Older roots of this kind (other package lists) are stale now.
    local old
    for old in "$cache"/debian13-qt68-*; do
        [ -d "$old" ] && [ "$old" != "$pristine" ] && ! grep -q " $old/" /proc/self/mounts && rm -rf "$old"
    done
    mv -T "$tmp" "$pristine" 2>/dev/null || [ -d "$pristine" ]   # another run may have made it first
}

if [ ! -d "$pristine" ]; then
    make_pristine_root
else
    echo "--- qt68: reusing the cached root $pristine" >&2
fi
if [ "${PEERCHAT_QT68_ROOT_ONLY:-}" = 1 ]; then step done; exit 0; fi

# --- 2. A fresh copy of the root for this run, and the work tree's files in it -----------------
step "fresh copy of the root"
work=$(mktemp -d /var/tmp/peerchat-qt68.XXXXXX)
removable+=("$work")
root="$work/root"
mkdir -p "$root" "$work/upper" "$work/overlay-work"
# An overlay on the cached root costs nothing; where overlays are not allowed, a real copy.
if mount -t overlay overlay -o "lowerdir=$pristine,upperdir=$work/upper,workdir=$work/overlay-work" "$root" 2>/dev/null; then
    mounted+=("$root")
else
    cp -a "$pristine/." "$root/"
fi
mount_in -t proc proc "$root/proc"   # QProcess, pidfds and /proc/<pid>/stat need it
mkdir -p "$root/src"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -C "$root/src" -xf -

in_root() {   # in_root COMMAND: runs a shell command inside the root, in a clean environment
    chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/xdg-runtime PEERCHAT_STRICT_IPC_CHECK=1 \
        sh -c "mkdir -p -m 700 /tmp/xdg-runtime && $1"
}

# --- 3. Build (no warning allowed) and the whole suite --------------------------------------
step "configure and build with Qt $(chroot "$root" sh -c 'dpkg-query -W -f="\${Version}" qt6-base-dev' | cut -d+ -f1)"
jobs=$(nproc)
if ! in_root "cd /src && cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        && cmake --build /build -j$jobs" >"$work/build.log" 2>&1; then
    tail -n 60 "$work/build.log" >&2
    echo "peerchat: the build with Qt 6.8 failed (above)" >&2
    exit 1
fi
if grep -n -i -E 'warning[:( ]|deprecated' "$work/build.log" >&2; then
    echo "peerchat: the build with Qt 6.8 printed warnings (above)" >&2
    exit 1
fi

step "whole suite (ctest) in an IPC namespace of its own"
# The root shares the machine's System V IPC namespace; a namespace of its own shows exactly
# what the suite leaves (other programs' objects do not count, and nothing of theirs is touched).
suite_status=0
unshare --ipc sh -c '
    echo "System V objects before the suite: $(ipcs -s | grep -c "^0x") semaphore sets, $(ipcs -m | grep -c "^0x") segments"
    "$@"; status=$?
    sems=$(ipcs -s | grep -c "^0x"); shms=$(ipcs -m | grep -c "^0x")
    echo "System V objects after the suite: $sems semaphore sets, $shms segments"
    if [ "$sems" != 0 ] || [ "$shms" != 0 ]; then
        ipcs -s -m; echo "peerchat: the suite on Qt 6.8 left System V objects behind" >&2; exit 1
    fi
    exit $status' sh chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/xdg-runtime PEERCHAT_STRICT_IPC_CHECK=1 \
        sh -c 'mkdir -p -m 700 /tmp/xdg-runtime && ctest --test-dir /build --output-on-failure' \
    || suite_status=$?

# --- 4. A Qt 6.8 peer (inside) and a Qt 6.4 peer (outside) on one channel ------------------
step "interop: Qt 6.8 peer inside, Qt 6.4 peer outside"
native=${1:-build}
if [ ! -x "$native/app/peerchat" ]; then
    echo "--- qt68: no $native/app/peerchat: building the Qt 6.4 one" >&2
    peerchat_install_missing "${PEERCHAT_BUILD_PACKAGES[@]}"
    cmake -S . -B "$native" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$native" -j"$jobs" --target peerchat >/dev/null
fi
runtime=$(mktemp -d /tmp/peerchat-qt68-runtime.XXXXXX)   # 0700; the same path inside the root
removable+=("$runtime")
mkdir -p "$root$runtime"
mount_in --bind "$runtime" "$root$runtime"
interop_status=0
unshare --ipc bash scripts/qt68-interop.sh "$root" "$runtime" "$native/app/peerchat" "$work" \
    || interop_status=$?

step done
echo "--- qt68: total $(( $(date +%s) - t0 )) s" >&2
if [ "$suite_status" != 0 ]; then
    echo "peerchat: the suite failed on Qt 6.8 (exit $suite_status)" >&2
    exit 1
fi
if [ "$interop_status" != 0 ]; then
    echo "peerchat: Qt 6.4 and Qt 6.8 peers did not meet (exit $interop_status)" >&2
    exit 1
fi
echo "--- qt68: passed" >&2
