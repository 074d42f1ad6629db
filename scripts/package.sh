#!/usr/bin/env bash
# The Debian packages, built and tested as a user gets them (the "package" stage of test.sh).
#
#   bash scripts/package.sh               all steps below
#   bash scripts/package.sh --build-only  step 1 only: build-deb/packages/*.deb
#
# 1. build     configures build-deb/ with Debian's build flags (dpkg-buildflags, hardening) and
#              -DCMAKE_INSTALL_PREFIX=/usr, builds what is installed, runs cpack:
#              peerchat_<version>_amd64.deb, libpeerchat-bus-dev_<version>_amd64.deb and
#              peerchat-bridge_<version>_amd64.deb
# 2. lint      desktop-file-validate, appstreamcli validate --no-net --pedantic and lintian
#              (fails on any error or warning; tags left are overridden in resources/packaging/lintian/)
# 3. examples  installs the bus (component dev) to a staging prefix, checks that each public
#              header compiles alone, that doxygen renders their reference without a warning
#              (everything documented) and that an unknown component is refused, builds examples/
#              against that prefix (never the source tree), and runs the logger against the
#              sensor: every reading must arrive
# 4. install   a clean Debian 12 root (debootstrap --variant=minbase, cached as a pristine copy
#              in $PEERCHAT_PACKAGE_CACHE, default /var/cache/peerchat, made again when missing)
#              is used through an overlay in private mount/IPC/PID namespaces: apt-get install
#              ./peerchat_*.deb, then scripts/package-check.sh inside (two console peers both
#              ways, the window on the offscreen platform joins, man page, translations, fonts;
#              then ./peerchat-bridge_*.deb with Debian's mosquitto: a message each way between a
#              console peer and mosquitto_sub/mosquitto_pub; apt-get purge leaves nothing). The namespaces end with the test, so no mount and
#              no System V object can outlive it.
# Prints the time of each step. Needs root (debootstrap, chroot); installs what is missing.
# PEERCHAT_PACKAGE_STEPS="build lint examples install" picks steps (default: all; build is
# always done).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
build=$src/build-deb
cache=${PEERCHAT_PACKAGE_CACHE:-/var/cache/peerchat}
pristine=$cache/bookworm-minbase
jobs=${PEERCHAT_JOBS:-2}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step() { printf '\n== package: %s\n' "$*"; }
timings=()
timed() {   # timed NAME COMMAND...: runs it, remembers how long it took
    local name=$1 t0
    shift
    t0=$(now)
    "$@"
    timings+=("$name $(elapsed "$t0") s")
    echo "-- $name: $(elapsed "$t0") s"
}
fail() { echo "package.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Inside the namespaces (package.sh runs itself again under unshare; internal)
# ---------------------------------------------------------------------------------------------
if [[ ${1:-} == --in-namespace ]]; then
    work=$2
    root=$work/root
    mkdir -p "$root" "$work/upper" "$work/overlay-work"
    if ! mount -t overlay overlay -o "lowerdir=$pristine,upperdir=$work/upper,workdir=$work/overlay-work" "$root" 2>/dev/null; then
        echo "(no overlayfs here: copying the pristine root)"
        cp -a "$pristine/." "$root/"
    fi
    mount -t proc proc "$root/proc"
    mkdir -p "$cache/apt-archives/partial"
    mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"   # downloads kept for the next run
    cp "$work"/*.deb "$here/package-check.sh" "$root/tmp/"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        bash /tmp/package-check.sh
fi

build_only=0
case ${1:-} in
    --build-only) build_only=1 ;;
    "") ;;
    *) echo "package.sh: unknown option $1 (--build-only)" >&2; exit 2 ;;
esac

source "$here/deps.sh"
peerchat_install_missing "${PEERCHAT_BUILD_PACKAGES[@]}" "${PEERCHAT_BRIDGE_PACKAGES[@]}" "${PEERCHAT_PACKAGE_PACKAGES[@]}"

# ---------------------------------------------------------------------------------------------
# 1. The .deb files
# ---------------------------------------------------------------------------------------------
build_debs() {
    # Debian's flags: -O2 -g, -fstack-protector-strong, _FORTIFY_SOURCE=2, relro, bindnow.
    local cxxflags ldflags
    cxxflags="$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CXXFLAGS) $(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)"
    ldflags=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
        -DPEERCHAT_BUILD_BENCH=OFF "-DCMAKE_CXX_FLAGS=$cxxflags" "-DCMAKE_EXE_LINKER_FLAGS=$ldflags" \
        "-DCMAKE_SHARED_LINKER_FLAGS=$ldflags" "-DCMAKE_MODULE_LINKER_FLAGS=$ldflags" >/dev/null
    # Only what is installed (the tests are not part of a package).
    cmake --build "$build" -j"$jobs" --target peerchat peerchat_gui peerchat_ipc peerchat_manpage \
        peerchat_bridge peerchat_bridge_manpage peerchat_debian_changelog
    rm -f "$build"/packages/*.deb
    (cd "$build" && cpack >/dev/null)
    ls -l "$build"/packages/*.deb
}
step "1. build the .deb files (build-deb/, -j$jobs)"
timed build build_debs
if [[ $build_only == 1 ]]; then
    exit 0
fi
deb=$(ls "$build"/packages/peerchat_*.deb)
devdeb=$(ls "$build"/packages/libpeerchat-bus-dev_*.deb)
bridgedeb=$(ls "$build"/packages/peerchat-bridge_*.deb)

work=$(mktemp -d /tmp/peerchat-package.XXXXXX)
cleanup() {
    # The root was mounted only inside namespaces that are gone now; never delete through a mount.
    if grep -q " $work/" /proc/mounts; then
        echo "package.sh: something is still mounted under $work; not deleting it" >&2
        return
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# 2. Lint
# ---------------------------------------------------------------------------------------------
lint() {
    local unpacked=$work/unpacked
    dpkg-deb -x "$deb" "$unpacked"
    desktop-file-validate "$unpacked"/usr/share/applications/*.desktop
    echo "desktop-file-validate: ok"
    # Exits non-zero on errors and warnings; infos (pedantic) are printed only.
    appstreamcli validate --no-net --pedantic "$unpacked"/usr/share/metainfo/*.metainfo.xml
    # Errors and warnings fail; what is left is overridden with its reason (resources/packaging/lintian/).
    lintian --fail-on error,warning -I --pedantic --tag-display-limit 0 "$deb" "$devdeb" "$bridgedeb" 2>&1 \
        | grep -v '^running with root privileges' || true
    lintian --fail-on error,warning --pedantic "$deb" "$devdeb" "$bridgedeb" >/dev/null 2>&1 \
        || fail "lintian reports errors or warnings (above)"
    echo "lintian: no error or warning"
}
steps=${PEERCHAT_PACKAGE_STEPS:-"build lint examples install"}
wanted() { [[ " $steps " == *" $1 "* ]]; }
if wanted lint; then
    step "2. lint: desktop-file-validate, appstreamcli, lintian"
    timed lint lint
fi

# ---------------------------------------------------------------------------------------------
# 3. The bus as a CMake package, and the examples built against it
# ---------------------------------------------------------------------------------------------
examples() {
    local stage=$work/stage
    cmake --install "$build" --prefix "$stage" --component dev >/dev/null
    echo "installed: $(cd "$stage" && find . -type f | sort | tr '\n' ' ')"
    if find "$stage" -name '*_p.h' | grep -q .; then
        fail "a private header was installed: $(find "$stage" -name '*_p.h')"
    fi
    # Each public header alone, and an unknown component refused with a clear message.
    cmake -S "$src/tests/package" -B "$work/headers" -G Ninja -DCMAKE_PREFIX_PATH="$stage" >/dev/null
    cmake --build "$work/headers" -j"$jobs" >/dev/null
    echo "public headers compile alone: $(ls "$stage"/include/peerchat | tr '\n' ' ')"
    # Their reference comments render, and everything public is documented (warnings fail).
    printf '%s\n' "INPUT = $stage/include/peerchat" "OUTPUT_DIRECTORY = $work/apidoc" GENERATE_LATEX=NO \
        HAVE_DOT=NO QUIET=YES WARN_IF_UNDOCUMENTED=YES WARN_AS_ERROR=FAIL_ON_WARNINGS >"$work/Doxyfile"
    doxygen "$work/Doxyfile" || fail "doxygen warns about the public headers (above)"
    echo "API reference: $(ls "$work"/apidoc/html/*.html | wc -l) pages, no doxygen warning"
    mkdir -p "$work/badcomponent"
    printf 'cmake_minimum_required(VERSION 3.22)\nproject(x LANGUAGES CXX)\nfind_package(PeerChat REQUIRED COMPONENTS Bus Gui)\n' \
        >"$work/badcomponent/CMakeLists.txt"
    local out
    if out=$(cmake -S "$work/badcomponent" -B "$work/badcomponent/b" -DCMAKE_PREFIX_PATH="$stage" 2>&1); then
        fail "find_package(PeerChat COMPONENTS Gui) succeeded"
    fi
    grep -q "PeerChat has no component 'Gui'; its components are: Bus" <<<"$out" \
        || fail "find_package(PeerChat COMPONENTS Gui) failed without saying why: $out"
    echo "unknown component: refused (\"PeerChat has no component 'Gui'; its components are: Bus\")"

    cmake -S "$src/examples" -B "$work/examples" -G Ninja -DCMAKE_PREFIX_PATH="$stage" >/dev/null
    cmake --build "$work/examples" -j"$jobs" >/dev/null
    # The logger first (a peer gets what is sent after it joined), then 5 readings 100 ms apart.
    local runtime=$work/runtime channel=examples-$$
    mkdir -m 700 "$runtime"
    PEERCHAT_RUNTIME_DIR=$runtime "$work/examples/logger/logger" --channel "$channel" --count 5 \
        >"$work/logger.out" 2>&1 &
    local logger=$!
    for _ in $(seq 100); do grep -q '^logger: listening' "$work/logger.out" && break; sleep 0.1; done
    grep -q '^logger: listening' "$work/logger.out" || { kill "$logger"; fail "the logger did not start: $(cat "$work/logger.out")"; }
    PEERCHAT_RUNTIME_DIR=$runtime timeout 30 "$work/examples/sensor/sensor" --channel "$channel" \
        --interval 100 --count 5 >"$work/sensor.out" 2>&1 || { kill "$logger"; fail "the sensor failed: $(cat "$work/sensor.out")"; }
    local rc=0
    timeout 30 tail --pid="$logger" -f /dev/null || { kill "$logger"; fail "the logger did not get 5 readings: $(cat "$work/logger.out")"; }
    wait "$logger" || rc=$?
    cat "$work/logger.out"
    [[ $rc == 0 ]] || fail "the logger exited with $rc"
    for i in 1 2 3 4 5; do
        grep -q "sensor: reading $i: load " "$work/logger.out" || fail "the logger did not print reading $i"
    done
    [[ -z $(ls -A "$runtime") ]] || fail "key files left in the runtime directory: $(ls -A "$runtime")"
    echo "examples: the logger received the sensor's 5 readings"
}
if wanted examples; then
    step "3. the bus as a CMake package: examples/ against the installed package"
    timed examples examples
fi

# ---------------------------------------------------------------------------------------------
# 4. Installed in a clean Debian 12 root
# ---------------------------------------------------------------------------------------------
make_pristine_root() {
    if [[ -f $pristine/.peerchat-pristine ]]; then
        echo "reusing the pristine root $pristine (delete it to make it again)"
        return
    fi
    local mirror partial=$pristine.partial
    mirror=$(sed -n 's/^URIs: //p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n1)
    if [[ -z $mirror ]]; then
        mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
    fi
    [[ -n $mirror ]] || fail "no Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
    grep -q " $partial" /proc/mounts && fail "something is mounted under $partial"
    rm -rf "$partial" "$pristine"
    mkdir -p "$cache"
    echo "debootstrap --variant=minbase bookworm (the mirror of this machine's apt sources)"
    debootstrap --variant=minbase bookworm "$partial" "$mirror" >"$cache/debootstrap.log" 2>&1 \
        || fail "debootstrap failed; see $cache/debootstrap.log"
    touch "$partial/.peerchat-pristine"
    mv "$partial" "$pristine"
}
install_test() {
    unshare --mount --ipc --pid --fork --propagation private bash "$here/package.sh" --in-namespace "$work"
}
if wanted install; then
    step "4. install, use and purge in a clean Debian 12 root"
    [[ $(id -u) == 0 ]] || fail "installing in a Debian root needs root (debootstrap, chroot, unshare):" \
        "run as root, or leave it out with PEERCHAT_PACKAGE_STEPS=\"build lint examples\""
    timed debootstrap make_pristine_root
    cp "$deb" "$bridgedeb" "$work/"
    timed installed-test install_test
fi

step "all passed"
printf '   %s\n' "${timings[@]}"
