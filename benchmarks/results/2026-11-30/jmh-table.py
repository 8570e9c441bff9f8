#!/usr/bin/env python3
"""Per benchmark and parameter: each round's score (ns/op) for before and after (the IPv6 benchmark counts as after),
the median over the rounds, the after/before ratio of the medians and per round, and the largest B/op; then the same
for the fastest measured iteration of each run. Reads jmh-{before,after,ipv6}-N.{csv,txt} in the current directory
(written by jmh-alternating.sh)."""
import csv, glob, re, statistics
from collections import defaultdict


def side_round(path):
    side, rnd = re.match(r'jmh-(\w+)-(\d+)\.\w+$', path).groups()
    return ('after' if side == 'ipv6' else side), int(rnd)


score = defaultdict(dict)   # (side, bench, param) -> {round: ns/op}
alloc = defaultdict(dict)   # (side, bench, param) -> {round: B/op}
for path in sorted(glob.glob('jmh-*-*.csv')):
    side, rnd = side_round(path)
    with open(path) as f:
        for row in csv.DictReader(f):
            name = row['Benchmark'].replace('io.tunstack.benchmarks.', '')
            param = row.get('Param: breakage') or row.get('Param: payload') or ''
            base, _, secondary = name.partition(':')
            if not secondary:
                score[(side, base, param)][rnd] = float(row['Score'])
            elif secondary == 'gc.alloc.rate.norm':
                alloc[(side, base, param)][rnd] = float(row['Score'])

# The fastest measured iteration of each run: on a machine that other processes load, time stolen from the benchmark
# thread only ever adds, so the fastest second is the closest to the uncontended cost.
best = defaultdict(dict)
for path in sorted(glob.glob('jmh-*-*.txt')):
    side, rnd = side_round(path)
    bench = param = None
    for line in open(path):
        m = re.match(r'# Benchmark: io\.tunstack\.benchmarks\.(\S+)', line)
        bench = m.group(1) if m else bench
        m = re.match(r'# Parameters: \(\w+ = (\w+)\)', line)
        param = m.group(1) if m else param
        m = re.match(r'Iteration +\d+: ([0-9.]+) ns/op', line)
        if m:
            runs = best[(side, bench, param)]
            runs[rnd] = min(float(m.group(1)), runs.get(rnd, float('inf')))


def print_table(title, values, with_alloc):
    print(f"{title:42} {'param':36} {'before (rounds) | median':32} {'after (rounds) | median':32} "
          f"{'after/before':>12} {'per round':>18}" + (f" {'max B/op b/a':>14}" if with_alloc else ''))
    for b, p in sorted({(b, p) for (_, b, p) in values}):
        cells, med = [], {}
        for side in ('before', 'after'):
            runs = values.get((side, b, p), {})
            if runs:
                med[side] = statistics.median(runs.values())
                cells.append(' '.join(f'{runs[r]:.1f}' for r in sorted(runs)) + f' | {med[side]:.1f}')
            else:
                cells.append('-')
        ratio = per = '-'
        if len(med) == 2:
            ratio = f"{med['after'] / med['before']:.2f}"
            sb, sa = values[('before', b, p)], values[('after', b, p)]
            per = ' '.join(f'{sa[r] / sb[r]:.2f}' for r in sorted(sb) if r in sa)
        line = f'{b:42} {p:36} {cells[0]:32} {cells[1]:32} {ratio:>12} {per:>18}'
        if with_alloc:
            line += ' ' + '/'.join(f"{max(alloc[(s, b, p)].values()):.3f}" if alloc.get((s, b, p)) else '-'
                                   for s in ('before', 'after')).rjust(14)
        print(line)


print_table('JMH average, ns/op', score, True)
print()
print_table('fastest iteration of each run, ns/op', best, False)
