#!/usr/bin/env bash
# t_alloc.sh — the allocation-failure walk (after SQLite's test harness):
# an example is rendered with allocation N made to fail
# (NIANBAO_FAIL_ALLOC=N, main.c), for every N from 1 to the number of
# allocations the render makes.  The one allocator is src/mem.c, and
# FreeType's allocations go through it too; libharu (not safe against a
# failed allocation, see pdf.c), HarfBuzz, libfyaml, libunibreak and
# libdeflate allocate on their own.  Every run
# must end with exit 2 and a message (错误), no crash, no leak and no
# sanitizer report (ASan build), the injected failure counted, and no PDF
# or temporary left.  `make test` walks 004 (its warnings take the
# messages' paths too; ALLOC_WALK_INPUTS names others);
# `make alloc-walk` walks every example.  ALLOC_WALK_STEP=K walks every
# Kth N only (by hand, for a quick look).
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin alloc
step=${ALLOC_WALK_STEP:-1}

# Why run k of `input` misbehaved, or nothing.
verdict() {
    local rc=$1 why=""
    [ "$rc" = 2 ] || why="exit $rc"
    grep -q -e 'Sanitizer' -e 'runtime error' "$tmp/err.txt" && why="sanitizer report"
    [ -z "$why" ] && ! grep -q 'failed 1$' "$tmp/err.txt" && why="the failure was not injected"
    [ -z "$why" ] && ! grep -q '错误' "$tmp/err.txt" && why="no message"
    [ -z "$why" ] && [ -e "$tmp/out.pdf" ] && why="a PDF was written"
    ls -A "$tmp" | grep -q -e '\.tmp\.' -e '^\.nb' && why="${why:+$why, }a temporary was left"
    echo "$why"
}

walk() {
    local input=$1 name total bad=0 walked=0 start=$SECONDS
    name=$(basename "$input")
    total=$(NIANBAO_FAIL_ALLOC=0 "$bin" render "$input" -o "$tmp/count.pdf" 2>&1 >/dev/null |
            sed -n 's/^nianbao: allocations \([0-9]*\), failed 0$/\1/p')
    rm -f "$tmp/count.pdf"
    if [ -z "$total" ] || [ "$total" -lt 1000 ]; then
        fail "$name: the render counts its allocations (got «$total»)"; return
    fi
    ok "$name: a render makes $total allocations through src/mem.c"
    for ((k = 1; k <= total; k += step)); do
        walked=$((walked + 1))
        rm -f "$tmp/out.pdf"
        timeout 60 env NIANBAO_FAIL_ALLOC=$k "$bin" render "$input" -o "$tmp/out.pdf" \
            >/dev/null 2>"$tmp/err.txt"
        why=$(verdict $?)
        if [ -n "$why" ]; then
            bad=$((bad + 1))
            grep -v '^nianbao: allocations' "$tmp/err.txt" >"$tmp/why.txt"
            fail "$name: allocation $k of $total fails: $why" "$tmp/why.txt"
        fi
    done
    if [ $bad = 0 ]; then
        ok "$name: $walked allocation failures of $total: each exit 2 with a message, no PDF"
    else
        fail "$name: $bad of $walked allocation failures misbehaved"
    fi
    echo "# $name: walked in $((SECONDS - start)) s"
}

for input in ${ALLOC_WALK_INPUTS:-examples/004-nanguanjiedao.yaml}; do
    walk "$input"
done
