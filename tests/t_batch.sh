#!/usr/bin/env bash
# t_batch.sh — `nianbao batch`: one process, one run context, N threads.
# Each PDF equals a single `render` of its input byte for byte (-j1 and
# -j2); every input is checked before any PDF is written; names are safe
# and unique; a stopped run leaves whole PDFs and no temporary file;
# shards partition the inputs; an up-to-date re-run renders nothing; the
# overview and the JSON summary hold what the reports hold.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin batch
expect() {   # expect NAME WANT_RC GOT_RC [LOG]
    [ "$3" = "$2" ] && ok "$1" || fail "$1: exit $3, expected $2" "${4:-}"
}

export SOURCE_DATE_EPOCH=1700000000
for f in examples/*.yaml; do
    "$bin" render "$f" -o "$tmp/$(basename "$f" .yaml).pdf" 2>/dev/null
done
for j in 1 2; do
    "$bin" batch examples -o "$tmp/j$j" -j $j >"$tmp/out" 2>"$tmp/err"; rc=$?
    expect "batch -j$j over the examples" 0 $rc "$tmp/err"
    same=0
    for f in examples/*.yaml; do
        b=$(basename "$f" .yaml); cmp -s "$tmp/$b.pdf" "$tmp/j$j/$b.pdf" && same=$((same + 1))
    done
    [ $same = 5 ] && ok "-j$j: five PDFs byte-identical to single renders" || fail "-j$j: only $same of 5 identical"
done

# One broken input among good ones: nothing rendered, every error listed.
mkdir -p "$tmp/mixed"; cp examples/*.yaml "$tmp/mixed/"
sed 's/本机关不掌握相关政府信息: \[2, 0, 0, 0, 0, 0, 2\]/本机关不掌握相关政府信息: [5, 0, 0, 0, 0, 0, 2]/' \
    examples/001-nanjiaozhen.yaml >"$tmp/mixed/001-nanjiaozhen.yaml"
echo "机关名称: [" >"$tmp/mixed/009-syntax.yaml"
"$bin" batch "$tmp/mixed" -o "$tmp/none" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "a folder with bad inputs renders none (exit 1)" 1 $rc "$tmp/err"
[ -z "$(ls "$tmp/none" 2>/dev/null)" ] && ok "no PDF written" || fail "PDFs were written: $(ls "$tmp/none")"
grep -q "001-nanjiaozhen.yaml:.*应为 5，实为 2" "$tmp/err" && grep -q "009-syntax.yaml:" "$tmp/err" \
    && ok "the errors of every bad file are listed" || fail "errors not all listed" "$tmp/err"
"$bin" batch "$tmp/mixed" -o "$tmp/some" --keep-going >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "--keep-going still exits 1" 1 $rc "$tmp/err"
[ "$(ls "$tmp/some" | wc -l)" = 4 ] && ok "--keep-going renders the four good ones" || fail "--keep-going: $(ls "$tmp/some" | wc -l) PDFs"

# Names: two inputs, one name; a name with a control character.
mkdir -p "$tmp/a" "$tmp/b"; cp examples/001-nanjiaozhen.yaml "$tmp/a/x.yaml"; cp examples/003-mudanjiedao.yaml "$tmp/b/x.yaml"
"$bin" batch "$tmp/a/x.yaml" "$tmp/b/x.yaml" -o "$tmp/dup" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "two inputs with one output name are refused" 2 $rc "$tmp/err"
grep -q "的输出文件同名（x.pdf）" "$tmp/err" && ok "the clash is named" || fail "clash message" "$tmp/err"
cp examples/001-nanjiaozhen.yaml "$tmp/a/bad$(printf '\033')name.yaml"
"$bin" batch "$tmp/a" -o "$tmp/ctl" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "a name with a control character is refused" 2 $rc "$tmp/err"
[ ! -e "$tmp/ctl/x.pdf" ] && ok "refused before anything is rendered" || fail "rendered despite a bad name"
rm -f "$tmp/a/bad"*

# @LIST, subfolders kept, shards.
mkdir -p "$tmp/city/east" "$tmp/city/west"
for i in $(seq 1 9); do cp examples/00$((i % 5))-*.yaml "$tmp/city/east/e$i.yaml"; cp examples/00$((i % 5))-*.yaml "$tmp/city/west/w$i.yaml"; done
"$bin" batch "$tmp/city" -o "$tmp/cityout" -j2 >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "a folder with subfolders" 0 $rc "$tmp/err"
[ -f "$tmp/cityout/east/e1.pdf" ] && [ -f "$tmp/cityout/west/w9.pdf" ] && ok "subfolders are kept under OUTDIR" || fail "subfolders" "$tmp/err"
for k in 1 2 3; do
    "$bin" batch "$tmp/city" -o "$tmp/shard$k" --shard $k/3 --summary "$tmp/s$k.json" >"$tmp/out" 2>"$tmp/err" || fail "shard $k/3" "$tmp/err"
done
if "$py" - "$tmp" <<'PY'
import json, sys, collections
t = sys.argv[1]
seen = collections.Counter(r['input'] for k in (1, 2, 3) for r in json.load(open(f'{t}/s{k}.json'))['reports'])
sys.exit(0 if len(seen) == 18 and set(seen.values()) == {1} else 1)
PY
then ok "shards 1/3 2/3 3/3 cover each of 18 inputs exactly once"; else fail "shards do not partition the inputs"; fi
ls "$tmp/city"/*/*.yaml >"$tmp/list"
"$bin" batch "@$tmp/list" -o "$tmp/listout" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "@LIST of 18 inputs" 0 $rc "$tmp/err"
[ "$(ls "$tmp/listout" | wc -l)" = 18 ] && ok "@LIST names are the files' base names" || fail "@LIST outputs: $(ls "$tmp/listout" | wc -l)"

