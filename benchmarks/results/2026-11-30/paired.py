#!/usr/bin/env python3
"""Flood results of run_all.sh, paired per round (runs seconds apart): CPU per reply and replies/s of each responder
against another's in the same round, as median (min-max); and the medians of each responder alone.
Usage: paired.py RAW..."""
import sys, statistics as st

rows = []
for path in sys.argv[1:]:
    for line in open(path):
        if line.startswith('RESULT'):
            d = dict(kv.split('=', 1) for kv in line.split()[1:] if '=' in kv)
            if d.get('contaminated') != '1' and 'error' not in d:
                rows.append((path, d))
by = {(p, d['round'], d['size'], d['label']): d for p, d in rows}
sizes = sorted({d['size'] for _, d in rows}, key=int)
labels = sorted({d['label'] for _, d in rows})
fmt = lambda v: f"{st.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
for size in sizes:
    print(f"== {size} B")
    for lab in labels:
        sel = [d for _, d in rows if d['size'] == size and d['label'] == lab]
        print(f"  {lab:9} n={len(sel)} us/reply median {st.median(float(d['resp_us_per_reply']) for d in sel):.2f}"
              f"  replies/s median {st.median(float(d['replies_per_s']) for d in sel):.0f}"
              f"  rtt avg median {1000 * st.median(float(d['rtt_avg_ms']) for d in sel):.0f} us"
              f"  max loss {max(float(d['loss']) for d in sel)}  max loss_kernel {max(float(d['loss_kernel']) for d in sel)}"
              f"  tun drops {sum(int(d['tun_tx_dropped']) for d in sel)}"
              f"  other_cpu median {st.median(float(d['other_cpu']) for d in sel):.2f}")
    for a, b in (('J-after', 'J-before'), ('J-before', 'C-1q'), ('J-after', 'C-1q')):
        cpu, rate = [], []
        for (p, r, s, l), d in by.items():
            o = by.get((p, r, s, b))
            if s == size and l == a and o:
                cpu.append(float(d['resp_us_per_reply']) / float(o['resp_us_per_reply']))
                rate.append(float(d['replies_per_s']) / float(o['replies_per_s']))
        if cpu:
            print(f"  {a} / {b}: n={len(cpu)} CPU per reply {fmt(cpu)}  replies/s {fmt(rate)}")
