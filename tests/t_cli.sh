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
contains "--help lists the commands" "$tmp/out" "nianbao render 文件.yaml -o 报告.pdf"
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

# Conventions: --help on every command (stdout, exit 0), -V, --output and
# --opt=value, "-" for standard input and output, a missing value named.
for cmd in check render init batch sum fonts import; do
    check "$cmd --help exits 0" 0 "$bin" "$cmd" --help
    contains "$cmd --help prints its usage on stdout" "$tmp/out" "用法：nianbao $cmd"
done
check "help render is render --help" 0 "$bin" help render
contains "help render prints render's usage" "$tmp/out" "用法：nianbao render"
check "-V exits 0" 0 "$bin" -V
contains "-V prints the version" "$tmp/out" "nianbao 0."
check "--body without its value" 2 "$bin" init --body
contains "the missing value is named" "$tmp/err" "nianbao init: 选项「--body」缺少值（机关名称）"
check "-o without its value" 2 "$bin" render examples/001-nanjiaozhen.yaml -o
contains "the missing output is named" "$tmp/err" "选项「-o」缺少值（输出文件）"
check "an unknown option is named" 2 "$bin" check --colour examples/001-nanjiaozhen.yaml
contains "the unknown option and where to look" "$tmp/err" "nianbao check: 无法识别的选项「--colour」"
check "a flag given a value" 2 "$bin" render --draft=yes examples/001-nanjiaozhen.yaml -o "$tmp/x.pdf"
contains "the flag is named" "$tmp/err" "这个选项不带值：「--draft=yes」"
check "render --output=FILE" 0 "$bin" render examples/001-nanjiaozhen.yaml --output="$tmp/eq.pdf"
check "render --layout=compact" 0 "$bin" render --layout=compact examples/001-nanjiaozhen.yaml --output "$tmp/compact.pdf"
check "check - reads standard input" 0 sh -c "\"$bin\" check - < examples/001-nanjiaozhen.yaml"
contains "standard input is named" "$tmp/err" "<标准输入>: 检查通过"
printf '机关名称：东风\n年度: 2024\n' >"$tmp/colon.yaml"
check "check - with an error" 1 sh -c "\"$bin\" check - < \"$tmp/colon.yaml\""
contains "an error on standard input names it" "$tmp/err" "<标准输入>:1:5: 错误: 第 1 行第 5 列用了全角冒号"
check "render - -o FILE" 0 sh -c "\"$bin\" render - -o \"$tmp/stdin.pdf\" < examples/001-nanjiaozhen.yaml"
check "render FILE -o - writes the PDF to stdout" 0 sh -c "\"$bin\" render examples/001-nanjiaozhen.yaml -o - > \"$tmp/stdout.pdf\""
n=$((n + 1)); if cmp -s "$tmp/eq.pdf" "$tmp/stdout.pdf" && cmp -s "$tmp/eq.pdf" "$tmp/stdin.pdf"; then
    echo "ok $n - the same PDF through a file, stdin and stdout"; else echo "not ok $n - PDFs differ between file, stdin and stdout"; fi
check "render -o - with bad data writes nothing" 1 sh -c "\"$bin\" render \"$tmp/colon.yaml\" -o - > \"$tmp/bad-stdout.pdf\""
n=$((n + 1)); if [ ! -s "$tmp/bad-stdout.pdf" ]; then echo "ok $n - nothing on stdout for bad data"; else echo "not ok $n - bytes on stdout for bad data"; fi
check "render takes one input" 2 "$bin" render examples/001-nanjiaozhen.yaml examples/000-nanqujiedao.yaml -o "$tmp/two.pdf"
contains "one input is said" "$tmp/err" "只能给一个输入文件"
check "init -o FILE" 0 "$bin" init --body 东风街道办事处 --year=2024 -o "$tmp/new.yaml"
contains "init -o writes the template" "$tmp/new.yaml" "机关名称: 东风街道办事处"
check "init -o never overwrites a file" 2 "$bin" init -o "$tmp/new.yaml"
contains "the refusal says why" "$tmp/err" "文件已存在，不覆盖"
check "batch -j without its value" 2 "$bin" batch examples -o "$tmp/b" -j
contains "batch names the missing value" "$tmp/err" "选项「-j」缺少值（线程数）"