# Up to date: a re-run renders nothing; a changed input is redone; --force redoes all.
"$bin" batch "$tmp/city" -o "$tmp/cityout" --summary "$tmp/again.json" >"$tmp/out" 2>"$tmp/err"
"$py" -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; sys.exit(0 if t["done"]==0 and t["up_to_date"]==18 else 1)' "$tmp/again.json" \
    && ok "an up-to-date re-run renders nothing" || fail "re-run rendered again" "$tmp/again.json"
sleep 0.05; touch "$tmp/city/east/e3.yaml"
"$bin" batch "$tmp/city" -o "$tmp/cityout" --summary "$tmp/again.json" >"$tmp/out" 2>"$tmp/err"
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); done=[r["input"] for r in d["reports"] if r["state"]=="done"]; sys.exit(0 if len(done)==1 and done[0].endswith("e3.yaml") else 1)' "$tmp/again.json" \
    && ok "a changed input alone is rendered again" || fail "changed input" "$tmp/again.json"
"$bin" batch "$tmp/city" -o "$tmp/cityout" --force --summary "$tmp/again.json" >"$tmp/out" 2>"$tmp/err"
"$py" -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; sys.exit(0 if t["done"]==18 else 1)' "$tmp/again.json" \
    && ok "--force renders everything" || fail "--force" "$tmp/again.json"

