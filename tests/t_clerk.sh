#!/usr/bin/env bash
# t_clerk.sh — what a clerk filling a report by hand meets: which cell is
# blamed when several errors meet (never a correct one), no follow-on
# errors about cells nobody wrote, messages in file/line order, the
# template's placeholders (check warns, render refuses), a fee printed
# exactly as published.  (Single typing mistakes are in bad/, via t_bad.sh.)
set -u
cd "$(dirname "$0")/.."
bin=${NIANBAO:-./nianbao}
tmp=$(mktemp -d /tmp/nianbao-clerk.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err" | head -n 12; }
check() {   # check NAME EXPECTED_RC COMMAND...
    local name=$1 want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    if [ "$rc" = "$want" ]; then pass "$name"; else fail "$name: exit $rc, expected $want"; fi
}
contains() {   # contains NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: «$3» not in $(basename "$2")"; fi
}
lacks() {      # lacks NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then fail "$1: «$3» found in $(basename "$2")"; else pass "$1"; fi
}
ex=examples/001-nanjiaozhen.yaml

# Two independent wrong cells: each is named for its own rules, with the value it should have.
sed 's/本机关不掌握相关政府信息: \[2, 0, 0, 0, 0, 0, 2\]/本机关不掌握相关政府信息: [5, 0, 0, 0, 0, 0, 2]/;
     s/信访举报投诉类申请: \[1, 0, 0, 0, 0, 0, 1\]/信访举报投诉类申请: [1, 0, 0, 0, 0, 3, 1]/' $ex >"$tmp/two.yaml"
check "two wrong cells are refused" 1 "$bin" check "$tmp/two.yaml"
contains "the first wrong cell is named with its value" "$tmp/err" \
    "最可能填错的是 表三「（四）无法提供 · 1.本机关不掌握相关政府信息」×「自然人」（第 53 行，填的是 5）：改为 2"
contains "the second wrong cell is named with its value" "$tmp/err" \
    "最可能填错的是 表三「（五）不予处理 · 1.信访举报投诉类申请」×「其他」（第 57 行，填的是 3）：改为 0"
lacks "no total is blamed" "$tmp/err" "最可能填错的是 表三「（七）总计」"

# Two errors in one row meet: no single cell explains them, so nobody is blamed.
sed 's/本机关不掌握相关政府信息: \[2, 0, 0, 0, 0, 0, 2\]/本机关不掌握相关政府信息: [1, 1, 0, 0, 0, 0, 2]/' $ex >"$tmp/meet.yaml"
check "two errors in one row are refused" 1 "$bin" check "$tmp/meet.yaml"
lacks "where errors meet, no correct cell is blamed" "$tmp/err" "最可能填错的是"
contains "the broken column rule is still named" "$tmp/err" "表三「（七）总计」×「商业企业」应为 1，实为 0"

# A row of the wrong length: that error, and no rule errors about cells never read.
sed 's/^  本年新收政府信息公开申请数量: \[4, 0, 0, 0, 0, 0, 4\]/  本年新收政府信息公开申请数量: [4, 0, 0, 0, 0]/' $ex >"$tmp/short.yaml"
check "a short row is refused" 1 "$bin" check "$tmp/short.yaml"
contains "the short row is named" "$tmp/err" "表三「本年新收政府信息公开申请数量」应有 7 个数字（自然人 … 总计），实有 5 个"
lacks "no follow-on error at 1:1" "$tmp/err" "short.yaml:1:1:"
lacks "no follow-on rule error" "$tmp/err" "规则："
contains "a note says the rules wait" "$tmp/err" "表三的勾稽关系待本表的填写错误改正后再核对"
sed 's/^  规章: \[0, 0, 0\]/  规章: [0, 0]/' $ex >"$tmp/short2.yaml"
check "a short Table 2 row is refused" 1 "$bin" check "$tmp/short2.yaml"
contains "the columns named are Table 2's own" "$tmp/err" "应有 3 个数字（本年制发件数 … 现行有效件数），实有 2 个"

# Messages come in file and line order, whatever stage found them.
sed 's/^年度: .*/年度: 1999/; s/^  行政处罚: 0/  行政处罚: x/; s/信访举报投诉类申请: \[0, 0, 0, 0, 0, 0, 0\]/信访举报投诉类申请: [0, 0, 0, 0, 0, 3, 0]/' \
    examples/000-nanqujiedao.yaml >"$tmp/order.yaml"
"$bin" check "$tmp/order.yaml" >/dev/null 2>"$tmp/err"
grep -oE '^[^ ]*order\.yaml:[0-9]+:' "$tmp/err" | sed -E 's/.*:([0-9]+):$/\1/' >"$tmp/lines"
if [ "$(wc -l <"$tmp/lines")" -ge 3 ] && sort -n -c "$tmp/lines" 2>/dev/null; then
    pass "messages are sorted by line"; else fail "messages are sorted by line: $(tr '\n' ' ' <"$tmp/lines")"; fi

# The template's placeholders: check warns (exit 0) naming each line, render refuses.
"$bin" init --body 东风街道办事处 --year 2024 >"$tmp/init.yaml"
check "the bare template passes check" 0 "$bin" check "$tmp/init.yaml"
contains "check warns about the placeholder heading" "$tmp/err" "「一、总体情况」仍是模板的占位文字「（一）……」"
contains "check warns about the placeholder paragraph" "$tmp/err" "仍是模板的占位文字「请在此填写正文。」"
contains "the summary counts the warnings" "$tmp/err" "检查通过，有"
check "render refuses a placeholder" 1 "$bin" render "$tmp/init.yaml" -o "$tmp/init.pdf"
line=$(grep -n '^  - 请在此填写正文' "$tmp/init.yaml" | head -n 1 | cut -d: -f1)
contains "render names the placeholder's line" "$tmp/err" "init.yaml:$line:5: 错误: 「一、总体情况」仍是模板的占位文字「请在此填写正文。」"
if [ ! -e "$tmp/init.pdf" ]; then pass "no PDF for a placeholder"; else fail "a PDF was written with a placeholder"; fi
"$bin" init --year 2024 >"$tmp/nobody.yaml"
"$bin" check "$tmp/nobody.yaml" >/dev/null 2>"$tmp/err"
contains "the default body is a placeholder too" "$tmp/err" "「机关名称」仍是模板的占位文字「某某街道办事处」"

# Numbers as published: a six-decimal fee warns and is printed as written.
sed 's/^  行政事业性收费: .*/  行政事业性收费: 5949.088667/' $ex >"$tmp/fee.yaml"
check "a six-decimal fee renders" 0 "$bin" render "$tmp/fee.yaml" -o "$tmp/fee.pdf"
contains "the fee warns" "$tmp/err" "表二「行政事业性收费」有 6 位小数（「5949.088667」）"
pdftotext "$tmp/fee.pdf" "$tmp/fee.txt" 2>/dev/null
contains "the fee is printed exactly as written" "$tmp/fee.txt" "5949.088667"
sed 's/^  行政处罚: 0 */  行政处罚: 12.00000/' $ex >"$tmp/count.yaml"
check "a count written 12.00000 renders" 0 "$bin" render "$tmp/count.yaml" -o "$tmp/count.pdf"
contains "the count warns" "$tmp/err" "表二「行政处罚」是件数，写成了「12.00000」，按 12 计"
pdftotext "$tmp/count.pdf" "$tmp/count.txt" 2>/dev/null
lacks "the count is printed as a whole number" "$tmp/count.txt" "12.00000"

# The template fills without fighting: totals are left out (computed), so
# the first real fill passes; one filled example row is shown.
lacks "the template writes no total row" "$tmp/init.yaml" "    总计: ["
contains "the template says totals are computed" "$tmp/init.yaml" "「（七）总计」由程序计算，不必填写"
contains "the template shows one filled row" "$tmp/init.yaml" "#   本年新收政府信息公开申请数量: [3, 1, 0, 0, 0, 0]   # 总计 4 由程序算出"
sed 's/^  本年新收政府信息公开申请数量: \[0, 0, 0, 0, 0, 0\]/  本年新收政府信息公开申请数量: [5, 1, 0, 0, 0, 0]/;
     s/^    予以公开: \[0, 0, 0, 0, 0, 0\]/    予以公开: [3, 1, 0, 0, 0, 0]/;
     s/^  结转下年度继续办理: \[0, 0, 0, 0, 0, 0\]/  结转下年度继续办理: [2, 0, 0, 0, 0, 0]/;
     s/^  行政复议: \[0, 0, 0, 0\]/  行政复议: [1, 0, 0, 0]/' "$tmp/init.yaml" >"$tmp/filled.yaml"
check "a first real fill of the template passes" 0 "$bin" check "$tmp/filled.yaml"
lacks "and has no error" "$tmp/err" "错误"

# A table with an input error is not compared with the text either.
sed 's/^  - 请在此填写正文。/  - 全年共收到政府信息公开申请5件，均按期答复。/;
     s/^  本年新收政府信息公开申请数量: \[0, 0, 0, 0, 0, 0\]/  本年新收政府信息公开申请数量: [4，1，0，0，0，0]/' "$tmp/init.yaml" >"$tmp/textcomma.yaml"
check "a full-width comma in a row is refused" 1 "$bin" check "$tmp/textcomma.yaml"
contains "the comma is named" "$tmp/err" "用了全角逗号「，」，请改为半角逗号「,」"
lacks "the text is not compared with the unread row" "$tmp/err" "正文与表格不一致"

# A row that lost its indent to a full-width space: named, and no rule errors follow.
check "a row indented with a full-width space is refused" 1 "$bin" check tests/bad/fullwidth-space-indent.yaml
lacks "no rule error follows the lost row" "$tmp/err" "规则："
