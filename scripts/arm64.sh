#!/usr/bin/env bash
# Cross-build peerchat for arm64 (aarch64) on a Debian 12 amd64 machine and run the whole CTest
# suite of that build under qemu-user (no arm64 hardware, no binfmt_misc needed).
#
#   scripts/arm64.sh                 install what is missing, build, run every test under qemu
#   scripts/arm64.sh --build-only    install what is missing, cross-build peerchat and its .deb
#                                    files; no tests
#
# Options:
#   --build-only        skip the tests
#   --no-install        do not look at packages (they must already be there)
#   --jobs N            build jobs (default 2)
#   --test-jobs N       tests run at once by ctest (default 1)
#   --timeout S         per-test timeout for tests that set none themselves (default 300 s)
#   --total-timeout S   the whole ctest run is killed after S seconds (default 1500 s)
#   -R REGEX            only the tests matching REGEX (passed to ctest)
#   -E REGEX            leave out the tests matching REGEX (passed to ctest)
# Test knobs in the environment reach the tests (e.g. PEERCHAT_CHAOS_KILLS=50 scripts/arm64.sh).
#
# What it does
#   1. Packages (root, or sudo for apt/dpkg only): dpkg --add-architecture arm64, then installs
#      only what is missing of crossbuild-essential-arm64, qemu-user-static, qt6-base-dev:arm64,
#      qt6-tools-dev:arm64, qt6-base-dev-tools, qt6-l10n-tools, cmake, ninja-build, file.
#   2. Configures build-arm64/ with scripts/aarch64-debian.cmake (RelWithDebInfo) and builds it.
#   3. Builds scripts/nopidfd.c into build-arm64/libnopidfd.so: qemu 7.2 cannot run QProcess
#      without it (see the file). It is only for emulation, never for a device.
#   4. Prints `file` and the size (as built and stripped) of build-arm64/app/peerchat and of its
#      window module build-arm64/app/peerchat-gui.so. Makes the Debian packages with cpack:
#      build-arm64/packages/peerchat_<version>_arm64.deb (Depends from dpkg-shlibdeps on the
#      arm64 libraries) and libpeerchat-bus-dev_<version>_arm64.deb.
#   5. Runs scripts/qemu-probe.c under qemu: one line per system call the bus uses that the
#      emulator handles differently from Linux (information only).
#   6. Runs ctest; CMAKE_CROSSCOMPILING_EMULATOR makes each test run as
#      `qemu-aarch64-static <test>`. Tests that start child processes prepend
#      $PEERCHAT_TEST_LAUNCHER (set here to qemu-aarch64-static) to the child's command line,
#      because an emulated process cannot exec an arm64 binary directly without binfmt_misc.
#
# Exits non-zero when a package, the build, the binary check or any test fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
build="$src/build-arm64"
toolchain="$here/aarch64-debian.cmake"

build_only=0
install=1
jobs=2
test_jobs=1
test_timeout=300
total_timeout=1500
ctest_filter=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-only) build_only=1 ;;
        --no-install) install=0 ;;
        --jobs) jobs=$2; shift ;;
        --test-jobs) test_jobs=$2; shift ;;
        --timeout) test_timeout=$2; shift ;;
        --total-timeout) total_timeout=$2; shift ;;
        -R) ctest_filter+=(-R "$2"); shift ;;
        -E) ctest_filter+=(-E "$2"); shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "arm64.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

step() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

if [[ $(dpkg --print-architecture 2>/dev/null || true) != amd64 ]]; then
    echo "arm64.sh: this script is for a Debian 12 amd64 host" >&2
    exit 2
fi

# ---------------------------------------------------------------------------------------------
# 1. Packages
# ---------------------------------------------------------------------------------------------
packages=(
    crossbuild-essential-arm64      # aarch64-linux-gnu-gcc/g++, binutils, libc6-dev-arm64-cross
    qemu-user-static                # qemu-aarch64-static (static: an emulated process can exec it)
    qt6-base-dev:arm64              # Qt Core/Gui/Widgets/Test for arm64 (brings libc6:arm64)
    qt6-tools-dev:arm64             # Qt6LinguistTools config for arm64
    qt6-base-dev-tools              # moc, rcc, uic for the host (amd64)
    qt6-l10n-tools                  # lrelease for the host; qt6-tools-dev:arm64 does not pull it in
    cmake
    ninja-build
    file
    dpkg-dev                        # dpkg-shlibdeps, dpkg-architecture (cpack)
    help2man                        # the man page, from the binary's --help under qemu
)

