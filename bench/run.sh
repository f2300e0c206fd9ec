#!/usr/bin/env bash
# bench/run.sh — `make bench`: speed, memory and size of rendering the
# examples with the release build.  Measured here, never asserted in tests.
#   1. per example: whole-process wall time (best and mean of N runs),
#      pages, pages per second, peak RSS, PDF size;
#   2. seed 001's text path split by stage (render --bench);
#   3. the embedded fonts against hb-subset's own output for the same
#      characters (deflated): the fonts should cost no more than the glyphs.
set -u
cd "$(dirname "$0")/.."
bin=./nianbao
runs=${RUNS:-20}
tmp=$(mktemp -d /tmp/nianbao-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -x "$bin" ] || { echo "bench: build ./nianbao first (make)" >&2; exit 2; }

ms_now() { date +%s%N; }
printf '%-32s %6s %9s %9s %8s %9s %9s\n' example pages best_ms mean_ms pages/s rss_MB pdf_KB
for f in examples/*.yaml; do
    name=$(basename "$f" .yaml); out="$tmp/$name.pdf"
    best=999999999; total=0
    for _ in $(seq "$runs"); do
        t0=$(ms_now); "$bin" render "$f" -o "$out" 2>/dev/null; t1=$(ms_now)
        d=$(( (t1 - t0) / 1000 )); total=$((total + d)); [ $d -lt $best ] && best=$d
    done
    pages=$(qpdf --show-npages "$out" 2>/dev/null || echo 0)
    rss=$(/usr/bin/time -f %M "$bin" render "$f" -o "$out" 2>&1 >/dev/null | tail -n 1)
    size=$(stat -c %s "$out")
    awk -v n="$name" -v p="$pages" -v b="$best" -v t="$total" -v r="$runs" -v m="$rss" -v s="$size" \
        'BEGIN { printf "%-32s %6d %9.1f %9.1f %8.1f %9.1f %9.1f\n", n, p, b/1000, t/r/1000, p/(t/r/1e6), m/1024, s/1024 }'
done

echo
echo "seed 001, stage by stage (one run):"
"$bin" render examples/001-nanjiaozhen.yaml -o "$tmp/001.pdf" --bench 2>&1 | grep '^bench' | sed 's/^bench: /  /; s/, /\n  /g'

echo
echo "embedded fonts of seed 001 against hb-subset's output for the same characters (deflated):"
if command -v hb-subset >/dev/null && /usr/bin/python3 -c 'import fitz' 2>/dev/null; then
    /usr/bin/python3 - "$tmp/001.pdf" "$tmp" <<'PY'
import fitz, re, subprocess, sys, zlib, os
pdf, tmp = sys.argv[1], sys.argv[2]
doc = fitz.open(pdf)
fonts_dir = 'fonts'
total_ours = total_ref = 0
for xref in range(1, doc.xref_length()):
    if doc.xref_get_key(xref, 'Subtype')[1] != '/Type0':
        continue
    base = doc.xref_get_key(xref, 'BaseFont')[1].lstrip('/')
    tu = int(doc.xref_get_key(xref, 'ToUnicode')[1].split()[0])
    cmap = doc.xref_stream(tu).decode()
    chars = set()
    for hexs in re.findall(r'<[0-9A-F]{4}> <([0-9A-F]+)>', cmap):
        chars.update(bytes.fromhex(hexs).decode('utf-16-be'))
    desc = int(doc.xref_get_key(xref, 'DescendantFonts')[1].strip('[]').split()[0])
    fd = int(doc.xref_get_key(desc, 'FontDescriptor')[1].split()[0])
    key = 'FontFile3' if doc.xref_get_key(fd, 'FontFile3')[0] != 'null' else 'FontFile2'
    ff = int(doc.xref_get_key(fd, key)[1].split()[0])
    ours = len(doc.xref_stream_raw(ff))
    src = os.path.join(fonts_dir, base.split('+')[1] + '.otf')
    if not os.path.exists(src):
        print(f"  {base}: {ours/1024:.1f} KB (no source font to compare)"); continue
    out = os.path.join(tmp, 'ref.otf')
    subprocess.run(['hb-subset', src, '--no-hinting', '--desubroutinize',
                    '--unicodes=' + ','.join('%X' % ord(c) for c in sorted(chars)), '-o', out],
                   check=True, capture_output=True)
    ref = len(zlib.compress(open(out, 'rb').read(), 6))
    total_ours += ours; total_ref += ref
    print(f"  {base:32s} {len(chars):4d} chars  embedded {ours/1024:7.1f} KB  hb-subset {ref/1024:7.1f} KB  ratio {ours/ref:.3f}")
print(f"  all fonts: embedded {total_ours/1024:.1f} KB, hb-subset {total_ref/1024:.1f} KB, ratio {total_ours/max(total_ref,1):.3f}")
PY
else
    echo "  (needs hb-subset from libharfbuzz-bin and python3-fitz)"
fi
