#!/usr/bin/env bash
# t_pages.sh — the pages as a reader sees them, measured on the PDF:
# pages fill (no page but the last ends more than 25 mm above the foot of
# the type area; the variants in tests/pages within their own limits),
# the page numbers (4号 宋体, the dash's ink 7 mm under the
# type area, GB/T 9704 7.5), a run-in heading in the 二级标题 face, and YAML's folded spaces
# between Chinese characters gone while spaces beside Latin words stay.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tap_begin pages

for f in examples/*.yaml tests/reports/001-huaian-2024.yaml tests/reports/003-hongze-2024.yaml; do
    name=$(basename "$f" .yaml)
    limit=25
    if ! "$bin" render "$f" -o "$tmp/$name.pdf" 2>"$tmp/err.txt"; then fail "render $name" "$tmp/err.txt"; continue; fi
    if "$py" tests/pagefill.py "$tmp/$name.pdf" "$limit" >"$tmp/fill.txt"; then
        ok "$name: $(grep -c . "$tmp/fill.txt") pages, none but the last more than $limit mm short"
    else fail "$name: a page ends too high" "$tmp/fill.txt"; fi
done

# Reports not among the examples (paragraph-length variants that once left
# a page short, tests/pages): each within the limit its first lines give.
for f in tests/pages/*.yaml; do
    name=$(basename "$f" .yaml)
    limit=$(sed -n 's/^# pagefill: \([0-9.]*\) mm.*/\1/p' "$f")
    if [ -z "$limit" ]; then fail "$name: no '# pagefill: N mm' line"; continue; fi
    if ! "$bin" render "$f" -o "$tmp/v-$name.pdf" 2>"$tmp/err.txt"; then fail "render $name" "$tmp/err.txt"; continue; fi
    if "$py" tests/pagefill.py "$tmp/v-$name.pdf" "$limit" >"$tmp/fill.txt"; then
        ok "variant $name: $(grep -c . "$tmp/fill.txt") pages, none but the last more than $limit mm short"
    else fail "variant $name: a page ends too high" "$tmp/fill.txt"; fi
done

# Page numbers of 001, page 1 (odd: right) and 2 (even: left).
if "$py" - "$tmp/001-nanjiaozhen.pdf" >"$tmp/pn.txt" 2>&1 <<'PY'
import sys, fitz
MM = 72 / 25.4
foot = (37 + 225) * MM
doc = fitz.open(sys.argv[1])
for i in (0, 1):
    page = doc[i]
    spans = [s for b in page.get_text("rawdict")["blocks"] for l in b.get("lines", [])
             for s in l["spans"] if s["origin"][1] > foot]
    assert len(spans) == 1, "one page number below the type area"
    s = spans[0]
    text = "".join(c["c"] for c in s["chars"])
    assert text == "— %d —" % (i + 1), text
    assert "FandolSong-Regular" in s["font"] and abs(s["size"] - 14) < 0.01, (s["font"], s["size"])
    dash = s["chars"][0]["bbox"]
    z = 600 / 72
    clip = fitz.Rect(dash[0], foot, dash[2], foot + 15 * MM)
    pix = page.get_pixmap(dpi=600, clip=clip, colorspace=fitz.csGRAY)
    top = next(y for y in range(pix.height)
               if any(pix.samples[y * pix.width + x] < 128 for x in range(pix.width)))
    below = top / z / MM
    assert abs(below - 7) < 0.3, "dash %.2f mm below the type area" % below
    print("page %d: %s, dash %.2f mm below" % (i + 1, text, below))
PY
then ok "page numbers: 4号 FandolSong-Regular, dash 7 mm under the type area ($(tr '\n' ';' <"$tmp/pn.txt"))"
else fail "page numbers" "$tmp/pn.txt"; fi

# Run-in headings and folded lines (tests/golden/runin.yaml).
if "$bin" render tests/golden/runin.yaml -o "$tmp/runin.pdf" 2>"$tmp/err.txt" &&
   "$py" - "$tmp/runin.pdf" >"$tmp/runin.txt" 2>&1 <<'PY'
import sys, fitz
doc = fitz.open(sys.argv[1])
page = doc[0]
spans = [s for b in page.get_text("dict")["blocks"] for l in b.get("lines", []) for s in l["spans"]]
lead = [s for s in spans if s["text"].startswith("（一）主动公开方面。")]
assert lead and "FandolKai" in lead[0]["font"], [(s["text"], s["font"]) for s in spans[:8]]
after = spans[spans.index(lead[0]) + 1]
assert after["text"].startswith("2024年") and "FandolFang" in after["font"], (after["text"], after["font"])
print(lead[0]["font"], "/", after["font"])
PY
then ok "run-in heading in the 二级标题 face, text after it in the body face ($(cat "$tmp/runin.txt"))"
else fail "run-in heading" "$tmp/runin.txt"; fi
text=$(pdftotext -enc UTF-8 "$tmp/runin.pdf" - 2>/dev/null | tr -d '\n')
if grep -q '政府信息，共主动' <<<"$text" && grep -q '本报告。一是' <<<"$text" && grep -q '通过 Open Data 平台' <<<"$text"
then ok "folded spaces between Chinese characters dropped, spaces beside Latin words kept"
else fail "folded spaces"; fi

# 三、本年度办理结果 reads down its column, so its 、 takes the vertical
# form (upper right of its square, as HarfBuzz's vert/vrt2 give it); a 、
# in horizontal text stays in the lower left.  Measured on the pixels.
if "$py" - "$tmp/001-nanjiaozhen.pdf" >"$tmp/vert.txt" 2>&1 <<'PY'
import sys, fitz
doc = fitz.open(sys.argv[1])
seen = {True: 0, False: 0}
for page in doc:
    for b in page.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                for ch in s["chars"]:
                    if ch["c"] != "、":
                        continue
                    alone = "".join(c["c"] for c in s["chars"]).strip() == "、"
                    x0, y = ch["origin"]
                    size = s["size"]
                    box = fitz.Rect(x0, y - 0.88 * size, x0 + size, y + 0.12 * size)
                    pix = page.get_pixmap(dpi=600, clip=box, colorspace=fitz.csGRAY)
                    ink = [(i % pix.width, i // pix.width) for i in range(pix.width * pix.height)
                           if pix.samples[i] < 128]
                    cx = sum(p[0] for p in ink) / len(ink) / pix.width
                    cy = sum(p[1] for p in ink) / len(ink) / pix.height
                    if alone:   # the vertical label's
                        assert cx > 0.6, "page %d: vertical 、 ink at x %.2f of its square" % (page.number + 1, cx)
                    else:
                        assert cx < 0.4 and cy > 0.7, "page %d: 、 ink at %.2f, %.2f" % (page.number + 1, cx, cy)
                    seen[alone] += 1
assert seen[True] >= 2 and seen[False] >= 3, seen
print("%d vertical, %d horizontal" % (seen[True], seen[False]))
PY
then ok "、 in the vertical Table 3 label in its vertical form, elsewhere horizontal ($(cat "$tmp/vert.txt"))"
else fail "vertical punctuation" "$tmp/vert.txt"; fi