if [[ $install == 1 ]]; then
    step "Packages"
    sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null || { echo "arm64.sh: not root and no sudo" >&2; exit 2; }
        sudo=(sudo)
    fi
    t0=$(now)
    need_update=0
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "adding the arm64 architecture to dpkg"
        "${sudo[@]}" dpkg --add-architecture arm64
        need_update=1
    fi
    missing=()
    for p in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [[ $status == installed ]] || missing+=("$p")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "installing: ${missing[*]}"
        "${sudo[@]}" apt-get update -q
        # Multi-Arch: same libraries must have one version on both architectures, so this also
        # upgrades some amd64 libraries (libssl3, glib, ...). The libglib2.0-0:arm64 postinst
        # prints "Exec format error" without binfmt_misc: harmless.
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${missing[@]}"
        echo "packages installed in $(elapsed "$t0") s"
    else
        [[ $need_update == 1 ]] && "${sudo[@]}" apt-get update -q
        echo "all packages present"
    fi
fi

qemu=$(command -v qemu-aarch64-static || true)
[[ -n $qemu ]] || { echo "arm64.sh: qemu-aarch64-static not found (install qemu-user-static)" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------
# 2. Cross-build
# ---------------------------------------------------------------------------------------------
step "Cross-build into build-arm64/ (jobs: $jobs)"
t0=$(now)
cmake -S "$src" -B "$build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_CROSSCOMPILING_EMULATOR="$qemu"
if [[ $build_only == 1 ]]; then
    # The binary, its window module, and what else the packages hold.
    cmake --build "$build" --parallel "$jobs" --target peerchat peerchat_gui peerchat_ipc peerchat_manpage \
        peerchat_debian_changelog
else
    cmake --build "$build" --parallel "$jobs"
fi
build_time=$(elapsed "$t0")
echo "configure + build: $build_time s"

# ---------------------------------------------------------------------------------------------
# 3. The qemu shim
# ---------------------------------------------------------------------------------------------
shim="$build/libnopidfd.so"
if [[ ! -f $shim || $here/nopidfd.c -nt $shim ]]; then
    aarch64-linux-gnu-gcc -O2 -Wall -Wextra -shared -fPIC -o "$shim" "$here/nopidfd.c" -ldl
fi

# ---------------------------------------------------------------------------------------------
# 4. The binary
# ---------------------------------------------------------------------------------------------
step "The arm64 binary"
bin="$build/app/peerchat"
[[ -x $bin ]] || { echo "arm64.sh: $bin was not built" >&2; exit 1; }
file_out=$(file -b "$bin")
echo "file: $file_out"
if [[ $file_out != *"ELF 64-bit"*"ARM aarch64"* ]]; then
    echo "arm64.sh: $bin is not an aarch64 ELF" >&2
    exit 1
fi
module="$build/app/peerchat-gui.so"
[[ -f $module ]] || { echo "arm64.sh: $module (the window module) was not built" >&2; exit 1; }
aarch64-linux-gnu-strip -o "$build/peerchat.stripped" "$bin"
aarch64-linux-gnu-strip -o "$build/peerchat-gui.stripped.so" "$module"
size_of() { stat -c %s "$1"; }
human() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
echo "size: $(size_of "$bin") bytes ($(human "$(size_of "$bin")")) as built (RelWithDebInfo)"
echo "size: $(size_of "$build/peerchat.stripped") bytes ($(human "$(size_of "$build/peerchat.stripped")")) stripped ($build/peerchat.stripped)"
echo "window module: $(size_of "$module") bytes as built, $(size_of "$build/peerchat-gui.stripped.so") bytes stripped"
echo "shared libraries of the binary: $(aarch64-linux-gnu-readelf -d "$bin" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
echo "shared libraries of the window module: $(aarch64-linux-gnu-readelf -d "$module" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')"

# Smoke test: the binary starts under the emulator.
if ! version=$(QEMU_SET_ENV=LD_PRELOAD="$shim" timeout -k 5 30 "$qemu" "$bin" --version 2>&1); then
    echo "arm64.sh: '$bin --version' failed under qemu: $version" >&2
    exit 1
fi
echo "under qemu: $version"

step "The arm64 Debian packages (cpack)"
t0=$(now)
rm -f "$build"/packages/*.deb
(cd "$build" && cpack >/dev/null)
deb=$(ls "$build"/packages/peerchat_*_arm64.deb 2>/dev/null || true)
[[ -n $deb ]] || { echo "arm64.sh: cpack made no peerchat_*_arm64.deb" >&2; exit 1; }
ls -l "$build"/packages/*.deb
echo "Architecture: $(dpkg-deb -f "$deb" Architecture)"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"
[[ $(dpkg-deb -f "$deb" Architecture) == arm64 ]] || { echo "arm64.sh: $deb is not for arm64" >&2; exit 1; }
[[ $(dpkg-deb -f "$deb" Depends) == *libqt6core6* ]] || { echo "arm64.sh: $deb depends on no Qt" >&2; exit 1; }
contents=$(dpkg-deb -c "$deb")
grep -q '/usr/lib/aarch64-linux-gnu/peerchat/peerchat-gui.so$' <<<"$contents" \
    || { echo "arm64.sh: $deb lacks /usr/lib/aarch64-linux-gnu/peerchat/peerchat-gui.so" >&2; exit 1; }
echo "packages: $(elapsed "$t0") s"

if [[ $build_only == 1 ]]; then
    step "Done (--build-only): cross-build $build_time s"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# 5. What the emulator cannot do (informational: lists differences from Linux, never fails)
# ---------------------------------------------------------------------------------------------
step "qemu-user probe (scripts/qemu-probe.c; FAIL = the emulator differs from Linux)"
aarch64-linux-gnu-gcc -O1 -Wall -Wextra -o "$build/qemu-probe" "$here/qemu-probe.c"
(cd "$build" && timeout -k 5 120 "$qemu" ./qemu-probe) || true

# ---------------------------------------------------------------------------------------------
# 6. Tests under qemu-user
# ---------------------------------------------------------------------------------------------
step "Tests under qemu-user (per-test timeout ${test_timeout} s unless a test sets its own)"
unset QEMU_LD_PREFIX          # never -L: see scripts/aarch64-debian.cmake
export QEMU_SET_ENV="LD_PRELOAD=$shim"
export PEERCHAT_TEST_LAUNCHER="$qemu"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# Keep this run's key files and runtime directory apart from any native test run on the machine.
mkdir -p "$build/test-tmp" "$build/test-run"
chmod 700 "$build/test-tmp" "$build/test-run"
export TMPDIR="$build/test-tmp"
export PEERCHAT_RUNTIME_DIR="$build/test-run"

ipc_ids() { ipcs "$1" 2>/dev/null | awk '$2 ~ /^[0-9]+$/ { print $2 }' | sort; }
shm_before=$(ipc_ids -m)
sem_before=$(ipc_ids -s)

t0=$(now)
# ctest runs in its own session, so that whatever it leaves running can be found and ended
# afterwards by process id (a test that hangs is killed by ctest, its children may not be).
set +e
setsid timeout -k 30 "$total_timeout" \
    ctest --test-dir "$build" --output-on-failure --no-tests=error \
          --timeout "$test_timeout" -j "$test_jobs" "${ctest_filter[@]}" &
sid=$!
wait "$sid"
rc=$?
set -e
test_time=$(elapsed "$t0")
[[ $rc == 124 ]] && echo "arm64.sh: the whole ctest run took longer than $total_timeout s and was killed" >&2

mapfile -t leftover < <(pgrep -s "$sid" || true)
if [[ ${#leftover[@]} -gt 0 ]]; then
    echo "arm64.sh: processes left running by the tests (ending them): ${leftover[*]}" >&2
    kill "${leftover[@]}" 2>/dev/null || true
    sleep 1
    mapfile -t leftover < <(pgrep -s "$sid" || true)
    [[ ${#leftover[@]} -gt 0 ]] && { kill -9 "${leftover[@]}" 2>/dev/null || true; }
    [[ $rc == 0 ]] && rc=1
fi

new_shm=$(comm -13 <(echo "$shm_before") <(ipc_ids -m) | tr '\n' ' ')
new_sem=$(comm -13 <(echo "$sem_before") <(ipc_ids -s) | tr '\n' ' ')
if [[ -n ${new_shm// } || -n ${new_sem// } ]]; then
    # Not removed here: another run on the machine may own them. Look with `ipcs -m -s -p`.
    echo "arm64.sh: System V objects that appeared during the run and are still there" \
         "(maybe another run's): shm ids [${new_shm% }] sem ids [${new_sem% }]" >&2
fi

step "Summary"
echo "binary:      $file_out"
echo "size:        $(size_of "$bin") bytes as built, $(size_of "$build/peerchat.stripped") bytes stripped;" \
     "window module $(size_of "$build/peerchat-gui.stripped.so") bytes stripped"
echo "cross-build: $build_time s (configure + build, -j$jobs)"
echo "tests:       $test_time s under qemu-user (ctest exit code $rc)"
exit "$rc"
