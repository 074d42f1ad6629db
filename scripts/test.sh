#!/usr/bin/env bash
# Quick start, command 2 (and what CI runs): install what is missing, build, run every test.
#   bash scripts/test.sh
# Stages: the whole suite in a release build; the whole suite under AddressSanitizer +
# UndefinedBehaviorSanitizer; the multi-process bus tests under ThreadSanitizer; the fuzz target;
# the whole suite again on Debian 13 / Qt 6.8 in a debootstrap root, with a Qt 6.4 <-> 6.8
# interop check (scripts/qt68.sh; needs root, caches the root in /var/cache/peerchat); and
# the Debian packages built, linted, used by the examples and installed in a clean Debian 12 root
# (scripts/package.sh).
# PEERCHAT_TEST_STAGES="native asan tsan fuzz package qt68" picks stages (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
peerchat_install_missing "${PEERCHAT_BUILD_PACKAGES[@]}" "${PEERCHAT_BRIDGE_PACKAGES[@]}" clang libclang-rt-14-dev
stages=${PEERCHAT_TEST_STAGES:-"native asan tsan fuzz package qt68"}
jobs=$(nproc)
start=$(date +%s)
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
export PEERCHAT_STRICT_IPC_CHECK=${PEERCHAT_STRICT_IPC_CHECK:-${CI:+1}}

stage() { echo; echo "=== $* ($(( $(date +%s) - start )) s) ==="; }

for s in $stages; do
    case $s in
    native)
        stage "release build, whole suite"
        cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
        cmake --build build -j"$jobs"
        ctest --test-dir build --output-on-failure
        ;;
    asan)
        if [ -f scripts/sanitizers.sh ]; then source scripts/sanitizers.sh; peerchat_asan_stage; fi
        ;;
    tsan)
        if [ -f scripts/sanitizers.sh ]; then source scripts/sanitizers.sh; peerchat_tsan_stage; fi
        ;;
    fuzz)
        if [ -f scripts/sanitizers.sh ]; then source scripts/sanitizers.sh; peerchat_fuzz_stage; fi
        ;;
    qt68)
        stage "Debian 13 (Qt 6.8) root: release build, whole suite, Qt 6.4 <-> 6.8 peers"
        bash scripts/qt68.sh build   # the interop's Qt 6.4 peer: the native stage's build (made if missing)
        ;;
    package)
        stage "Debian packages: build, lint, examples, install in a clean Debian 12 root"
        bash scripts/package.sh
        ;;
    *)
        echo "peerchat: unknown test stage '$s'" >&2; exit 2 ;;
    esac
done
stage "all stages passed"