# Stopped in the middle: exit 128+15, no temporary file, every PDF whole.
mkdir -p "$tmp/many"
for i in $(seq 1 60); do cp examples/00$((i % 5))-*.yaml "$tmp/many/r$i.yaml"; done
"$bin" batch "$tmp/many" -o "$tmp/manyout" -j2 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 200); do [ "$(ls "$tmp/manyout" 2>/dev/null | grep -c pdf)" -ge 2 ] && break; sleep 0.02; done
kill -TERM $pid; wait $pid; rc=$?
expect "SIGTERM stops the batch with 143" 143 $rc "$tmp/err"
ls "$tmp/manyout" | grep -q tmp && fail "a temporary file was left: $(ls "$tmp/manyout" | grep tmp)" || ok "no temporary file left"
count=$(ls "$tmp/manyout"/*.pdf | wc -l); broken=0
for p in "$tmp/manyout"/*.pdf; do qpdf --check "$p" >/dev/null 2>&1 || broken=$((broken + 1)); done
[ "$broken" = 0 ] && [ "$count" -lt 60 ] && ok "stopped after $count of 60, every PDF whole" || fail "$broken broken PDFs of $count"
"$bin" batch "$tmp/many" -o "$tmp/manyout" -j2 --summary "$tmp/rest.json" >"$tmp/out" 2>"$tmp/err"
"$py" -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; sys.exit(0 if t["done"]+t["up_to_date"]==60 and t["up_to_date"]==int(sys.argv[2]) else 1)' "$tmp/rest.json" "$count" \
    && ok "the re-run after the stop renders only the rest" || fail "resume" "$tmp/rest.json"

# The overview: one row per body and the totals.
"$bin" batch examples -o "$tmp/ov" --overview "$tmp/ov/汇总.pdf" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "--overview" 0 $rc "$tmp/err"
if pdftotext -layout "$tmp/ov/汇总.pdf" - >"$tmp/ov.txt" 2>/dev/null && grep -q '南郊镇 *4 ' "$tmp/ov.txt" && grep -q '合计 *4 ' "$tmp/ov.txt" \
   && [ "$(grep -c '街道\|镇\|保税区' "$tmp/ov.txt")" -ge 5 ]; then ok "the overview lists every body and the totals"
else fail "overview content" "$tmp/ov.txt"; fi
qpdf --check "$tmp/ov/汇总.pdf" >/dev/null 2>&1 && ok "the overview is a clean PDF" || fail "overview qpdf"

# sum: the district's tables are the cell-wise sum of its units'.
"$bin" sum tests/reports/001-huaian-2024.yaml tests/reports/003-hongze-2024.yaml -o "$tmp/汇总.yaml" --body 测试市 >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "sum of two reports" 0 $rc "$tmp/err"
"$bin" check "$tmp/汇总.yaml" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "the sum passes check" 0 $rc "$tmp/err"
if "$py" - tests/reports/001-huaian-2024.yaml tests/reports/003-hongze-2024.yaml "$tmp/汇总.yaml" <<'PY'
import sys, yaml
def flat(node, path=''):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from flat(v, f"{path}.{str(k).split('、')[0]}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield f'{path}[{i}]', float(v)
    else:
        yield path, float(node)
a, b, s = (yaml.safe_load(open(p, encoding='utf-8')) for p in sys.argv[1:])
n = 0
for t in ('表二', '表三', '表四'):
    fa, fb, fs = (dict(flat(d[t])) for d in (a, b, s))
    for k, v in fs.items():
        if abs(fa.get(k, 0) + fb.get(k, 0) - v) > 1e-9:
            print('cell', t, k, fa.get(k), fb.get(k), v); sys.exit(1)
        n += 1
sys.exit(0 if n > 150 else 1)
PY
then ok "every cell of the sum is the sum of the units' cells"; else fail "sum cells"; fi
"$bin" sum examples/001-nanjiaozhen.yaml examples/004-nanguanjiedao.yaml -o "$tmp/bad.yaml" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "units of different years are not summed" 1 $rc "$tmp/err"
[ ! -e "$tmp/bad.yaml" ] && ok "no file written for units that cannot be summed" || fail "a file was written"

# --proof: every proof equals `render --proof` of its input, under its own name.
"$bin" batch examples -o "$tmp/proofs" --proof -j2 >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "batch --proof over the examples" 0 $rc "$tmp/err"
same=0
for f in examples/*.yaml; do
    b=$(basename "$f" .yaml)
    "$bin" render "$f" --proof -o "$tmp/single-proof.pdf" 2>/dev/null
    cmp -s "$tmp/single-proof.pdf" "$tmp/proofs/$b-校样.pdf" && same=$((same + 1))
done
[ $same = 5 ] && ok "five proofs (NAME-校样.pdf) byte-identical to render --proof" || fail "only $same of 5 proofs identical"
mkdir -p "$tmp/incons"; cp tests/reports/002-hongze-2023.yaml examples/001-nanjiaozhen.yaml "$tmp/incons/"
"$bin" batch "$tmp/incons" -o "$tmp/incons-out" --proof >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "a proof of inconsistent data needs --allow-inconsistent" 1 $rc "$tmp/err"
"$bin" batch "$tmp/incons" -o "$tmp/incons-out" --proof --allow-inconsistent >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "batch --proof --allow-inconsistent" 0 $rc "$tmp/err"
[ -f "$tmp/incons-out/002-hongze-2023-校样.pdf" ] && ok "the inconsistent report gets its proof" || fail "no proof for 002"
"$bin" batch "$tmp/incons" -o "$tmp/incons-final" --allow-inconsistent >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "--allow-inconsistent without --proof is refused" 2 $rc "$tmp/err"

# --previous DIR: last year's files matched by name (or by the name with last year's year).
mkdir -p "$tmp/y2022" "$tmp/y2021"
sed 's/^年度: 2021/年度: 2022/' examples/001-nanjiaozhen.yaml >"$tmp/y2022/南郊镇2022.yaml"
cp examples/001-nanjiaozhen.yaml "$tmp/y2021/南郊镇2021.yaml"
"$bin" batch "$tmp/y2022" -o "$tmp/y-out" --previous "$tmp/y2021" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "--previous DIR catches a carry-over unlike last year's" 1 $rc "$tmp/err"
grep -q '南郊镇2022.yaml:39:[0-9]*: 错误: 表三「二、上年结转政府信息公开申请数量」×「自然人」应为 1，实为 0' "$tmp/err" \
    && ok "the carry-over cell is named, found by the name with last year's year" || fail "carry-over message" "$tmp/err"
sed -i 's/^  上年结转政府信息公开申请数量: \[0, 0, 0, 0, 0, 0, 0\]/  上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]/; s/^  结转下年度继续办理: \[1, 0, 0, 0, 0, 0, 1\]/  结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]/' "$tmp/y2022/南郊镇2022.yaml"
"$bin" batch "$tmp/y2022" -o "$tmp/y-out" --previous "$tmp/y2021" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect "--previous DIR passes when the years agree" 0 $rc "$tmp/err"
rm "$tmp/y2021/南郊镇2021.yaml"
"$bin" batch "$tmp/y2022" -o "$tmp/y-out2" --previous "$tmp/y2021" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && grep -q '没有找到上年的报告' "$tmp/err" && ok "a missing last-year file is a warning" || fail "missing last year: exit $rc" "$tmp/err"

# The summary table lines up when names are Chinese (two columns a character).
mkdir -p "$tmp/cn"
cp examples/001-nanjiaozhen.yaml "$tmp/cn/南郊镇.yaml"
cp examples/003-mudanjiedao.yaml "$tmp/cn/牡丹街道办事处.yaml"
cp examples/000-nanqujiedao.yaml "$tmp/cn/"
"$bin" batch "$tmp/cn" -o "$tmp/cn-out" >"$tmp/out" 2>"$tmp/err"; rc=$?
cols=$(grep -E '^(文件|/.*\.yaml) ' "$tmp/err" | $py -c '
import sys, unicodedata
def cols(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [l.rstrip("\n") for l in sys.stdin]
# the column where the second field (页数 / the page count) ends
ends = set()
for r in rows:
    name, rest = (r[:2], r[2:]) if r.startswith("文件") else r.split(".yaml", 1)
    name = name if r.startswith("文件") else name + ".yaml"
    field = rest.lstrip(" ").split(" ")[0]
    ends.add(cols(name) + len(rest) - len(rest.lstrip(" ")) + cols(field))
print(len(rows), len(ends))')
[ $rc = 0 ] && [ "$cols" = "4 1" ] && ok "summary table aligned with Chinese file names" || fail "summary table: exit $rc, rows/ends $cols" "$tmp/err"

# The overview names the reports it leaves out, and a long body name reads on one line.
mkdir -p "$tmp/ov2"; cp examples/*.yaml tests/reports/003-hongze-2024.yaml "$tmp/ov2/"
echo "机关名称: [" >"$tmp/ov2/009-broken.yaml"
"$bin" batch "$tmp/ov2" -o "$tmp/ov2-out" --keep-going --overview "$tmp/ov2.pdf" >"$tmp/out" 2>"$tmp/err"; rc=$?
pdftotext -layout "$tmp/ov2.pdf" "$tmp/ov2.txt" 2>/dev/null
[ $rc = 1 ] && grep -q "未计入本表：009-broken（数据有误）" "$tmp/ov2.txt" && grep -q "未计入 1 份" "$tmp/err" \
    && ok "the overview names the report it leaves out" || fail "overview note: exit $rc" "$tmp/ov2.txt"
grep -q '淮安市洪泽区人民政府 ' "$tmp/ov2.txt" && grep -q '牡丹江市西安区牡丹街道 ' "$tmp/ov2.txt" \
    && ok "long body names on one line in the overview" || fail "overview names wrapped" "$tmp/ov2.txt"
