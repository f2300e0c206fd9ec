#!/usr/bin/env bash
# t_import.sh — `nianbao import`: published reports back into input files.
# The five seeds (web text) must import to files equal in content to the
# hand-made examples and render to PDFs the judge passes; the three real
# reports (pdftotext -layout) must import and render (002, which breaks the
# rules as published, is held against its expected numbers directly);
# damaged input must be reported with its place and marked 未能确定, never
# turned into a wrong table.  A missing tool is a failure, not a skip.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin import
shared=$(cd .. && pwd)/shared
judge=$shared/tools/pdfcheck/pdfcheck.py
check() { if eval "$2"; then ok "$1"; else fail "$1" "${3:-}"; fi; }

# The tools this test needs: their absence fails, it is not skipped.
check "tool: python3 with yaml" "$py -c 'import yaml' 2>/dev/null"
check "tool: pdfcheck with PyMuPDF" "[ -f '$judge' ] && $py -c 'import fitz' 2>/dev/null"
same() { $py tests/import_compare.py "$1" "$2" >"$tmp/diff.txt" 2>&1; }

judge_pdf() {   # judge_pdf NAME PDF EXPECTED: all 20 checks pass
    if "$py" "$judge" "$2" "$3" >"$tmp/judge.txt" 2>&1 && grep -q 'OK: 20 passed, 0 failed' "$tmp/judge.txt"
    then ok "$1: $(tail -n 1 "$tmp/judge.txt")"; else fail "$1" "$tmp/judge.txt"; fi
}

# ---- the comparison itself can fail ----
cp examples/001-nanjiaozhen.yaml "$tmp/changed.yaml"
sed -i 's/本年新收政府信息公开申请数量: \[4, 0, 0, 0, 0, 0, 4\]/本年新收政府信息公开申请数量: [3, 1, 0, 0, 0, 0, 4]/' "$tmp/changed.yaml"
check "content comparison sees a changed number" "! same examples/001-nanjiaozhen.yaml '$tmp/changed.yaml'"
sed 's/（二）依申请公开/（二）依申请公开情况/' examples/001-nanjiaozhen.yaml >"$tmp/changed.yaml"
check "content comparison sees a changed heading" "! same examples/001-nanjiaozhen.yaml '$tmp/changed.yaml'"

