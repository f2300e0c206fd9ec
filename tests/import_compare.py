#!/usr/bin/env python3
"""import_compare.py A.yaml B.yaml — are two nianbao input files equal in
content?  Compares what the report says, not how the file is written:
机关名称, 年度, the title (a missing 标题 is the default one), 前言, the
blocks of the text sections (kind and text), every table number (keys with
or without numbering, the short 其他处理 keys, rows as lists, totals left
out and computed), 落款.  Prints each difference; exit 0 equal, 1 not."""
import re, sys
from decimal import Decimal
import yaml

NUMBERING = re.compile(r'^\s*(?:[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十0-9]+[、．.])\s*')
TEXT_KEYS = ['前言', '总体情况', '存在的主要问题及改进情况', '其他需要报告的事项']
COLUMNS = {'表三': 7, '表四': 5}

def key(k):
    k = NUMBERING.sub('', str(k))
    return k.split('、')[0] if k.startswith('申请人') else k

def blocks(v):
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    out = []
    for b in v:
        if isinstance(b, dict) and '小标题' in b:
            out.append(('小标题', str(b['小标题']).strip()))
        elif isinstance(b, dict):
            out.append(('段落', str(b.get('段落', '')).strip()))
        else:
            out.append(('段落', str(b).strip()))
    return out

def numbers(table, prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            numbers(table, prefix + (key(k),), x, out)
        return
    vals = v if isinstance(v, list) else [v]
    vals = [Decimal(str(x)) if x is not None else Decimal(0) for x in vals]
    n = COLUMNS.get(table, len(vals))
    if len(vals) == n - 1:
        vals.append(sum(vals))
    vals += [Decimal(0)] * (n - len(vals))
    out[prefix] = vals

def content(path):
    with open(path, encoding='utf-8') as f:
        d = yaml.safe_load(f)
    c = {'机关名称': str(d.get('机关名称')), '年度': d.get('年度')}
    title = d.get('标题') or [c['机关名称'], '%s年政府信息公开工作年度报告' % c['年度']]
    c['标题'] = ''.join(title if isinstance(title, list) else [title]).replace(' ', '')
    for k in TEXT_KEYS:
        c[k] = blocks(d.get(k))
    for t in ('表二', '表三', '表四'):
        out = {}
        numbers(t, (), d.get(t) or {}, out)
        # Table 3's (七)总计 may be left out: the sum of the rows
        c[t] = {k: v for k, v in out.items() if any(v)}
    c['落款'] = d.get('落款')
    return c

def main():
    a, b = content(sys.argv[1]), content(sys.argv[2])
    diffs = 0
    for k in a:
        if a[k] == b[k]:
            continue
        if isinstance(a[k], list):
            for i in range(max(len(a[k]), len(b[k]))):
                x = a[k][i] if i < len(a[k]) else None
                y = b[k][i] if i < len(b[k]) else None
                if x != y:
                    print('%s[%d]:\n  < %s\n  > %s' % (k, i, x, y))
                    diffs += 1
        elif isinstance(a[k], dict) and isinstance(b[k], dict):
            for r in sorted(set(a[k]) | set(b[k])):
                if a[k].get(r) != b[k].get(r):
                    print('%s %s: %s != %s' % (k, '.'.join(r), a[k].get(r), b[k].get(r)))
                    diffs += 1
        else:
            print('%s: %r != %r' % (k, a[k], b[k]))
            diffs += 1
    sys.exit(1 if diffs else 0)

main()
