#!/usr/bin/env bash
# t_render.sh — whole reports, judged from the PDF alone.  Every example is
# rendered and held against the independent judge (shared/tools/pdfcheck)
# and the readers' tools (qpdf, pdffonts, pdftoppm); a changed number must
# reach its table cell (checked by the judge with changed expectations, and
# the unchanged expectations must then fail); output is deterministic; bad
# data writes no PDF and leaves an existing one untouched.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin render
shared=$(cd .. && pwd)/shared
judge=$shared/tools/pdfcheck/pdfcheck.py
have_judge() { [ -f "$judge" ] && "$py" -c 'import fitz' 2>/dev/null; }

# The judge is part of the test: without it (../shared/tools/pdfcheck and
# PyMuPDF) or without an expectation, a judged test fails, never skips.
judge_pdf() {   # judge_pdf NAME PDF EXPECTED
    if ! have_judge; then fail "$1: the judge is missing ($judge with PyMuPDF)"; return; fi
    if [ ! -f "${3:-}" ]; then fail "$1: no expectation for the judge"; return; fi
    if "$py" "$judge" "$2" "$3" >"$tmp/judge.txt" 2>&1; then ok "$1: $(tail -n 1 "$tmp/judge.txt")"
    else fail "$1" "$tmp/judge.txt"; fi
}

readers_pdf() {   # readers_pdf NAME PDF: what a reader's tools say
    if qpdf --check "$2" >"$tmp/qpdf.txt" 2>&1; then ok "$1: qpdf --check clean"; else fail "$1: qpdf" "$tmp/qpdf.txt"; fi
    if pdffonts "$2" 2>/dev/null | awk 'NR>2 && ($(NF-4)!="yes" || $(NF-3)!="yes" || $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/ || $0 !~ /Identity-H/) {bad=1} END {exit bad}'
    then ok "$1: every font embedded, subset, Identity-H"; else fail "$1: pdffonts"; fi
    if [ -z "$(pdftoppm -r 30 -png "$2" "$tmp/pg" 2>&1)" ]; then ok "$1: pdftoppm renders silently"
    else fail "$1: pdftoppm warnings"; fi
    rm -f "$tmp"/pg*
}

