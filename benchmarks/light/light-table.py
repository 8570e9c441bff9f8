#!/usr/bin/env python3
"""Medians, per responder label, of the RESULT lines of light.sh: light-table.py FILE..."""
import re
import statistics
import sys

FIELDS = ["first_reply_ms", "start_cpu_ms", "start_jit_ms", "rss_kb", "rss_idle_kb", "threads", "cpu_us_per_reply", "idle_ticks_10s"]
runs = {}
for path in sys.argv[1:]:
    for line in open(path):
        if not line.startswith("RESULT "):
            continue
        values = dict(re.findall(r"(\w+)=(\S+)", line))
        runs.setdefault(values["label"], []).append(values)

print("| responder | runs | " + " | ".join(FIELDS) + " |")
print("|---|---:|" + "---:|" * len(FIELDS))
for label, rows in runs.items():
    cells = []
    for field in FIELDS:
        numbers = [float(r[field]) for r in rows if field in r]
        if not numbers:
            cells.append("-")
            continue
        cells.append("%g (%g-%g)" % (statistics.median(numbers), min(numbers), max(numbers)))
    print("| %s | %d | %s |" % (label, len(rows), " | ".join(cells)))
