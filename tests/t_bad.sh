#!/usr/bin/env bash
# t_bad.sh — every broken input in tests/bad/ must be refused cleanly: the
# exit status it expects (1 = the data is wrong), never a crash or a
# sanitizer report, and a message naming the file:line:col and the text
# given in its expectation.  The expectation is the file's first line,
#   # expect: exit=1 at=LINE:COL msg=TEXT
# or, for files that cannot carry a comment (binary, empty), NAME.expect.
set -u
cd "$(dirname "$0")/.."
bin=${NIANBAO:-./nianbao}
n=0
for f in tests/bad/*.yaml; do
    n=$((n + 1))
    if [ -f "$f.expect" ]; then spec=$(cat "$f.expect"); else spec=$(head -n 1 "$f" | sed 's/^# expect: //'); fi
    want_rc=$(sed -n 's/.*exit=\([0-9]*\).*/\1/p' <<<"$spec")
    at=$(sed -n 's/.*at=\([0-9]*:[0-9]*\).*/\1/p' <<<"$spec")
    msg=$(sed -n 's/.*msg=\(.*\)$/\1/p' <<<"$spec")
    err=$(timeout 20 "$bin" check "$f" 2>&1 >/dev/null); rc=$?
    name=$(basename "$f")
    why=""
    [ "$rc" = "$want_rc" ] || why="exit $rc, expected $want_rc"
    grep -q -e 'AddressSanitizer' -e 'runtime error' -e 'LeakSanitizer' <<<"$err" && why="sanitizer report"
    [ -z "$why" ] && ! grep -qF -- "$f:$at:" <<<"$err" && why="no message at $f:$at"
    [ -z "$why" ] && ! grep -qF -- "$msg" <<<"$err" && why="message lacks «$msg»"
    if [ -z "$why" ]; then echo "ok $n - bad/$name"; else
        echo "not ok $n - bad/$name: $why"; sed 's/^/# /' <<<"$err" | head -n 8; fi
done
