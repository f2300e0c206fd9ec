#!/usr/bin/env bash
# bench/run.sh — `make bench`: speed, memory and size of rendering each
# example with the release build, whole process.  Measured here, never
# asserted in tests.
#   1. per example, RUNS runs (default 21, at least 15): median wall time,
#      median CPU time (user + system), peak RSS, PDF bytes, pages;
#   2. per example, the stage split (medians of `render --bench`);
#   3. the embedded fonts of seed 001 against hb-subset's output for the
#      same characters (deflated): the fonts should cost no more than the
#      glyphs.
# The machine's load is printed with the figures: on a shared machine
# they are worth only as much as it was idle.
set -u
cd "$(dirname "$0")/.."
bin=./nianbao
runs=${RUNS:-21}
[ "$runs" -ge 15 ] || runs=15
tmp=$(mktemp -d /tmp/nianbao-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -x "$bin" ] || { echo "bench: build ./nianbao first (make)" >&2; exit 2; }

/usr/bin/python3 - "$bin" "$runs" "$tmp" examples/*.yaml <<'PY'
import os, re, statistics, subprocess, sys, time
bin, runs, tmp, examples = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
med = statistics.median

def once(example, out):
    """One whole process: wall ms, CPU ms, peak RSS KiB, its --bench line."""
    t0 = time.perf_counter()
    p = subprocess.Popen([bin, 'render', example, '-o', out, '--bench'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode('utf-8', 'replace')
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t0) * 1e3
    if status != 0:
        sys.exit(f'bench: {example} failed:\n{err}')
    line = next((l for l in err.splitlines() if l.startswith('bench: ')), '')
    return wall, (ru.ru_utime + ru.ru_stime) * 1e3, ru.ru_maxrss, line

def stages(line):
    """'name 1.23 ms' pairs of a --bench line."""
    return {k: float(v) for k, v in re.findall(r'([a-z+][a-z+ ]*?) ([0-9.]+) ms', line.replace('(', ', ').replace(')', ''))}

print(f'{runs} runs per example; load before: {" ".join("%.2f" % x for x in os.getloadavg())}')
print(f'{"example":26s} {"pages":>5s} {"wall_ms":>8s} {"cpu_ms":>7s} {"rss_MB":>7s} {"pdf_bytes":>10s}')
splits = {}
for ex in examples:
    name = os.path.basename(ex)[:-5]
    out = os.path.join(tmp, name + '.pdf')
    r = [once(ex, out) for _ in range(runs)]
    pages = int(re.search(r'pages (\d+)', r[0][3]).group(1))
    print(f'{name:26s} {pages:5d} {med(x[0] for x in r):8.2f} {med(x[1] for x in r):7.2f} '
          f'{max(x[2] for x in r) / 1024:7.1f} {os.path.getsize(out):10d}')
    per = [stages(x[3]) for x in r]
    splits[name] = {k: med(p.get(k, 0) for p in per) for k in per[0]}
print(f'load after: {" ".join("%.2f" % x for x in os.getloadavg())}')
print()
print('stage split, ms (medians; "run" is opening fonts, forms and style once per process):')
keys = list(next(iter(splits.values())).keys())
print(f'{"example":26s} ' + ' '.join(f'{k[:11]:>11s}' for k in keys))
for name, s in splits.items():
    print(f'{name:26s} ' + ' '.join(f'{s[k]:11.2f}' for k in keys))
PY

echo
echo "embedded fonts of seed 001 against hb-subset's output for the same characters (deflated):"
"$bin" render examples/001-nanjiaozhen.yaml -o "$tmp/001.pdf" 2>/dev/null
if command -v hb-subset >/dev/null && /usr/bin/python3 -c 'import fitz' 2>/dev/null; then
    /usr/bin/python3 - "$tmp/001.pdf" "$tmp" <<'PY'
import fitz, io, re, subprocess, sys, zlib, os
try:
    from fontTools.cffLib import CFFFontSet
except ImportError:
    CFFFontSet = None
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
    desc = int(doc.xref_get_key(xref, 'DescendantFonts')[1].strip('[]').split()[0])
    fd = int(doc.xref_get_key(desc, 'FontDescriptor')[1].split()[0])
    key = 'FontFile3' if doc.xref_get_key(fd, 'FontFile3')[0] != 'null' else 'FontFile2'
    ff = int(doc.xref_get_key(fd, key)[1].split()[0])
    # Fonts may share one ToUnicode CMap: the codes of this font are the
    # CIDs its CFF program holds (all codes when that cannot be read).
    cids = None
    if key == 'FontFile3' and CFFFontSet:
        cff = CFFFontSet(); cff.decompile(io.BytesIO(doc.xref_stream(ff)), None)
        cids = {int(g[3:]) for g in cff[cff.fontNames[0]].charset if g.startswith('cid')}
    chars = set()
    for code, hexs in re.findall(r'<([0-9A-F]{4})> <([0-9A-F]+)>', cmap):
        if cids is None or int(code, 16) in cids:
            chars.update(bytes.fromhex(hexs).decode('utf-16-be'))
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
