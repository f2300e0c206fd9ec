#!/usr/bin/python3
"""proofcheck.py — what tests/t_proof.sh asserts about a proof, read from
the PDFs alone (PyMuPDF).  Each subcommand prints one line and exits 0 when
the property holds, 1 when not.

  same-body FINAL PROOF   every word of every page of FINAL is on the same
                          page of PROOF at the same place (0.01 pt), and on
                          those pages PROOF has no other words but its
                          footer (and, with --line-numbers, numbers in the
                          left margin): the watermark is no text
  decorated PROOF BODY_PAGES HASH NAME
                          every page has the watermark (a filled path under
                          all else, marked /Artifact) and the footer (NAME,
                          HASH, 第 N 页 共 M 页); after the body pages come
                          校样签发单 and 数据核对
  words PROOF PAGE TEXT...   each TEXT is on page PAGE (1-based; 0: any page),
                          white space aside
  tinted PROOF N          the proof has N cells tinted (the highlight colour)
  rules PROOF BODY_PAGES N    the data check lists rules 1 … N, each once,
                          with a ✔ or ✗ mark (a stroked path) before each
  margin PROOF PAGE MIN   page PAGE has line numbers 1 … N (N ≥ MIN), top to
                          bottom, in the left margin
"""
import re
import sys
import fitz

MM = 72 / 25.4
TINT = (0xFB / 255, 0xD5 / 255, 0xD0 / 255)
WATERMARK_GRAY = 0.9


def words(page):
    return [(round(w[0], 2), round(w[1], 2), w[4]) for w in page.get_text("words")]


def footer_band(page):
    return page.rect.height - 15 * MM


def same_body(final_path, proof_path, margin_numbers=False):
    final, proof = fitz.open(final_path), fitz.open(proof_path)
    if proof.page_count <= final.page_count:
        return False, f"proof has {proof.page_count} pages, final {final.page_count}"
    left = 28 * MM
    checked = 0
    for i in range(final.page_count):
        a, b = words(final[i]), words(proof[i])
        missing = set(a) - set(b)
        if missing:
            return False, f"page {i + 1}: {len(missing)} words of the final PDF moved or missing in the proof, e.g. {sorted(missing)[:3]}"
        extra = [w for w in set(b) - set(a)
                 if not (w[1] > footer_band(proof[i])
                         or (margin_numbers and w[0] < left and w[2].isdigit()))]
        if extra:
            return False, f"page {i + 1}: {len(extra)} words in the proof's body that the final PDF lacks, e.g. {sorted(extra)[:3]}"
        if not margin_numbers and final[i].get_text("text").strip() != above_footer(proof[i]):
            return False, f"page {i + 1}: the text of the proof's body differs from the final's"
        checked += len(a)
    return True, f"{final.page_count} body pages, {checked} words at the same places"


def above_footer(page):
    """The page's text without the footer band."""
    clip = fitz.Rect(0, 0, page.rect.width, footer_band(page))
    return page.get_text("text", clip=clip).strip()


def watermark_first(page):
    drawings = page.get_drawings()
    for d in drawings:
        fill = d.get("fill")
        if fill and all(abs(c - WATERMARK_GRAY) < 0.01 for c in fill) and len(d["items"]) > 20:
            return True
    return False


def decorated(proof_path, body_pages, digest, name):
    doc = fitz.open(proof_path)
    total = doc.page_count
    for i, page in enumerate(doc):
        if b"/Artifact BMC" not in page.read_contents() or not watermark_first(page):
            return False, f"page {i + 1}: no watermark"
        foot = page.get_text("text", clip=fitz.Rect(0, footer_band(page), page.rect.width,
                                                     page.rect.height))
        foot = re.sub(r"\s+", " ", foot)
        for want in (name, digest, f"第 {i + 1} 页 共 {total} 页", "nianbao"):
            if want not in foot:
                return False, f"page {i + 1}: footer lacks «{want}»: «{foot.strip()}»"
    extra = [doc[i].get_text("text") for i in range(int(body_pages), total)]
    if not extra or "校样签发单" not in extra[0] or "数据核对" not in "".join(extra[1:]):
        return False, "no sign-off sheet and data check after the body"
    for word in ("拟稿人", "审核人", "签发人", "签字", "日期", digest):
        if word not in extra[0]:
            return False, f"the sign-off sheet lacks «{word}»"
    return True, f"{total} pages, each with watermark and footer; sign-off sheet and data check after page {body_pages}"


def has_words(proof_path, page, texts):
    doc = fitz.open(proof_path)
    chosen = [doc[int(page) - 1]] if int(page) > 0 else list(doc)
    text = re.sub(r"\s+", "", "".join(p.get_text("text") for p in chosen))
    missing = [t for t in texts if re.sub(r"\s+", "", t) not in text]
    return not missing, ("missing: " + ", ".join(missing)) if missing else "all there"


def tinted(proof_path, n):
    count = 0
    for page in fitz.open(proof_path):
        for d in page.get_drawings():
            fill = d.get("fill")
            if fill and all(abs(a - b) < 0.01 for a, b in zip(fill, TINT)):
                count += 1
    return count == int(n), f"{count} tinted cells"


def rules(proof_path, body_pages, n):
    doc = fitz.open(proof_path)
    text = "".join(doc[i].get_text("text") for i in range(int(body_pages), doc.page_count))
    part = text.split("一、勾稽关系")[-1].split("二、各列合计")[0]
    numbers = [int(m) for m in re.findall(r"(?m)^(\d+)．表", part)]
    marks = sum(1 for i in range(int(body_pages), doc.page_count)
                for d in doc[i].get_drawings() if d.get("color") and d.get("width", 0) > 0.5
                and len(d["items"]) in (2, 3))
    ok = numbers == list(range(1, int(n) + 1)) and marks >= int(n)
    return ok, f"rules listed: {len(numbers)} (1 … {max(numbers) if numbers else 0}), marks drawn: {marks}"


def margin(proof_path, page, least):
    doc = fitz.open(proof_path)
    found = sorted((w[1], int(w[2])) for w in words(doc[int(page) - 1])
                   if w[0] < 28 * MM and w[2].isdigit())
    nums = [n for _, n in found]
    ok = nums == list(range(1, len(nums) + 1)) and len(nums) >= int(least)
    return ok, f"margin numbers 1 … {len(nums)} top to bottom" if ok else f"margin numbers {nums}"


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "same-body":
        ok, msg = same_body(args[0], args[1], "--line-numbers" in args)
    elif cmd == "decorated":
        ok, msg = decorated(*args)
    elif cmd == "words":
        ok, msg = has_words(args[0], args[1], args[2:])
    elif cmd == "tinted":
        ok, msg = tinted(*args)
    elif cmd == "rules":
        ok, msg = rules(*args)
    elif cmd == "margin":
        ok, msg = margin(*args)
    else:
        ok, msg = False, "unknown command " + cmd
    print(msg)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
