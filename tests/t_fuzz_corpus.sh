#!/usr/bin/env bash
# t_fuzz_corpus.sh — the fuzzers' corpus replayed under ASan/UBSan: every
# seed and every input a fuzzer (make fuzz) ever found failing, kept in
# tests/fuzz/corpus/TARGET/, goes through its target again
# (build/asan/fuzz/TARGET, the target with replay.c's main).  One test per
# target: it must run through every file with no crash, leak or sanitizer
# report.
set -u
cd "$(dirname "$0")/.."
export NIANBAO_DATA=${NIANBAO_DATA:-$PWD}
export LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp
n=0
for dir in tests/fuzz/corpus/*/; do
    t=$(basename "$dir")
    n=$((n + 1))
    bin=build/asan/fuzz/$t
    if [ ! -x "$bin" ]; then echo "not ok $n - $t: $bin not built (make test builds it)"; continue; fi
    files=$(ls -A "$dir" | wc -l)
    out=$(timeout 600 "$bin" "$dir" 2>&1); rc=$?
    replayed=$(grep -c '^ok ' <<<"$out")
    if [ $rc = 0 ] && [ "$replayed" = "$files" ] && ! grep -q -e 'Sanitizer' -e 'runtime error' <<<"$out"; then
        echo "ok $n - $t: $files inputs replayed clean"
    else
        echo "not ok $n - $t: exit $rc after $replayed of $files inputs"
        grep -v '^ok ' <<<"$out" | head -n 15 | sed 's/^/# /'
    fi
done
