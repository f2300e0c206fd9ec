#!/usr/bin/env bash
# t_golden.sh — the layout pinned: every example set with `render
# --dump=lines` (each text line's page, x, y, width and text) must equal its
# golden file tests/golden/NNN.lines; so must the extra cases
# tests/golden/NAME.yaml (NAME.lines).  A failure shows the diff; when the
# change is intended, tests/golden/update.sh regenerates the files (review
# the diff, commit it with the change).
set -u
cd "$(dirname "$0")/.."
bin=${NIANBAO:-./nianbao}
tmp=$(mktemp -d /tmp/nianbao-golden.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in examples/*.yaml tests/golden/*.yaml; do
    name=$(basename "$f" .yaml); num=${name%%-*}
    n=$((n + 1))
    golden=tests/golden/$num.lines
    if ! "$bin" render "$f" --dump=lines >"$tmp/$num.lines" 2>"$tmp/err.txt"; then
        echo "not ok $n - layout of $name: render failed"; sed 's/^/# /' "$tmp/err.txt"; continue
    fi
    if [ ! -f "$golden" ]; then
        echo "not ok $n - layout of $name: no $golden (tests/golden/update.sh makes it)"; continue
    fi
    if diff -u "$golden" "$tmp/$num.lines" >"$tmp/diff.txt"; then
        echo "ok $n - layout of $name equals $golden ($(wc -l <"$golden") lines)"
    else
        echo "not ok $n - layout of $name differs from $golden ($(grep -c '^[-+][^-+]' "$tmp/diff.txt") lines changed;" \
             "if intended: tests/golden/update.sh, review, commit)"
        head -n 40 "$tmp/diff.txt" | sed 's/^/# /'
    fi
done
