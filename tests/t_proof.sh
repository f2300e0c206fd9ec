#!/usr/bin/env bash
# t_proof.sh — proofs for sign-off, the cross-year check and text against
# tables, asserted from the PDFs (tests/proofcheck.py, PyMuPDF) and the
# command line.  For every example: the proof's body has the final PDF's
# words at the same places on the same pages and no other text but the
# footer (the watermark is no text); every page has the watermark and the
# footer; the sign-off sheet and the data check follow, which lists every
# rule of the form.  An inconsistent copy of an example gives exit 1 and no
# PDF, but a proof with its cell highlighted under --allow-inconsistent;
# --previous catches a planted carry-over mismatch; the 17-versus-95
# mismatch of tests/reports/003 is reported by check and on the proof.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin proof
pc="$py tests/proofcheck.py"
export SOURCE_DATE_EPOCH=1764547200
# check NAME CMD...: ok when CMD succeeds; its output becomes the detail
check() { local name=$1; shift; if "$@" >"$tmp/out.txt" 2>&1; then ok "$name: $(tail -n 1 "$tmp/out.txt")"; else fail "$name" "$tmp/out.txt"; fi; }
# The 2021 form expands to 42 rules: 25 rows and 2 × 7 columns of 表三, 3 rows of 表四.
RULES=42

