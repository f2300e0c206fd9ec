#!/usr/bin/python3
"""pagefill.py PDF [MAX_MM] — how far above the foot of the type area each
page's content ends (page numbers, set below the area, are left out).
Prints `page N: X.X mm short` per page; with MAX_MM exits 1 when a page but
the last is shorter by more than that.  The type area is read as the
GB/T 9704 one (top 37 mm, height 225 mm)."""
import sys
import fitz

MM = 72 / 25.4
FOOT = (37 + 225) * MM

def lowest(page):
    y = 0.0
    for b in page.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                # the glyphs' body: baseline + 0.12 em, not the font's descender
                bottom = s["origin"][1] + 0.12 * s["size"]
                if bottom < FOOT + 2 * MM and s["text"].strip():
                    y = max(y, bottom)
    for d in page.get_drawings():
        r = d["rect"]
        if r.y1 < FOOT + 2 * MM:
            y = max(y, r.y1)
    return y

def main():
    doc = fitz.open(sys.argv[1])
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else None
    bad = False
    for i, page in enumerate(doc):
        short = (FOOT - lowest(page)) / MM
        last = i == len(doc) - 1
        flag = "" if last or limit is None or short <= limit else "  <-- over %.0f mm" % limit
        bad |= bool(flag)
        print("page %d: %.1f mm short%s" % (i + 1, short, flag))
    sys.exit(1 if bad else 0)

main()