# ---- 1. the five seeds: web-page text ----
for src in "$shared"/seeds/*.txt; do
    num=$(basename "$src" | cut -c1-3)
    ex=$(ls examples/"$num"-*.yaml | head -n 1)
    out=$tmp/seed$num.yaml
    check "seed $num imports (exit 0, check passes)" "'$bin' import '$src' -o '$out' 2>'$tmp/err.txt'" "$tmp/err.txt"
    check "seed $num: equal in content to $(basename "$ex")" "same '$ex' '$out'" "$tmp/diff.txt"
    check "seed $num: the import passes nianbao check" "'$bin' check '$out' >/dev/null 2>'$tmp/err.txt'" "$tmp/err.txt"
    if "$bin" render "$out" -o "$tmp/seed$num.pdf" 2>"$tmp/err.txt"; then
        judge_pdf "seed $num: rendered import judged" "$tmp/seed$num.pdf" "$(ls "$shared"/tools/pdfcheck/expected/"$num"_*.json)"
    else fail "seed $num: render" "$tmp/err.txt"; fi
done
"$bin" import "$shared"/seeds/001_*.txt >"$tmp/stdout.yaml" 2>/dev/null
check "without -o the input file goes to stdout" "same examples/001-nanjiaozhen.yaml '$tmp/stdout.yaml'"

# a web page's text with a table row on one line: cells between `|` or runs
# of spaces, the merged label 「三、本年度办理结果（一）予以公开」
seed4=$(ls "$shared"/seeds/004_*.txt)
nonzero='s/^(一、\t本年新收政府信息公开申请数量|三、本 年度 办 理 结 果\t\(一\) 予以公开|\(七\) 总计\t)\t?0\t0\t0\t0\t0\t0\t0/\1\t3\t1\t0\t0\t0\t0\t4/'
sed -E "$nonzero" "$seed4" | sed 's/\t/ | /g; s/三、本 年度 办 理 结 果 | (一) 予以公开/三、本年度办理结果（一）予以公开/' >"$tmp/bar.txt"
sed -E "$nonzero" "$seed4" | sed 's/\t/   /g' >"$tmp/spaces.txt"
for v in bar spaces; do
    check "rows on one line ($v): import passes check" "'$bin' import '$tmp/$v.txt' -o '$tmp/$v.yaml' 2>'$tmp/err.txt'" "$tmp/err.txt"
    check "rows on one line ($v): numbers in their cells" \
        "grep -q '本年新收政府信息公开申请数量: \[3, 1, 0, 0, 0, 0, 4\]' '$tmp/$v.yaml' && grep -q '予以公开: \[3, 1, 0, 0, 0, 0, 4\]' '$tmp/$v.yaml' && grep -q '    总计: \[3, 1, 0, 0, 0, 0, 4\]' '$tmp/$v.yaml'" "$tmp/$v.yaml"
done

# ---- 2. the three real reports: pdftotext -layout ----
for src in "$shared"/reports/*.txt; do
    name=$(basename "$src" .txt); exp=${src%.txt}.json
    out=$tmp/$name.yaml
    "$bin" import "$src" -o "$out" 2>"$tmp/err-$name.txt"; rc=$?
    check "report $name: written" "[ -s '$out' ]" "$tmp/err-$name.txt"
    check "report $name: numbers equal the expected values" \
        "$py tests/import_numbers.py '$out' '$exp' >'$tmp/num.txt' 2>&1" "$tmp/num.txt"
    check "report $name: no number left uncertain" "! grep -q '# 未能确定' '$out'" "$out"
    if grep -q '"inconsistent"' "$exp" && ! grep -q '"inconsistent": *\[\]' "$exp"; then
        # breaks the rules as published: kept, the check result printed, exit 1
        check "report $name: exit 1 (kept as published, check fails)" "[ $rc -eq 1 ]" "$tmp/err-$name.txt"
        check "report $name: the broken rules are printed" \
            "grep -q '表四「行政复议」×「总计」应为 11，实为 0' '$tmp/err-$name.txt' && grep -q '表四「复议后起诉」×「总计」应为 5，实为 0' '$tmp/err-$name.txt'" "$tmp/err-$name.txt"
        check "report $name: render refuses the published data" "! '$bin' render '$out' -o '$tmp/$name.pdf' 2>/dev/null"
    else
        check "report $name: exit 0" "[ $rc -eq 0 ]" "$tmp/err-$name.txt"
        if "$bin" render "$out" -o "$tmp/$name.pdf" 2>"$tmp/err.txt"; then
            judge_pdf "report $name: rendered import judged" "$tmp/$name.pdf" "$exp"
        else fail "report $name: render" "$tmp/err.txt"; fi
    fi
done
check "report 002: the label typo is read as its row, with a warning" \
    "grep -q '表格行名「2.其他法律行政止公开」' '$tmp/err-002_hongze_2023.txt'"
check "report 002: the 2019 form's one （六） row (all zero) is said" \
    "grep -q '2019 年格式' '$tmp/err-002_hongze_2023.txt' && grep -q '原表只有一行（2019 年格式），全为 0' '$tmp/002_hongze_2023.yaml'"
check "report 001: large numbers and the fee kept as published" \
    "grep -q '行政处罚: 3985758' '$tmp/001_huaian_2024.yaml' && grep -q '行政事业性收费: 96171.6' '$tmp/001_huaian_2024.yaml'"
check "report header line (SOURCE:) and page numbers are not in the text" \
    "! grep -qE 'SOURCE|^ *- *-[0-9]+-' '$tmp/001_huaian_2024.yaml'"

# ---- 2b. 002 as a proof: its numbers as published, marked ----
if "$bin" render "$tmp/002_hongze_2023.yaml" --proof --allow-inconsistent -o "$tmp/002p.pdf" 2>"$tmp/err.txt"; then
    ok "report 002: the import renders as a proof"
    "$py" "$judge" "$tmp/002p.pdf" "$shared/reports/002_hongze_2023.json" >"$tmp/judge.txt" 2>&1
    for c in 'text: title, headings, paragraphs in order' 'table2: numbers' 'table3: numbers' 'table3: cells and spans'; do
        check "report 002 proof judged: $c" "grep -q '^PASS $c' '$tmp/judge.txt'" "$tmp/judge.txt"
    done
else fail "report 002: proof" "$tmp/err.txt"; fi

# ---- 3. nianbao's own PDFs import back to the same content ----
for f in examples/*.yaml tests/reports/001-*.yaml tests/reports/003-*.yaml; do
    name=$(basename "$f" .yaml); num=${name%%-*}
    case $f in
        examples/*) exp=$(ls "$shared"/tools/pdfcheck/expected/"$num"_*.json) ;;
        *) exp=$(ls "$shared"/reports/"$num"_*.json) ;;
    esac
    "$bin" render "$f" -o "$tmp/own-$name.pdf" 2>/dev/null
    check "own PDF $name imports (exit 0)" "'$bin' import '$tmp/own-$name.pdf' -o '$tmp/own-$name.yaml' 2>'$tmp/err.txt'" "$tmp/err.txt"
    check "own PDF $name: equal in content to $f" "same '$f' '$tmp/own-$name.yaml'" "$tmp/diff.txt"
    if "$bin" render "$tmp/own-$name.yaml" -o "$tmp/own2-$name.pdf" 2>"$tmp/err.txt"; then
        judge_pdf "own PDF $name: rendered import judged" "$tmp/own2-$name.pdf" "$exp"
    else fail "own PDF $name: render of the import" "$tmp/err.txt"; fi
done
# a PDF from another renderer: shared/anchors/typst (Typst, seed 001)
if TYPST_ANCHOR_CACHE=${TYPST_ANCHOR_CACHE:-/tmp/typst-anchor-cache} bash "$shared/anchors/typst/run.sh" "$tmp/typst.pdf" >"$tmp/err.txt" 2>&1; then
    check "Typst's PDF of seed 001 imports (exit 0)" "'$bin' import '$tmp/typst.pdf' -o '$tmp/typst.yaml' 2>'$tmp/err.txt'" "$tmp/err.txt"
    check "Typst's PDF of seed 001: equal in content to examples/001" "same examples/001-nanjiaozhen.yaml '$tmp/typst.yaml'" "$tmp/diff.txt"
else fail "Typst anchor PDF (shared/anchors/typst/run.sh)" "$tmp/err.txt"; fi
printf 'not a pdf' >"$tmp/broken.pdf"
"$bin" import "$tmp/broken.pdf" 2>"$tmp/err.txt"; rc=$?
check "a broken PDF: exit 2, said in Chinese" "[ $rc -eq 2 ] && grep -q '无法读取这个 PDF' '$tmp/err.txt'" "$tmp/err.txt"

# ---- 4. Word files ----
check "tool: python3-docx" "$py -c 'import docx' 2>/dev/null"
d003=$shared/docx/003_mudanjiedao.template.docx
check "shared docx 003 imports (exit 0)" "'$bin' import '$d003' -o '$tmp/d003.yaml' 2>'$tmp/err.txt'" "$tmp/err.txt"
check "shared docx 003: equal in content to examples/003" "same examples/003-mudanjiedao.yaml '$tmp/d003.yaml'" "$tmp/diff.txt"
if "$bin" render "$tmp/d003.yaml" -o "$tmp/d003.pdf" 2>"$tmp/err.txt"; then
    judge_pdf "shared docx 003: rendered import judged" "$tmp/d003.pdf" "$(ls "$shared"/tools/pdfcheck/expected/003_*.json)"
else fail "shared docx 003: render" "$tmp/err.txt"; fi
"$bin" import "$shared/docx/政务公开年报模版.docx" -o "$tmp/blank.yaml" 2>"$tmp/blank-err.txt"; rc=$?
check "official blank template: exit 1, file written" "[ $rc -eq 1 ] && [ -s '$tmp/blank.yaml' ]" "$tmp/blank-err.txt"
check "official blank template: each table said to hold no number, once" \
    "[ \$(grep -c '中没有任何数字（空白模板？）' '$tmp/blank-err.txt') -eq 3 ]" "$tmp/blank-err.txt"
check "official blank template: its cells marked 未能确定, its text kept" \
    "grep -q '规章: ~   # 未能确定' '$tmp/blank.yaml' && grep -q -- '- （文字描述）' '$tmp/blank.yaml'" "$tmp/blank.yaml"
# generated at test time: merged cells, full-width digits and spaces, line
# breaks in cells, bold headings, empty paragraphs for page breaks
for f in examples/000-*.yaml examples/001-*.yaml tests/reports/001-*.yaml; do
    name=$(basename "$f" .yaml); num=${name%%-*}
    case $f in
        examples/*) exp=$(ls "$shared"/tools/pdfcheck/expected/"$num"_*.json) ;;
        *) exp=$(ls "$shared"/reports/"$num"_*.json) ;;
    esac
    if ! $py tests/make_docx.py layouts/forms/2021.yaml "$f" "$tmp/g-$name.docx" 2>"$tmp/err.txt"; then
        fail "docx of $name written by python-docx" "$tmp/err.txt"; continue; fi
    unzip -p "$tmp/g-$name.docx" word/document.xml >"$tmp/g.xml" 2>/dev/null
    check "docx of $name has gridSpan, vMerge, full-width digits and spaces" \
        "grep -q gridSpan '$tmp/g.xml' && grep -q vMerge '$tmp/g.xml' && grep -q '０' '$tmp/g.xml' && grep -q '　　' '$tmp/g.xml'"
    check "docx of $name imports (exit 0)" "'$bin' import '$tmp/g-$name.docx' -o '$tmp/g-$name.yaml' 2>'$tmp/err.txt'" "$tmp/err.txt"
    check "docx of $name: equal in content to $f" "same '$f' '$tmp/g-$name.yaml'" "$tmp/diff.txt"
    if "$bin" render "$tmp/g-$name.yaml" -o "$tmp/g-$name.pdf" 2>"$tmp/err.txt"; then
        judge_pdf "docx of $name: rendered import judged" "$tmp/g-$name.pdf" "$exp"
    else fail "docx of $name: render" "$tmp/err.txt"; fi
done
printf 'PK not really' >"$tmp/broken.docx"
"$bin" import "$tmp/broken.docx" 2>"$tmp/err.txt"; rc=$?
check "a broken docx: exit 2, said in Chinese" "[ $rc -eq 2 ] && grep -q '无法打开这个 Word 文件' '$tmp/err.txt'" "$tmp/err.txt"

# ---- 5. damaged input: never a silently wrong table ----
seed1=$(ls "$shared"/seeds/001_*.txt)
# a table cut in half: Table 3 stops after its （三） rows
awk '/^（四）无法提供/ {cut=1} /四、政府信息公开行政复议/ {cut=0} !cut' "$seed1" >"$tmp/cut.txt"
"$bin" import "$tmp/cut.txt" -o "$tmp/cut.yaml" 2>"$tmp/cut-err.txt"; rc=$?
check "cut table: exit 1, file still written" "[ $rc -eq 1 ] && [ -s '$tmp/cut.yaml' ]" "$tmp/cut-err.txt"
check "cut table: each lost row named in Chinese with its place" \
    "grep -q '表三「（四）无法提供 · 1.本机关不掌握相关政府信息」的数字未能确定：原文中找不到行名' '$tmp/cut-err.txt'" "$tmp/cut-err.txt"
check "cut table: lost rows marked 未能确定 in the YAML" \
    "grep -q '本机关不掌握相关政府信息: ~   # 未能确定' '$tmp/cut.yaml'" "$tmp/cut.yaml"
check "cut table: rows before the cut kept" "grep -q '本年新收政府信息公开申请数量: \[4, 0, 0, 0, 0, 0, 4\]' '$tmp/cut.yaml'" "$tmp/cut.yaml"
# a number removed: the 4 of 自然人 in 本年新收 — six numbers must not be read as a row
awk '/^\t一、本年新收/ {row=1; print; next} row && /^\t4$/ {row=0; next} {print}' "$seed1" >"$tmp/lost.txt"
"$bin" import "$tmp/lost.txt" -o "$tmp/lost.yaml" 2>"$tmp/lost-err.txt"; rc=$?
check "number removed: exit 1" "[ $rc -eq 1 ]" "$tmp/lost-err.txt"
check "number removed: the row, its line and the count found are said" \
    "grep -qE ':[0-9]+:1: 错误: 表三「一、本年新收政府信息公开申请数量」的数字未能确定：找到 6 个数：0 0 0 0 0 4，应为 7 个' '$tmp/lost-err.txt'" "$tmp/lost-err.txt"
check "number removed: the row is 未能确定, not shifted" \
    "grep -q '本年新收政府信息公开申请数量: ~   # 未能确定' '$tmp/lost.yaml' && ! grep -q '本年新收政府信息公开申请数量: \[0, 0, 0, 0, 0, 4' '$tmp/lost.yaml'" "$tmp/lost.yaml"
check "number removed: render refuses it" "! '$bin' render '$tmp/lost.yaml' -o '$tmp/lost.pdf' 2>/dev/null"
# a section heading missing
grep -v '四、政府信息公开行政复议、行政诉讼情况' "$seed1" >"$tmp/nohead.txt"
"$bin" import "$tmp/nohead.txt" -o "$tmp/nohead.yaml" 2>"$tmp/nohead-err.txt"; rc=$?
check "missing section heading: said, exit 1" \
    "[ $rc -eq 1 ] && grep -q '找不到第 4 部分的标题「四、政府信息公开行政复议、行政诉讼情况」' '$tmp/nohead-err.txt'" "$tmp/nohead-err.txt"

# ---- debris and the command line ----
printf '来源：某区人民政府网站\n发布时间：2022-01-20\n某镇2021年政府信息公开工作年度报告\n一、总体情况\n本镇全年主动公开信息[bookmark: _GoBack]10条，\n\n— 2 —\n\n分布在各栏目。\n二、主动公开政府信息情况\n规章\t0\t0\t0\n' >"$tmp/debris.txt"
"$bin" import "$tmp/debris.txt" -o "$tmp/debris.yaml" 2>/dev/null
check "page header lines dropped" "! grep -qE '来源|发布时间' '$tmp/debris.yaml'" "$tmp/debris.yaml"
check "debris dropped, paragraph rejoined across a page number" \
    "grep -q -- '- 本镇全年主动公开信息10条，分布在各栏目。' '$tmp/debris.yaml'" "$tmp/debris.yaml"
check "机关名称 and 年度 from the title" "grep -q '^机关名称: 某镇' '$tmp/debris.yaml' && grep -q '^年度: 2021' '$tmp/debris.yaml'" "$tmp/debris.yaml"
"$bin" import "$tmp/none.txt" 2>"$tmp/err.txt"; rc=$?
check "missing input: exit 2" "[ $rc -eq 2 ]" "$tmp/err.txt"
"$bin" import examples/001-nanjiaozhen.yaml 2>"$tmp/err.txt"; rc=$?
check "unknown kind of file: exit 2, said in Chinese" "[ $rc -eq 2 ] && grep -q '不认识这种文件' '$tmp/err.txt'" "$tmp/err.txt"
printf '\xb9\xfa\xbc\xd2\n' >"$tmp/gbk.txt"
"$bin" import "$tmp/gbk.txt" 2>"$tmp/err.txt"; rc=$?
check "GBK text: exit 2, says it is not UTF-8" "[ $rc -eq 2 ] && grep -q '不是 UTF-8' '$tmp/err.txt'" "$tmp/err.txt"

echo "1..$n"
