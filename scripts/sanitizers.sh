# Sourced by test.sh: the sanitizer and fuzzing stages.
# ASan+UBSan: the whole suite. TSan: the bus tests (in-process threads + real processes).
# Fuzz: libFuzzer over the code that reads segments and records, a fixed number of runs.

peerchat_asan_stage() {
    stage "AddressSanitizer + UndefinedBehaviorSanitizer build, whole suite"
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPEERCHAT_SANITIZE="address;undefined" \
          -DPEERCHAT_BUILD_BENCH=OFF >/dev/null
    cmake --build build-asan -j"$jobs"
    # The chaos test is sized down under the sanitizers (3-10x slower); the release stage runs it whole.
    PEERCHAT_CHAOS_KILLS=${PEERCHAT_CHAOS_KILLS:-300} PEERCHAT_LONG_LIFE_MESSAGES=${PEERCHAT_LONG_LIFE_MESSAGES:-300000} \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0 \
    LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure
}

peerchat_tsan_stage() {
    stage "ThreadSanitizer build, multi-process bus tests"
    cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPEERCHAT_SANITIZE=thread \
          -DPEERCHAT_BUILD_BENCH=OFF >/dev/null
    cmake --build build-tsan -j"$jobs" --target tst_messagebus tst_multiprocess tst_chaos tst_failpoints tst_history tst_bytes tst_files testpeer peerchat ipcleftovers
    # die_after_fork=0: tst_failpoints starts peers (QProcess: fork, then exec at once) while a
    # bus of its own has its watcher thread running.
    PEERCHAT_CHAOS_KILLS=${PEERCHAT_CHAOS_KILLS:-200} PEERCHAT_LONG_LIFE_MESSAGES=${PEERCHAT_LONG_LIFE_MESSAGES:-200000} \
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:die_after_fork=0:suppressions=$PWD/tests/sanitizers/tsan.supp" \
        ctest --test-dir build-tsan --output-on-failure -R '^(tst_messagebus|tst_multiprocess|tst_chaos|tst_failpoints|tst_history|tst_bytes|tst_files|no_ipc_leftovers)$'
}

peerchat_fuzz_stage() {
    stage "libFuzzer over segment and record parsing"
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPEERCHAT_FUZZ=ON \
          -DPEERCHAT_BUILD_BENCH=OFF >/dev/null
    cmake --build build-fuzz -j"$jobs" --target fuzz_segment
    local corpus
    corpus=$(mktemp -d)
    cp tests/fuzz/corpus/* "$corpus"/
    # 300 000 runs: each input now goes through the watcher and MessageBus delivery (twice the
    # coverage of the old target, and a run costs more: 100 000 take 8.4 s of CPU here; 1.3 M
    # took 18 min on a loaded machine). PEERCHAT_FUZZ_RUNS=N for a longer run.
    build-fuzz/tests/fuzz/fuzz_segment -runs="${PEERCHAT_FUZZ_RUNS:-300000}" -seed=1 -max_len=4096 \
        "$corpus" tests/fuzz/corpus
    rm -rf "$corpus"
}