fnv() { "$py" -c 'import sys
h = 0xcbf29ce484222325
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
print("%016x" % h)' "$1"; }
pages() { "$py" -c 'import fitz, sys; print(fitz.open(sys.argv[1]).page_count)' "$1"; }

if ! "$py" -c 'import fitz' 2>/dev/null; then
    echo "not ok 1 - python3-fitz is missing (.ci/setup installs it)"; exit 0
fi

# ---- every example: final and proof --------------------------------------------
for f in examples/*.yaml; do
    name=$(basename "$f" .yaml)
    if ! "$bin" render "$f" -o "$tmp/$name.pdf" 2>"$tmp/err.txt" ||
       ! "$bin" render "$f" --proof -o "$tmp/$name.proof.pdf" 2>"$tmp/err.txt"; then
        fail "render $name and its proof" "$tmp/err.txt"; continue
    fi
    body=$(pages "$tmp/$name.pdf")
    check "$name: proof body = final body" $pc same-body "$tmp/$name.pdf" "$tmp/$name.proof.pdf"
    check "$name: watermark, footer, sign-off, data check" \
        $pc decorated "$tmp/$name.proof.pdf" "$body" "$(fnv "$f")" "$name.yaml"
    check "$name: the data check lists all $RULES rules, each marked" \
        $pc rules "$tmp/$name.proof.pdf" "$body" "$RULES"
done

# The comparison can fail: a proof in another page style is not the final's body.
ex=examples/001-nanjiaozhen.yaml
"$bin" render "$ex" --proof --layout compact -o "$tmp/compact.proof.pdf" 2>/dev/null
if $pc same-body "$tmp/001-nanjiaozhen.pdf" "$tmp/compact.proof.pdf" >"$tmp/out.txt"; then
    fail "same-body tells a different layout apart" "$tmp/out.txt"
else ok "same-body tells a different layout apart: $(cat "$tmp/out.txt")"; fi

# ---- line numbers --------------------------------------------------------------------
if "$bin" render "$ex" --proof --line-numbers -o "$tmp/lines.pdf" 2>"$tmp/err.txt"; then
    check "--line-numbers: body unchanged" $pc same-body "$tmp/001-nanjiaozhen.pdf" "$tmp/lines.pdf" --line-numbers
    check "--line-numbers: page 1 numbered in the margin" $pc margin "$tmp/lines.pdf" 1 15
else fail "render --proof --line-numbers" "$tmp/err.txt"; fi
"$bin" render "$ex" --line-numbers -o "$tmp/x.pdf" 2>"$tmp/err.txt"
rc=$?
if [ $rc -eq 2 ] && [ ! -e "$tmp/x.pdf" ] && grep -q -- '--proof' "$tmp/err.txt"; then
    ok "--line-numbers without --proof: exit 2"
else fail "--line-numbers without --proof: exit $rc" "$tmp/err.txt"; fi

# ---- inconsistent data ------------------------------------------------------------------
# 001 with 一's 总计 written 5 for parts that make 4: two rules break, one cell is blamed.
sed 's/^  本年新收政府信息公开申请数量: \[4, 0, 0, 0, 0, 0, 4\]/  本年新收政府信息公开申请数量: [4, 0, 0, 0, 0, 0, 5]/' \
    "$ex" >"$tmp/bad.yaml"
cmp -s "$ex" "$tmp/bad.yaml" && fail "fixture: the planted error did not apply"
"$bin" render "$tmp/bad.yaml" -o "$tmp/bad.pdf" 2>"$tmp/err.txt"
rc=$?
if [ $rc -eq 1 ] && [ ! -e "$tmp/bad.pdf" ]; then ok "inconsistent data: exit 1, no final PDF"
else fail "inconsistent data: exit $rc" "$tmp/err.txt"; fi
"$bin" render "$tmp/bad.yaml" --proof -o "$tmp/bad.pdf" 2>"$tmp/err.txt"
rc=$?
if [ $rc -eq 1 ] && [ ! -e "$tmp/bad.pdf" ]; then ok "inconsistent data, --proof alone: exit 1, no proof"
else fail "inconsistent data, --proof alone: exit $rc" "$tmp/err.txt"; fi
if "$bin" render "$tmp/bad.yaml" --proof --allow-inconsistent -o "$tmp/bad.pdf" 2>"$tmp/err.txt"; then
    ok "inconsistent data, --proof --allow-inconsistent: a proof"
    check "the blamed cell is tinted" $pc tinted "$tmp/bad.pdf" 1
    body=$(pages "$tmp/001-nanjiaozhen.pdf")
    check "the cell shows its expected value; the check page lists the broken rules" \
        $pc words "$tmp/bad.pdf" 0 "应为4"
    check "the data check says how many do not hold" \
        $pc words "$tmp/bad.pdf" $((body + 2)) "勾稽关系（表格内各项之和）：共 $RULES 项，2 项不一致" "（应为 4）"
else fail "inconsistent data, --proof --allow-inconsistent" "$tmp/err.txt"; fi
"$bin" render "$tmp/bad.yaml" --allow-inconsistent -o "$tmp/x.pdf" 2>/dev/null
rc=$?
if [ $rc -eq 2 ] && [ ! -e "$tmp/x.pdf" ]; then ok "--allow-inconsistent never makes a final PDF (exit 2)"
else fail "--allow-inconsistent without --proof: exit $rc"; fi

# The published report 002: Table 4's totals printed 0.
r2=tests/reports/002-hongze-2023.yaml
if "$bin" render "$r2" --proof --allow-inconsistent -o "$tmp/r2.pdf" 2>"$tmp/err.txt"; then
    check "002: Table 4's two wrong totals tinted" $pc tinted "$tmp/r2.pdf" 2
    check "002: their expected values in the cells" $pc words "$tmp/r2.pdf" 0 "应为11" "应为5"
else fail "002: --proof --allow-inconsistent" "$tmp/err.txt"; fi

# ---- the previous year ------------------------------------------------------------------
# 001 (2021) carries 1 into 2022; a 2022 copy that carries in 0 breaks the link.
sed 's/^年度: 2021/年度: 2022/' "$ex" >"$tmp/2022.yaml"
"$bin" check "$tmp/2022.yaml" --previous "$ex" 2>"$tmp/err.txt"
rc=$?
if [ $rc -eq 1 ] && grep -q '2022.yaml:39:[0-9]*: 错误: 表三「二、上年结转政府信息公开申请数量」×「自然人」应为 1，实为 0' "$tmp/err.txt"
then ok "--previous: check catches the planted carry-over mismatch (exit 1, line 39)"
else fail "--previous: check exit $rc" "$tmp/err.txt"; fi
"$bin" render "$tmp/2022.yaml" --previous "$ex" -o "$tmp/2022.pdf" 2>"$tmp/err.txt"
rc=$?
if [ $rc -eq 1 ] && [ ! -e "$tmp/2022.pdf" ]; then ok "--previous: no final PDF from a broken carry-over"
else fail "--previous: render exit $rc" "$tmp/err.txt"; fi
if "$bin" render "$tmp/2022.yaml" --previous "$ex" --proof -o "$tmp/2022.pdf" 2>"$tmp/err.txt"; then
    check "--previous: the proof tints the two carried-in cells" $pc tinted "$tmp/2022.pdf" 2
    check "--previous: the proof lists the mismatch and last year's figures" \
        $pc words "$tmp/2022.pdf" 0 \
        "与上年报告衔接（上年结转）：共 7 项，2 项不一致" "本年二=0；上年（2021年度）四=1（应为1）" "本年与上年（2021 年度）数字对照"
else fail "--previous: the proof" "$tmp/err.txt"; fi
# Carried in as last year carried out (and the year's own rules kept): no complaint.
sed -e 's/^年度: 2021/年度: 2022/' \
    -e 's/^  上年结转政府信息公开申请数量: \[0, 0, 0, 0, 0, 0, 0\]/  上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]/' \
    -e 's/^  结转下年度继续办理: \[1, 0, 0, 0, 0, 0, 1\]/  结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]/' "$ex" >"$tmp/2022ok.yaml"
check "--previous: a matching carry-over passes" "$bin" check "$tmp/2022ok.yaml" --previous "$ex"
check "--previous: 003 (2024) after 002 (2023), the same body, passes" \
    "$bin" check tests/reports/003-hongze-2024.yaml --previous "$r2"

# ---- text against tables -----------------------------------------------------------------
r3=tests/reports/003-hongze-2024.yaml
"$bin" check "$r3" 2>"$tmp/err.txt"
rc=$?
if [ $rc -eq 0 ] && grep -q '003-hongze-2024.yaml:14:5: 警告: 正文与表格不一致：.*申请17件」写 17，表三「一、本年新收政府信息公开申请数量」×「总计」为 95' "$tmp/err.txt"
then ok "003: check warns 17 in the text against 95 in Table 3, at the paragraph (14:5)"
else fail "003: check (exit $rc)" "$tmp/err.txt"; fi
if "$bin" render "$r3" --proof -o "$tmp/r3.pdf" 2>/dev/null; then
    "$bin" render "$r3" -o "$tmp/r3.final.pdf" 2>/dev/null
    check "003: the proof's data check shows the mismatch" \
        $pc words "$tmp/r3.pdf" $(($(pages "$tmp/r3.final.pdf") + 2)) "正文与表格：共 1 项，1 项不一致"
    check "003: … and the ✗ line with both figures" $pc words "$tmp/r3.pdf" 0 "申请17件」写 17" "为 95"
else fail "003: render --proof"; fi
# The figures the Huaian report states all agree with its tables: no warning.
"$bin" check tests/reports/001-huaian-2024.yaml 2>"$tmp/err.txt"
if grep -q '正文与表格' "$tmp/err.txt"; then fail "001-huaian: no false warning" "$tmp/err.txt"
else ok "001-huaian: its four stated figures agree, no warning"; fi
