# tests/lib.sh — sourced by the shell tests (tests/t_*.sh) after `cd` to
# the project root: the binary under test, a private temporary folder that
# goes away on exit, and the TAP lines tests/run.sh counts.
#   tap_begin NAME    sets bin (NIANBAO or ./nianbao), py, tmp
#                     (/tmp/nianbao-NAME.XXXXXX) and the counter n
#   ok NAME           prints "ok N - NAME"
#   fail NAME [LOG]   prints "not ok N - NAME" and the head of LOG as TAP
#                     comments (the judge's PASS lines left out)
tap_begin() {
    bin=${NIANBAO:-./nianbao}
    py=/usr/bin/python3
    tmp=$(mktemp -d "/tmp/nianbao-$1.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    n=0
}
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); echo "not ok $n - $1"
    [ -f "${2:-/dev/null}" ] && grep -v '^PASS' "$2" | head -n 12 | sed 's/^/# /'
    return 0
}
