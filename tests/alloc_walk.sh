#!/usr/bin/env bash
# alloc_walk.sh (make alloc-walk) — the allocation-failure walk (after SQLite's test harness):
# one example is rendered with allocation N of src/ made to fail
# (NIANBAO_FAIL_ALLOC=N, main.c; the one allocator is src/mem.c), for N
# over the whole render.  Every run must end with exit 2 and a message, no
# crash, no leak and no sanitizer report (ASan build), and no PDF.  All N
# up to ALLOC_WALK_ALL, then ALLOC_WALK_STEPS points spread over the rest.
# Not yet part of `make test`: some out-of-memory paths of the layout and
# the CFF subsetter still carry on (exit 0) or leak; it lists them.
set -u
cd "$(dirname "$0")/.."
bin=${NIANBAO:-./nianbao}
input=${ALLOC_WALK_INPUT:-examples/001-nanjiaozhen.yaml}
tmp=$(mktemp -d /tmp/nianbao-alloc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
total=$(NIANBAO_FAIL_ALLOC=0 "$bin" render "$input" -o "$tmp/count.pdf" 2>&1 >/dev/null |
        sed -n 's/^nianbao: allocations \([0-9]*\), failed 0$/\1/p')
n=$((n + 1))
if [ -z "$total" ] || [ "$total" -lt 100 ]; then
    echo "not ok $n - the render counts its allocations (got «$total»)"; exit 0
fi
echo "ok $n - a render of $(basename "$input") makes $total allocations through src/mem.c"
points=$( { seq 1 "${ALLOC_WALK_ALL:-60}"; seq 1 $(( (total + ${ALLOC_WALK_STEPS:-80} - 1) / ${ALLOC_WALK_STEPS:-80} )) "$total"; } | sort -n | uniq)
bad=0 walked=0
for k in $points; do
    [ "$k" -le "$total" ] || continue
    walked=$((walked + 1))
    rm -f "$tmp/out.pdf"
    timeout 60 env NIANBAO_FAIL_ALLOC=$k "$bin" render "$input" -o "$tmp/out.pdf" >/dev/null 2>"$tmp/err.txt"; rc=$?
    why=""
    [ $rc = 2 ] || why="exit $rc"
    grep -q -e 'Sanitizer' -e 'runtime error' "$tmp/err.txt" && why="sanitizer report"
    [ -z "$why" ] && ! grep -q 'failed 1$' "$tmp/err.txt" && why="the failure was not injected"
    [ -z "$why" ] && ! grep -q '错误' "$tmp/err.txt" && why="no message"
    [ -z "$why" ] && [ -e "$tmp/out.pdf" ] && why="a PDF was written"
    ls "$tmp" | grep -q -e '\.tmp\.' -e '^\.nb' && why="${why:+$why, }a temporary was left"
    if [ -n "$why" ]; then
        bad=$((bad + 1)); n=$((n + 1))
        echo "not ok $n - allocation $k of $total fails: $why"
        grep -v '^nianbao: allocations' "$tmp/err.txt" | head -n 12 | sed 's/^/# /'
    fi
done
n=$((n + 1))
if [ $bad = 0 ]; then echo "ok $n - $walked allocation failures of $total: each exit 2 with a message, no PDF"
else echo "not ok $n - $bad of $walked allocation failures misbehaved"; fi
