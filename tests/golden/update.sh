#!/usr/bin/env bash
# tests/golden/update.sh — regenerates the golden layouts tests/golden/NNN.lines
# from examples/NNN-*.yaml, and NAME.lines from tests/golden/NAME.yaml, with `nianbao render --dump=lines` (NIANBAO picks
# the binary; default ./nianbao).  Run it only for an intended change of
# layout, read `git diff tests/golden` line by line, and commit the new
# files with the change that caused them, saying so in the message.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${NIANBAO:-./nianbao}
for f in examples/*.yaml tests/golden/*.yaml; do
    num=$(basename "$f" .yaml); num=${num%%-*}
    "$bin" render "$f" --dump=lines >"tests/golden/$num.lines"
    echo "tests/golden/$num.lines"
done
