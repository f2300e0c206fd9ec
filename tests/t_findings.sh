#!/usr/bin/env bash
# t_findings.sh — every reproducer of the reliability findings (F01–F26,
# ../shared/findings, copied to tests/findings/) as a test: the exit code,
# the message with its file:line:col, no sanitizer report, no PDF after a
# failure.  The table is tests/findings/cases.txt; the cases that need a
# machine set-up (a damaged font, a FIFO, output paths, signals) follow it.
set -u
cd "$(dirname "$0")/.."
root=$PWD
bin=${NIANBAO:-./nianbao}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
tmp=$(mktemp -d /tmp/nianbao-findings.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp tests/findings/*.yaml "$tmp"/
cd "$tmp"
n=0
report() { # ok?, name, why, stderr file
    n=$((n + 1))
    if [ "$1" = ok ]; then echo "ok $n - $2"; else
        echo "not ok $n - $2: $3"; sed 's/^/# /' "$4" 2>/dev/null | head -n 8; fi
}
sanitizer() { grep -q -e 'AddressSanitizer' -e 'runtime error' -e 'LeakSanitizer' "$1"; }

# Generated inputs (too large to keep in the tree).
python3 - <<'PY'
base = open('min.yaml').read()
open('gen-F15-flow-trailing-spaces.yaml', 'w').write(base.replace('表四: {}', '表四: {}' + ' ' * 100000))
open('gen-F15b-inline-blanks.yaml', 'w').write(base + 'x: []' + ' ' * 5000 + '# 注\n')
open('gen-F19-20000-keys.yaml', 'w').write(base + ''.join('未知键%d: 1\n' % i for i in range(20000)))
open('gen-F19b-duplicate-keys.yaml', 'w').write(base + '未知键0: 1\n' + ''.join('未知键%d: 1\n' % i for i in range(1, 20000)) + '未知键1: 2\n')
open('gen-F19c-too-many-nodes.yaml', 'w').write(base + 'x: [' + 'a,' * 200000 + 'a]\n')
PY

while IFS='|' read -r id cmd want where msg notmsg; do
    id=$(echo $id); [ -z "$id" ] || [ "${id#\#}" != "$id" ] && continue
    msg=$(echo "$msg" | sed 's/^ *//; s/ *$//'); notmsg=$(echo "${notmsg:-}" | sed 's/^ *//; s/ *$//')
    where=$(echo $where); want=$(echo $want)
    rm -f out.pdf
    timeout 20 $bin $cmd >out.txt 2>err.txt; rc=$?
    why=""
    [ "$rc" = "$want" ] || why="exit $rc, expected $want"
    sanitizer err.txt && why="sanitizer report"
    [ -z "$why" ] && [ "$where" != - ] && ! grep -qF -- "$where:" err.txt && why="no message at $where"
    [ -z "$why" ] && ! grep -qF -- "$msg" err.txt && why="message lacks «$msg»"
    [ -z "$why" ] && [ -n "$notmsg" ] && grep -qF -- "$notmsg" err.txt && why="message has «$notmsg»"
    [ -z "$why" ] && [ "$rc" != 0 ] && [ -e out.pdf ] && why="a PDF was written after a failure"
    report "$([ -z "$why" ] && echo ok)" "$id: $cmd" "$why" err.txt
done < "$root/tests/findings/cases.txt"

# F18/F22: what the PDF says (CR-only file read whole; no "~" printed).
$bin render F18-cr-only.yaml -o cr.pdf 2>err.txt
pdftotext cr.pdf - 2>/dev/null | grep -q '南郊镇' && r=ok || r=no
report $r "F18: the CR-only report's text is in its PDF" "body name missing" err.txt
$bin render F22-tilde-title.yaml -o tilde.pdf 2>err.txt
text=$(pdftotext tilde.pdf - 2>/dev/null)
grep -q '~' <<<"$text" || ! grep -q '2021年政府信息公开工作年度报告' <<<"$text" && r=no || r=ok
[ "$r" = ok ] && ! grep -q '~' <<<"$text" || r=no
report $r "F22: a ~ title is the default title, and ~ is never printed" "$(grep -m1 '~' <<<"$text")" err.txt

# F09: a truncated font is an error naming the font file and the style
# line that names it, never silently replaced by the fallback.
mkdir -p data/fonts && cp -r "$root/layouts" data/ && cp "$root"/fonts/*.otf data/fonts/
head -c 1024 "$root/fonts/FandolFang-Regular.otf" > data/fonts/FandolFang-Regular.otf
NIANBAO_DATA=$tmp/data $bin render min.yaml -o out.pdf 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q 'gbt9704.yaml:[0-9]*:[0-9]*: 错误: 字体文件「.*FandolFang-Regular.otf」已损坏' err.txt \
    && ! [ -e out.pdf ] && ! sanitizer err.txt && r=ok || r=no
report $r "F09: a truncated font is named as damaged (exit 2)" "exit $rc" err.txt
rm -rf data

# F26: a FIFO, a directory or a device as input is refused at once.
mkfifo fifo
timeout 10 $bin check fifo 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q 'fifo: 错误: .*管道（FIFO），不是普通文件' err.txt && r=ok || r=no
report $r "F26: a FIFO without a writer is refused, not waited for" "exit $rc" err.txt
timeout 10 $bin check . 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q '目录，不是普通文件' err.txt && r=ok || r=no
report $r "F26: a directory as input is refused" "exit $rc" err.txt
timeout 10 $bin check /dev/zero 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q '设备或特殊文件' err.txt && r=ok || r=no
report $r "F26: a device as input is refused" "exit $rc" err.txt
# F26: exactly 8 MiB is allowed, one byte more is not.
python3 -c "
s = open('min.yaml', 'rb').read()
open('exact.yaml', 'wb').write(s + b'#' + b'x' * (8 * 1024 * 1024 - len(s) - 2) + b'\n')
open('over.yaml', 'wb').write(s + b'#' + b'x' * (8 * 1024 * 1024 - len(s) - 1) + b'\n')"
$bin check exact.yaml 2>err.txt && r=ok || r=no
report $r "F26: a file of exactly 8 MiB is read" "refused" err.txt
$bin check over.yaml 2>err.txt; rc=$?
[ $rc = 1 ] && grep -q '文件过大' err.txt && r=ok || r=no
report $r "F26: a file of 8 MiB + 1 byte is refused" "exit $rc" err.txt

# ---- output paths (F06, F07, F26) ----------------------------------------
# F06: the output is the input — by name, through a hard link, through a
# symbolic link; the input is untouched.
cp min.yaml in.yaml; ln in.yaml hard.yaml; ln -s in.yaml soft.yaml
for out in in.yaml ./in.yaml hard.yaml soft.yaml; do
    $bin render in.yaml -o $out 2>err.txt; rc=$?
    [ $rc = 2 ] && grep -q "输出文件就是输入文件" err.txt && cmp -s in.yaml min.yaml && r=ok || r=no
    report $r "F06: render in.yaml -o $out is refused, the input kept" "exit $rc" err.txt
done
# ... or a file the run reads: the page style.
cp "$root/layouts/gbt9704.yaml" style.yaml
$bin render min.yaml -o style.yaml --layout style.yaml 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q "输出文件就是输入文件「.*style.yaml」" err.txt && cmp -s style.yaml "$root/layouts/gbt9704.yaml" && r=ok || r=no
report $r "F06: the page style as output is refused" "exit $rc" err.txt
# F07: a directory, a FIFO or a device is never replaced by a file.
mkdir outdir; mkfifo outfifo
for out in outdir outfifo; do
    timeout 20 $bin render min.yaml -o $out 2>err.txt; rc=$?
    [ $rc = 2 ] && grep -q "不能写成 PDF 文件" err.txt && [ ! -f $out ] && r=ok || r=no
    report $r "F07: -o $out (not a regular file) is refused and left as it was" "exit $rc" err.txt
done
if mknod outdev c 1 3 2>/dev/null; then   # /dev/null's numbers, as root
    $bin render min.yaml -o outdev 2>err.txt; rc=$?
    [ $rc = 2 ] && grep -q "设备文件" err.txt && [ -c outdev ] && r=ok || r=no
    report $r "F07: a device node as output is refused and kept" "exit $rc" err.txt
fi
# F07: a symbolic link is written through: its target replaced, the link kept;
# a dangling link is refused.
mkdir real; echo old > real/r.pdf; ln -s real/r.pdf link.pdf; ln -s real/none.pdf dangling.pdf
$bin render min.yaml -o link.pdf 2>err.txt; rc=$?
[ $rc = 0 ] && [ -L link.pdf ] && head -c 5 real/r.pdf | grep -q '%PDF' && r=ok || r=no
report $r "F07: -o SYMLINK replaces the link's target and keeps the link" "exit $rc" err.txt
$bin render min.yaml -o dangling.pdf 2>err.txt; rc=$?
[ $rc = 2 ] && grep -q "指向的文件不存在" err.txt && [ ! -e real/none.pdf ] && r=ok || r=no
report $r "F07: a dangling symbolic link as output is refused" "exit $rc" err.txt
# F26: a 250-byte file name (the temporary must not pass NAME_MAX).
long=$(printf 'b%.0s' $(seq 246)).pdf
$bin render min.yaml -o "$long" 2>err.txt; rc=$?
[ $rc = 0 ] && head -c 5 "$long" | grep -q '%PDF' && [ -z "$(ls -A | grep -e '\.tmp\.' -e '^\.nb')" ] && r=ok || r=no
report $r "F26: a 250-byte output name works, no temporary left" "exit $rc" err.txt
rm -f "$long"

# F08: SIGINT, SIGTERM or SIGHUP while the PDF is being written leaves no
# temporary, and the old PDF stays whole.  A large report (2 s to render
# with the release build, which is used here for speed when present) is
# signalled as soon as its temporary appears.
python3 - <<'PY'
base = open('min.yaml').read()
para = '  - ' + '本机关坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，' * 3 + '\n'
open('slow.yaml', 'w').write(base.replace('总体情况: 无', '总体情况:\n' + para * 20000))
PY
fast=$bin; [ -x "$root/nianbao" ] && fast=$root/nianbao
mkdir sig
python3 - "$fast" slow.yaml sig <<'PY' >sig.txt 2>&1
import glob, os, signal, subprocess, sys, time
binary, inp, d = sys.argv[1:4]
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    for trial in range(2):
        for f in glob.glob(d + '/*') + glob.glob(d + '/.nb*'):
            os.unlink(f)
        open(d + '/out.pdf', 'wb').write(b'%PDF-old-good')
        p = subprocess.Popen([binary, 'render', inp, '-o', d + '/out.pdf'], stderr=subprocess.DEVNULL)
        seen = False
        deadline = time.time() + 120
        while p.poll() is None and time.time() < deadline:
            if glob.glob(d + '/out.pdf.tmp.*'):
                seen = True
                time.sleep(0.001 * trial)
                p.send_signal(sig)
                break
            time.sleep(0.0002)
        rc = p.wait()
        left = [f for f in os.listdir(d) if f != 'out.pdf']
        head = open(d + '/out.pdf', 'rb').read(13)
        whole = head == b'%PDF-old-good' or (head.startswith(b'%PDF-1') and open(d + '/out.pdf', 'rb').read().rstrip().endswith(b'%%EOF'))
        print(f'{"ok" if not left and whole else "not ok"} {signal.Signals(sig).name} trial {trial}: '
              f'caught during the write={seen} rc={rc} left={left} out.pdf={head!r}')
PY
while read -r line; do
    case $line in ok*) report ok "F08: ${line#ok }" ;; *) report no "F08: ${line#not ok }" "temporary left or PDF broken" sig.txt ;; esac
done < sig.txt

# F04: a long title goes whole into /Title and the first bookmark, never cut
# inside a character.
$bin render F04-title-metadata-cut.yaml -o f04.pdf 2>err.txt
title=$(pdfinfo -enc UTF-8 f04.pdf 2>/dev/null | sed -n 's/^Title: *//p')
[ ${#title} -gt 400 ] && ! grep -q $'\xef\xbf\xbd' <<<"$title" && r=ok || r=no
report $r "F04: the PDF title is whole (${#title} characters), no U+FFFD" "title «${title: -20}»" err.txt

# F16: init --body is quoted as YAML: the template reads back with the
# very name, nothing injected, nothing cut at " #".
i=0
for body in '南郊镇: 办事处' '南郊镇 # 第一分所' $'南郊镇\n落款: {署名: 伪造署名, 日期: 伪造日期}' '"引号"与\反斜杠' '- 南郊镇'; do
    i=$((i + 1))
    $bin init --body "$body" > init$i.yaml 2>err.txt
    $bin check init$i.yaml 2>>err.txt; rc=$?
    $bin render init$i.yaml --draft --dump=lines -o draft$i.pdf > lines$i.txt 2>>err.txt
    # the title's first line is the body's name, as given (a line break in it breaks the title)
    first=$(printf '%s' "$body" | head -n 1)
    [ $rc = 0 ] && ! grep -q '^落款:' init$i.yaml && grep -qF -- "$first" lines$i.txt && r=ok || r=no
    report $r "F16: init --body '$first…' reads back as written" "exit $rc" err.txt
done