for f in examples/*.yaml; do
    name=$(basename "$f" .yaml); num=${name%%-*}
    if "$bin" render "$f" -o "$tmp/$name.pdf" 2>"$tmp/err.txt"; then ok "render $name"; else fail "render $name" "$tmp/err.txt"; continue; fi
    exp=$(ls "$shared"/tools/pdfcheck/expected/"${num}"_*.json 2>/dev/null | head -n 1)
    judge_pdf "judge $name" "$tmp/$name.pdf" "$exp"
    readers_pdf "$name" "$tmp/$name.pdf"
done

for r in 001-huaian-2024:001_huaian_2024 003-hongze-2024:003_hongze_2024; do
    name=${r%%:*}
    if "$bin" render "tests/reports/$name.yaml" -o "$tmp/$name.pdf" 2>"$tmp/err.txt"; then ok "render report $name"
    else fail "render report $name" "$tmp/err.txt"; continue; fi
    judge_pdf "judge report $name" "$tmp/$name.pdf" "$shared/reports/${r##*:}.json"
done

# The 2023 Hongze report breaks Table 4's rules: no PDF, and a PDF already
# at that path stays as it was.
cp "$tmp/001-nanjiaozhen.pdf" "$tmp/keep.pdf"; sum=$(md5sum <"$tmp/keep.pdf")
"$bin" render tests/reports/002-hongze-2023.yaml -o "$tmp/keep.pdf" 2>"$tmp/err.txt"; rc=$?
[ $rc = 1 ] && ok "inconsistent report refused (exit 1)" || fail "inconsistent report: exit $rc" "$tmp/err.txt"
[ "$(md5sum <"$tmp/keep.pdf")" = "$sum" ] && ok "existing PDF left untouched" || fail "existing PDF was changed"
ls "$tmp"/keep.pdf.tmp.* >/dev/null 2>&1 && fail "temporary file left behind" || ok "no temporary file left behind"

# Round trip: 7 more applications from 商业企业, all answered 予以公开.
sed -E -e 's/^(  本年新收政府信息公开申请数量: )\[4, 0,/\1[4, 7,/; s/^(  本年新收政府信息公开申请数量: .*), 4\]$/\1, 11]/' \
       -e 's/^(    予以公开: )\[0, 0, 0, 0, 0, 0, 0\]/\1[0, 7, 0, 0, 0, 0, 7]/' \
       -e 's/^(    总计: )\[3, 0, 0, 0, 0, 0, 3\]/\1[3, 7, 0, 0, 0, 0, 10]/' \
       examples/001-nanjiaozhen.yaml >"$tmp/changed.yaml"
exp001=$(ls "$shared"/tools/pdfcheck/expected/001_*.json 2>/dev/null | head -n 1)
if "$bin" render "$tmp/changed.yaml" -o "$tmp/changed.pdf" 2>"$tmp/err.txt"; then ok "render changed numbers"
else fail "render changed numbers" "$tmp/err.txt"; fi
if ! have_judge || [ -z "$exp001" ]; then
    fail "changed numbers: the judge or its expectation for 001 is missing"
else
    "$py" - "$exp001" "$tmp/changed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d['table3'][0] = [4, 7, 0, 0, 0, 0, 11]
d['table3'][2] = [0, 7, 0, 0, 0, 0, 7]
d['table3'][23] = [3, 7, 0, 0, 0, 0, 10]
json.dump(d, open(sys.argv[2], 'w'), ensure_ascii=False)
PY
    judge_pdf "changed numbers are in their cells" "$tmp/changed.pdf" "$tmp/changed.json"
    if "$py" "$judge" "$tmp/changed.pdf" "$exp001" >"$tmp/judge.txt" 2>&1; then fail "the old numbers still pass: the check cannot fail"
    else grep -q '^FAIL table3: numbers' "$tmp/judge.txt" && ok "the old numbers fail the Table 3 check" || fail "unexpected judge result" "$tmp/judge.txt"; fi
fi

# Deterministic output, with and without SOURCE_DATE_EPOCH.
"$bin" render examples/000-nanqujiedao.yaml -o "$tmp/a.pdf" 2>/dev/null
"$bin" render examples/000-nanqujiedao.yaml -o "$tmp/b.pdf" 2>/dev/null
cmp -s "$tmp/a.pdf" "$tmp/b.pdf" && ok "identical input, identical bytes" || fail "output differs between runs"
SOURCE_DATE_EPOCH=1642118400 "$bin" render examples/000-nanqujiedao.yaml -o "$tmp/c.pdf" 2>/dev/null
SOURCE_DATE_EPOCH=1642118400 "$bin" render examples/000-nanqujiedao.yaml -o "$tmp/d.pdf" 2>/dev/null
cmp -s "$tmp/c.pdf" "$tmp/d.pdf" && grep -aq 'CreationDate (D:20220114' "$tmp/c.pdf" \
    && ok "SOURCE_DATE_EPOCH sets the date, output still identical" || fail "SOURCE_DATE_EPOCH"

# A second page style is data: the compact style sets fewer pages.
if "$bin" render examples/000-nanqujiedao.yaml -o "$tmp/compact.pdf" --layout compact 2>"$tmp/err.txt"; then
    pa=$(qpdf --show-npages "$tmp/a.pdf"); pc=$(qpdf --show-npages "$tmp/compact.pdf")
    [ "$pc" -lt "$pa" ] && ok "compact style: $pc pages instead of $pa" || fail "compact style: $pc pages, default $pa"
else fail "render --layout compact" "$tmp/err.txt"; fi
readers_pdf "compact" "$tmp/compact.pdf"

# Text comes back exactly (pdftotext, whitespace aside) for every paragraph.
if "$py" - "$tmp/001-nanjiaozhen.pdf" examples/001-nanjiaozhen.yaml <<'PY'
import re, subprocess, sys
text = re.sub(r'\s+', '', subprocess.run(['pdftotext', '-enc', 'UTF-8', sys.argv[1], '-'], capture_output=True, text=True).stdout)
missing = [l.strip()[2:] for l in open(sys.argv[2], encoding='utf-8') if l.startswith('  - ') and len(l) > 40 and re.sub(r'\s+', '', l.strip()[2:]) not in text]
sys.exit(1 if missing else 0)
PY
then ok "pdftotext gives back every paragraph of 001"; else fail "pdftotext round trip"; fi

# A city's five-digit counts must not break inside Table 3's narrow columns.
"$py" - tests/reports/001-huaian-2024.yaml "$tmp/big.yaml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
s = s.replace('本年新收政府信息公开申请数量: [3001, 53, 0, 0, 61, 4, 3119]', '本年新收政府信息公开申请数量: [30001, 53, 0, 0, 61, 4, 30119]')
m = re.search(r'结转下年度继续办理: \[(\d+), (.*), (\d+)\]', s)
s = s.replace(m.group(0), '结转下年度继续办理: [%d, %s, %d]' % (int(m.group(1)) + 27000, m.group(2), int(m.group(3)) + 27000))
open(sys.argv[2], 'w', encoding='utf-8').write(s)
PY
if "$bin" render "$tmp/big.yaml" -o "$tmp/big.pdf" 2>"$tmp/err.txt" &&
   pdftotext -layout "$tmp/big.pdf" - | grep '本年新收政府信息公开申请数量' | grep -q '30001 .* 30119'
then ok "five-digit counts stay whole in their cells"; else fail "five-digit counts" "$tmp/err.txt"; fi
