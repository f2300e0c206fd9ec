#!/usr/bin/env bash
# tests/run.sh — the one test runner.  Runs every unit-test binary
# (build/asan/tests/test_*, cmocka, TAP output) and every script
# tests/t_*.sh; each prints TAP lines `ok N - name` / `not ok N - name`.
# Ends with the line `N passed, N failed, N skipped`; exits 1 if anything
# failed.  A skip (`ok … # SKIP`) is counted as skipped, never as passed; a
# script that exits non-zero without a failing test, or runs no test at
# all, counts as one failure.
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CMOCKA_MESSAGE_OUTPUT=TAP
export NIANBAO=${NIANBAO:-build/asan/nianbao}
passed=0 failed=0 skipped=0
log=$(mktemp /tmp/nianbao-tests.XXXXXX)

run_one() {
    local name=$1; shift
    echo "# ${name}"
    "$@" >"$log" 2>&1
    local rc=$?
    local ok notok skip
    skip=$(grep -ciE '^ok .*# *skip' "$log")
    ok=$(( $(grep -cE '^ok ' "$log") - skip ))
    notok=$(grep -cE '^not ok ' "$log")
    grep -iE '^(not ok|#|ok .*# *skip)' "$log" | grep -v '^# *$' | head -n 40 | sed 's/^/    /'
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
        echo "    ${name} exited ${rc} without a failing test:"
        tail -n 20 "$log" | sed 's/^/    | /'
        notok=1
    elif [ $((ok + notok + skip)) -eq 0 ]; then
        echo "    ${name} ran no test at all"
        notok=1
    fi
    echo "  ${ok} ok, ${notok} not ok, ${skip} skipped"
    passed=$((passed + ok)); failed=$((failed + notok)); skipped=$((skipped + skip))
}

for t in build/asan/tests/test_*; do
    [ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
for t in tests/t_*.sh; do
    [ -f "$t" ] && run_one "$(basename "$t")" bash "$t"
done
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
