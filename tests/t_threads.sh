#!/usr/bin/env bash
# t_threads.sh — the run context is shared read-only by the batch's worker
# threads: four threads render the examples and the large reports under
# ThreadSanitizer (build/tsan, made by `make test`), and every PDF still
# equals the single-threaded release build's byte for byte.
set -u
cd "$(dirname "$0")/.."
tsan=build/tsan/nianbao
. tests/lib.sh
tap_begin threads
fail() { n=$((n + 1)); echo "not ok $n - $1"; [ -f "${2:-/dev/null}" ] && grep -m 20 -A 12 'WARNING: ThreadSanitizer' "$2" | sed 's/^/# /'; }
if [ ! -x "$tsan" ]; then fail "no ThreadSanitizer build at $tsan (make tsan)"; exit 0; fi
inputs=(examples/*.yaml tests/reports/001-huaian-2024.yaml tests/reports/003-hongze-2024.yaml)
TSAN_OPTIONS="halt_on_error=0 exitcode=66" "$tsan" batch "${inputs[@]}" -o "$tmp/t" -j4 >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && ok "batch -j4 under ThreadSanitizer exits 0" || fail "batch -j4 under ThreadSanitizer: exit $rc" "$tmp/err"
grep -q 'ThreadSanitizer' "$tmp/err" && fail "ThreadSanitizer reports a race" "$tmp/err" || ok "no data race reported"
./nianbao batch "${inputs[@]}" -o "$tmp/r" -j1 >/dev/null 2>&1
same=0
for p in "$tmp"/r/*.pdf; do cmp -s "$p" "$tmp/t/$(basename "$p")" && same=$((same + 1)); done
[ $same = ${#inputs[@]} ] && ok "four threads give the same bytes as one ($same PDFs)" || fail "only $same of ${#inputs[@]} PDFs identical"
