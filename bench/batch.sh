#!/usr/bin/env bash
# bench/batch.sh — part of `make bench`: a district-sized batch.  200
# reports (the five examples under 40 body names each) rendered by one
# `nianbao batch` process with -j1 and -j2, and as 200 separate `render`
# processes; reports per second and peak RSS of each.  Measured here,
# never asserted in tests.
set -u
cd "$(dirname "$0")/.."
bin=./nianbao
tmp=$(mktemp -d /tmp/nianbao-bench-batch.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -x "$bin" ] || { echo "bench: build ./nianbao first (make)" >&2; exit 2; }
mkdir -p "$tmp/in"
for f in examples/*.yaml; do
    body=$(sed -n 's/^机关名称: *//p' "$f" | head -n 1)
    for i in $(seq -w 1 40); do
        sed "s/$body/第${i}街道办事处/g" "$f" >"$tmp/in/$(basename "$f" .yaml)-$i.yaml"
    done
done
count=$(ls "$tmp/in" | wc -l)
ms_now() { date +%s%N; }
report() {   # report LABEL START_NS END_NS RSS_KB
    awk -v l="$1" -v s="$2" -v e="$3" -v m="$4" -v n="$count" \
        'BEGIN { t = (e - s) / 1e9; printf "  %-28s %4d reports %7.2f s %8.1f reports/s  peak RSS %6.1f MB\n", l, n, t, n / t, m / 1024 }'
}
echo "batch of $count reports ($(nproc) cores):"
for j in 1 2; do
    rm -rf "$tmp/out"
    t0=$(ms_now)
    rss=$(/usr/bin/time -f %M "$bin" batch "$tmp/in" -o "$tmp/out" -j $j 2>&1 >/dev/null | tail -n 1)
    t1=$(ms_now)
    report "nianbao batch -j$j" "$t0" "$t1" "$rss"
done
rm -rf "$tmp/out"; mkdir -p "$tmp/out"
t0=$(ms_now); peak=0
for f in "$tmp"/in/*.yaml; do
    r=$(/usr/bin/time -f %M "$bin" render "$f" -o "$tmp/out/$(basename "$f" .yaml).pdf" 2>&1 >/dev/null | tail -n 1)
    [ "$r" -gt "$peak" ] && peak=$r
done
t1=$(ms_now)
report "$count render processes" "$t0" "$t1" "$peak"
