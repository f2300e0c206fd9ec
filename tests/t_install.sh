#!/usr/bin/env bash
# t_install.sh — `make install PREFIX=… DESTDIR=…` puts the binary, the
# layouts, forms and fonts under share/nianbao, the man page and the bash
# completion in place; the installed binary finds its data from its own
# prefix (no NIANBAO_DATA) and renders; `make uninstall` removes it all.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin install
dest=$tmp/stage prefix=/opt/nianbao root=$tmp/stage/opt/nianbao
if make --no-print-directory install PREFIX=$prefix DESTDIR="$dest" >"$tmp/log" 2>&1; then
    ok "make install"; else fail "make install" "$tmp/log"; fi
for f in bin/nianbao share/nianbao/layouts/gbt9704.yaml share/nianbao/layouts/compact.yaml \
         share/nianbao/layouts/forms/2021.yaml share/nianbao/fonts/FandolFang-Regular.otf \
         share/nianbao/fonts/COPYING.fandol share/man/man1/nianbao.1 \
         share/bash-completion/completions/nianbao share/doc/nianbao/填写说明.md \
         share/doc/nianbao/版式说明.md; do
    if [ -f "$root/$f" ]; then ok "installed $f"; else fail "installed $f"; fi
done
[ -x "$root/bin/nianbao" ] && ok "the binary is executable" || fail "the binary is executable"

# The installed binary, away from the source tree, with no NIANBAO_DATA.
cp examples/001-nanjiaozhen.yaml "$tmp/r.yaml"
(cd "$tmp" && env -u NIANBAO_DATA "$root/bin/nianbao" render r.yaml -o r.pdf) >"$tmp/out" 2>&1
if [ $? -eq 0 ] && [ -s "$tmp/r.pdf" ]; then ok "the installed binary renders with its own data"; else fail "installed render" "$tmp/out"; fi
if pdftotext "$tmp/r.pdf" - 2>/dev/null | grep -q '南郊镇'; then ok "the PDF has the report's text"; else fail "the PDF's text"; fi
(cd "$tmp" && env -u NIANBAO_DATA "$root/bin/nianbao" fonts) >"$tmp/out" 2>&1
if grep -qF "$root/share/nianbao/fonts/FandolFang-Regular.otf" "$tmp/out"; then ok "the fonts come from share/nianbao"; else fail "fonts from share/nianbao" "$tmp/out"; fi
(cd "$tmp" && env -u NIANBAO_DATA "$root/bin/nianbao" init --body 东风街道办事处 --year 2024) >"$tmp/init.yaml" 2>"$tmp/err"
if grep -q '机关名称: 东风街道办事处' "$tmp/init.yaml"; then ok "the installed init writes a template"; else fail "installed init" "$tmp/err"; fi

# The man page is roff with the commands; the completion completes them.
if grep -q '^\.TH NIANBAO 1' "$root/share/man/man1/nianbao.1" && grep -q '^\.B check' "$root/share/man/man1/nianbao.1"; then
    ok "nianbao(1) is a man page naming the commands"; else fail "man page"; fi
groff -man -Tutf8 -K utf8 -Wbreak "$root/share/man/man1/nianbao.1" >"$tmp/man.txt" 2>"$tmp/groff.err"
if [ $? -eq 0 ] && [ ! -s "$tmp/groff.err" ] && grep -q '成功（可能有警告）' "$tmp/man.txt"; then
    ok "nianbao(1) formats without warnings"; else fail "nianbao(1) with groff" "$tmp/groff.err"; fi
words=$(bash -c ". '$root/share/bash-completion/completions/nianbao'; COMP_WORDS=(nianbao re); COMP_CWORD=1; _nianbao; echo \"\${COMPREPLY[*]}\"")
[ "$words" = "render" ] && ok "completion of a command" || fail "completion of a command: «$words»"
words=$(bash -c ". '$root/share/bash-completion/completions/nianbao'; COMP_WORDS=(nianbao render --dr); COMP_CWORD=2; _nianbao; echo \"\${COMPREPLY[*]}\"")
[ "$words" = "--draft" ] && ok "completion of an option" || fail "completion of an option: «$words»"

if make --no-print-directory uninstall PREFIX=$prefix DESTDIR="$dest" >"$tmp/log" 2>&1; then
    ok "make uninstall"; else fail "make uninstall" "$tmp/log"; fi
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] && ok "uninstall leaves no file" || fail "uninstall left $left files"
