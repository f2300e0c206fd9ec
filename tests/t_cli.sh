#!/usr/bin/env bash
# t_cli.sh — the command line: every command form and its exit status
# (0 ok, 1 the data is wrong, 2 usage or I/O), the init template, and the
# data checks seen from outside: one changed Table 3 number in a copy of a
# valid report is named, cell and rule.
set -u
cd "$(dirname "$0")/.."
bin=${NIANBAO:-./nianbao}
tmp=$(mktemp -d /tmp/nianbao-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
check() {   # check NAME EXPECTED_RC COMMAND...
    local name=$1 want=$2; shift 2
    n=$((n + 1))
    "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    if [ "$rc" = "$want" ]; then echo "ok $n - $name"; else
        echo "not ok $n - $name: exit $rc, expected $want"; head -n 5 "$tmp/err" | sed 's/^/# /'; fi
}
contains() {   # contains NAME FILE TEXT
    n=$((n + 1))
    if grep -qF -- "$3" "$2"; then echo "ok $n - $1"; else
        echo "not ok $n - $1: «$3» not found"; head -n 8 "$2" | sed 's/^/# /'; fi
}

check "--help exits 0" 0 "$bin" --help
contains "--help lists the commands" "$tmp/out" "nianbao render FILE -o OUT.pdf"
check "--version exits 0" 0 "$bin" --version
contains "--version prints the version" "$tmp/out" "nianbao 0."
check "no arguments is a usage error" 2 "$bin"
check "unknown command is a usage error" 2 "$bin" frobnicate
check "check without a file" 2 "$bin" check
check "check a missing file" 2 "$bin" check "$tmp/none.yaml"
contains "missing file is named" "$tmp/err" "$tmp/none.yaml"
for f in examples/*.yaml; do check "check $(basename "$f")" 0 "$bin" check "$f"; done
check "check several files at once" 0 "$bin" check examples/*.yaml
check "check stops at nothing: good and bad together" 1 "$bin" check examples/001-nanjiaozhen.yaml tests/reports/002-hongze-2023.yaml
contains "the rule broken by the 2023 Hongze report" "$tmp/err" "表四「行政复议」×「总计」应为 11，实为 0"
check "init with body and year" 0 "$bin" init --body 测试街道办事处 --year 2022
cp "$tmp/out" "$tmp/init.yaml"
contains "template names Table 3 cells, totals left out" "$tmp/init.yaml" "本机关不掌握相关政府信息: [0, 0, 0, 0, 0, 0]   #"
check "the init template passes check" 0 "$bin" check "$tmp/init.yaml"
check "init with a bad year" 2 "$bin" init --year 20x2
check "init with an unknown option" 2 "$bin" init --colour
check "render without -o" 2 "$bin" render examples/001-nanjiaozhen.yaml
check "render with an unknown layout" 2 "$bin" render examples/001-nanjiaozhen.yaml -o "$tmp/x.pdf" --layout nosuch

# One Table 3 number changed: the cell and the rule are named.
sed 's/本机关不掌握相关政府信息: \[2, 0, 0, 0, 0, 0, 2\]/本机关不掌握相关政府信息: [5, 0, 0, 0, 0, 0, 2]/' \
    examples/001-nanjiaozhen.yaml >"$tmp/changed.yaml"
check "a changed Table 3 number is refused" 1 "$bin" check "$tmp/changed.yaml"
contains "the row total rule is named" "$tmp/err" "表三「（四）无法提供 · 1.本机关不掌握相关政府信息」×「总计」应为 5，实为 2"
contains "the changed cell is named" "$tmp/err" "最可能填错的是 表三「（四）无法提供 · 1.本机关不掌握相关政府信息」×「自然人」"
contains "the column rule is named" "$tmp/err" "（七）总计 = （一）至（六）各项之和"
check "render refuses the changed data" 1 "$bin" render "$tmp/changed.yaml" -o "$tmp/changed.pdf"
n=$((n + 1)); if [ ! -e "$tmp/changed.pdf" ]; then echo "ok $n - no PDF for bad data"; else echo "not ok $n - a PDF was written for bad data"; fi

# Totals may be left out and are computed.
sed -E 's/^(  本年新收政府信息公开申请数量: )\[4, 0, 0, 0, 0, 0, 4\]/\1[4, 0, 0, 0, 0, 0]/' \
    examples/001-nanjiaozhen.yaml >"$tmp/no-total.yaml"
check "an omitted total is computed" 0 "$bin" check "$tmp/no-total.yaml"

# A character that no font has is named, with its place; no PDF.
sed 's/2021年，我镇通过政府信息公开专栏/2021年，我镇通过\xee\x80\x80政府信息公开专栏/' examples/001-nanjiaozhen.yaml >"$tmp/pua.yaml"
check "a character no font has is a data error" 1 "$bin" render "$tmp/pua.yaml" -o "$tmp/pua.pdf"
contains "the character is named with its code point" "$tmp/err" "U+E000"
contains "the paragraph's place is named" "$tmp/err" "pua.yaml:16:5:"

# The form is chosen by 格式 from layouts/forms/: a second form needs no
# code, and a 格式 that has no form is named with those there are.
data="$tmp/data"; mkdir -p "$data/layouts/forms"
ln -s "$PWD/fonts" "$data/fonts"; cp layouts/*.yaml "$data/layouts/"
cp layouts/forms/2021.yaml "$data/layouts/forms/"
sed -e 's/^format: 2021/format: 2022/' layouts/forms/2021.yaml >"$data/layouts/forms/2022.yaml"
sed -e 's/^年度: .*/年度: 2022/' -e '1i 格式: 2022' examples/001-nanjiaozhen.yaml >"$tmp/f2022.yaml"
NIANBAO_DATA=$data check "a second form is chosen by 格式" 0 "$bin" check "$tmp/f2022.yaml"
sed -e '1i 格式: 2019' examples/001-nanjiaozhen.yaml >"$tmp/f2019.yaml"
NIANBAO_DATA=$data check "a 格式 without a form is refused" 1 "$bin" check "$tmp/f2019.yaml"
contains "the forms there are are listed" "$tmp/err" "不支持的格式「2019」：可用的格式为 2021、2022"