# --json: one array of {file, line, col, level, message, hint} on stdout.
check "check --json with errors" 1 "$bin" check --json tests/bad/fullwidth-colon.yaml tests/bad/warn-placeholder.yaml
n=$((n + 1)); if python3 - "$tmp/out" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
assert [set(i) for i in items] == [{"file", "line", "col", "level", "message", "hint"}] * len(items), items
e = [i for i in items if i["level"] == "error"][0]
assert (e["file"], e["line"], e["col"]) == ("tests/bad/fullwidth-colon.yaml", 3, 3), e
assert e["message"] == "第 3 行第 3 列用了全角冒号「：」，请改为半角「:」", e
w = [i for i in items if i["level"] == "warning"][0]
assert w["file"] == "tests/bad/warn-placeholder.yaml" and "占位文字" in w["message"], w
PY
then echo "ok $n - --json is valid JSON with file, line, col, level, message, hint"; else echo "not ok $n - --json output"; sed 's/^/# /' "$tmp/out" | head; fi
check "check --json of a good file" 0 "$bin" check --json examples/001-nanjiaozhen.yaml
contains "an empty array for a good file" "$tmp/out" "[]"
check "render --json" 1 "$bin" render --json tests/bad/fullwidth-colon.yaml -o "$tmp/j.pdf"
contains "render --json puts the error on stdout" "$tmp/out" '"level": "error"'

# nianbao fonts: roles, fonts with fallbacks and coverage; a report's characters by font.
check "fonts" 0 "$bin" fonts
contains "fonts names a role with its size" "$tmp/out" "正文 16 pt"
contains "fonts names the primary font" "$tmp/out" "首选 FandolFang-Regular"
contains "fonts names the fallback" "$tmp/out" "后备 NotoSerifCJKsc-Regular"
contains "fonts gives the coverage" "$tmp/out" "字；版式中写作 FandolFang-Regular.otf"
check "fonts with a report lacking a character" 1 "$bin" fonts "$tmp/pua.yaml"
contains "fonts lists the character no font has" "$tmp/out" "没有字体的字：「"
contains "fonts counts the characters per font" "$tmp/out" "FandolFang-Regular 排"
# A font by family through fontconfig; a missing family is named.
sed 's|  标题:      {size: 22, fonts: \[FandolSong-Bold.otf, |  标题:      {size: 22, fonts: ["family:Noto Serif CJK SC:style=Bold", |' \
    layouts/gbt9704.yaml >"$tmp/family.yaml"
check "fonts of a layout naming a family" 0 "$bin" fonts --layout "$tmp/family.yaml"
contains "the family is found by fontconfig" "$tmp/out" "首选 NotoSerifCJKsc-Bold（/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
check "render with a family font" 0 "$bin" render examples/001-nanjiaozhen.yaml --layout "$tmp/family.yaml" -o "$tmp/family.pdf"
n=$((n + 1)); if pdffonts "$tmp/family.pdf" | grep -q 'NotoSerifCJKsc-Bold'; then echo "ok $n - the family font is embedded"; else echo "not ok $n - the family font is not embedded"; fi
sed 's|FandolSong-Bold.otf, |"family:方正小标宋简体不存在", |' layouts/gbt9704.yaml >"$tmp/nofamily.yaml"
check "a family the system lacks" 2 "$bin" check --layout "$tmp/nofamily.yaml" examples/001-nanjiaozhen.yaml
contains "the missing family is named" "$tmp/err" "系统中没有字体「方正小标宋简体不存在」"

# check passing means render passing: check sees a character no font has.
check "check refuses a character no font has" 1 "$bin" check "$tmp/pua.yaml"
contains "check names the character and its place" "$tmp/err" "pua.yaml:16:5: 错误: 字符「"
sed 's/2021年，我镇通过政府信息公开专栏/2021年，我镇通过😀שלום政府信息公开专栏/' examples/001-nanjiaozhen.yaml >"$tmp/emoji.yaml"
check "check refuses an emoji and RTL letters" 1 "$bin" check "$tmp/emoji.yaml"
contains "the emoji is named" "$tmp/err" "U+1F600"
contains "the Hebrew letter is named" "$tmp/err" "U+05E9"
check "init without --year" 0 "$bin" init --body 东风街道办事处
contains "init's default year is last year" "$tmp/out" "年度: $(( $(date -u +%Y) - 1 ))"
