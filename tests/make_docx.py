#!/usr/bin/env python3
"""make_docx.py FORM.yaml REPORT.yaml OUT.docx — writes a report the way an
office's Word file holds it, for the tests of `nianbao import`: the title
and section headings as bold paragraphs, sub-headings bold (one typed as the bold first run of
its paragraph), an empty
paragraph standing in for each page break, a paragraph broken in two by
one, the three tables drawn from the form's grid with merged cells
(gridSpan, vMerge), a long label broken by a line break inside its cell,
numbers with stray and full-width spaces and full-width digits, and the
closing.  Uses python-docx (Debian python3-docx)."""
import sys
import yaml
from docx import Document

FULL = str.maketrans('0123456789', '０１２３４５６７８９')

def grid(table):
    """The form's cells placed as in HTML: (row, col, rows, cols, cell)."""
    taken, placed = set(), []
    for r, row in enumerate(table['rows']):
        cells = list(row.get('cells', []))
        if 'data' in row:
            cells += [{'field': row['data'] + '.' + c} for c in table['columns']]
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            rs, cs = cell.get('rows', 1), cell.get('cols', 1)
            for i in range(rs):
                for j in range(cs):
                    taken.add((r + i, c + j))
            placed.append((r, c, rs, cs, cell))
            c += cs
    return placed

def value(report, table, path):
    parts = path.split('.')
    node = report.get(table) or {}
    columns = {'表三': ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'],
               '表四': ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
               '表二': ['本年制发件数', '本年废止件数', '现行有效件数']}[table]
    def find(node, key):
        if not isinstance(node, dict):
            return None
        for k, v in node.items():
            if str(k) == key or str(k).split('、')[0] == key.split('、')[0]:
                return v
        return None
    for i, p in enumerate(parts):
        nxt = find(node, p)
        if nxt is None and isinstance(node, list) and p in columns:
            idx = columns.index(p)
            return node[idx] if idx < len(node) else sum(node)
        if nxt is None:
            return 0
        node = nxt
    return node

def number_text(v, k):
    """Numbers as clerks type them: some with full-width spaces or digits."""
    s = str(v)
    if k % 5 == 1:
        return '\u3000\u3000' + s
    if k % 5 == 3:
        return s.translate(FULL)
    if k % 5 == 4:
        return ' ' + s + ' '
    return s

def add_table(doc, report, table):
    placed = grid(table)
    nrows = max(r + rs for r, c, rs, cs, _ in placed)
    ncols = len(table['widths'])
    t = doc.add_table(rows=nrows, cols=ncols)
    t.style = 'Table Grid'
    k = 0
    for r, c, rs, cs, cell in placed:
        target = t.cell(r, c)
        if rs > 1 or cs > 1:
            target = target.merge(t.cell(r + rs - 1, c + cs - 1))
        if 'text' in cell:
            text = cell['text']
            para = target.paragraphs[0]
            if len(text) > 16 and '、' in text:
                # a line break inside the cell
                head, tail = text[:12], text[12:]
                run = para.add_run(head)
                run.add_break()
                para.add_run(tail)
            else:
                para.add_run(text).bold = bool(cell.get('head'))
        else:
            target.paragraphs[0].add_run(number_text(value(report, table['key'], cell['field']), k))
            k += 1

def blocks(v):
    if isinstance(v, str):
        return [('p', v)]
    out = []
    for b in v or []:
        if isinstance(b, dict) and '小标题' in b:
            out.append(('h', b['小标题']))
        else:
            out.append(('p', b['段落'] if isinstance(b, dict) else str(b)))
    return out

def main():
    form = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
    report = yaml.safe_load(open(sys.argv[2], encoding='utf-8'))
    doc = Document()
    doc.add_paragraph()
    title = report.get('标题') or [report['机关名称'], '%d年政府信息公开工作年度报告' % report['年度']]
    doc.add_paragraph().add_run(''.join(title if isinstance(title, list) else [title])).bold = True
    doc.add_paragraph()
    for kind, text in blocks(report.get('前言')):
        doc.add_paragraph(text)
    tables = {t['key']: t for t in form['tables']}
    broken = inline = False
    for sec in form['sections']:
        doc.add_paragraph().add_run(sec['heading']).bold = True
        if sec['kind'] == 'table':
            add_table(doc, report, tables[sec['table']])
            doc.add_paragraph()
            doc.add_paragraph()
            continue
        items = blocks(report.get(sec['key']))
        for i, (kind, text) in enumerate(items):
            if kind == 'h' and i + 1 < len(items) and items[i + 1][0] == 'p' and not inline:
                # a heading typed as the bold first run of its paragraph
                para = doc.add_paragraph()
                para.add_run(text).bold = True
                para.add_run(items[i + 1][1])
                items[i + 1] = ('done', '')
                inline = True
            elif kind == 'h':
                doc.add_paragraph().add_run(text).bold = True
            elif kind == 'done':
                continue
            elif not broken and len(text) > 80 and not text[59] in '，。；：、':
                # a paragraph broken by a page: empty paragraphs in between
                doc.add_paragraph(text[:60])
                doc.add_paragraph()
                doc.add_paragraph()
                doc.add_paragraph(text[60:])
                broken = True
            else:
                doc.add_paragraph(text)
    closing = report.get('落款')
    if closing:
        doc.add_paragraph()
        doc.add_paragraph(closing['署名'])
        doc.add_paragraph(closing['日期'])
    doc.save(sys.argv[3])

main()
