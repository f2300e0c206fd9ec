#!/usr/bin/env python3
"""import_numbers.py INPUT.yaml EXPECTED.json — do an input file's table
numbers equal an expected-values file's (shared/tools/pdfcheck schema)?
For a report that cannot be rendered as a final PDF because it breaks the
rules as published: its numbers are held against the expected values
directly.  Rows in the file's order (the form's); prints each difference;
exit 0 equal, 1 not."""
import json, sys
from decimal import Decimal
import yaml

def rows(v, out):
    if isinstance(v, dict):
        for x in v.values():
            rows(x, out)
    else:
        out.append([Decimal(str(x)) for x in (v if isinstance(v, list) else [v])])
    return out

def main():
    d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
    e = json.load(open(sys.argv[2], encoding='utf-8'))
    t2 = d['表二']
    got = {
        'table2': {'regulations': t2['规章'], 'normative_documents': t2['行政规范性文件'],
                   'licensing': t2['行政许可'], 'punishment': t2['行政处罚'],
                   'coercion': t2['行政强制'], 'fees': t2['行政事业性收费']},
        'table3': rows(d['表三'], []),
        'table4': sum(rows(d['表四'], []), []),
    }
    want = {'table2': e['table2'], 'table3': e['table3'], 'table4': e['table4']}
    bad = 0
    for k, v in want['table2'].items():
        g = got['table2'][k]
        if [Decimal(str(x)) for x in (g if isinstance(g, list) else [g])] != \
           [Decimal(str(x)) for x in (v if isinstance(v, list) else [v])]:
            print('table2 %s: %s != %s' % (k, g, v)); bad += 1
    for i, (g, v) in enumerate(zip(got['table3'], want['table3'])):
        if g != [Decimal(x) for x in v]:
            print('table3 row %d: %s != %s' % (i + 1, [str(x) for x in g], v)); bad += 1
    if len(got['table3']) != len(want['table3']):
        print('table3: %d rows != %d' % (len(got['table3']), len(want['table3']))); bad += 1
    if got['table4'] != [Decimal(x) for x in want['table4']]:
        print('table4: %s != %s' % ([str(x) for x in got['table4']], want['table4'])); bad += 1
    sys.exit(1 if bad else 0)

main()
