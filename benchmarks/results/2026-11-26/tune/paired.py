import sys, re, statistics as st
rows=[]
for f in sys.argv[1:]:
    for line in open(f):
        if not line.startswith('RESULT'): continue
        d=dict(kv.split('=',1) for kv in line.split()[1:] if '=' in kv)
        if d.get('contaminated')=='1': continue
        rows.append((f,d))
by={}
for f,d in rows:
    by[(f,d['round'],d['size'],d['label'])]=d
sizes=sorted({d['size'] for f,d in rows},key=int)
labels=sorted({d['label'] for f,d in rows})
for size in sizes:
    for lab in labels:
        if lab=='C-1q': continue
        cpu=[];rate=[]
        for (f,r,s,l),d in by.items():
            if s!=size or l!=lab: continue
            c=by.get((f,r,s,'C-1q'))
            if not c: continue
            cpu.append(float(d['resp_us_per_reply'])/float(c['resp_us_per_reply']))
            rate.append(float(d['replies_per_s'])/float(c['replies_per_s']))
        if cpu:
            print(f"{size:>5} {lab:7} n={len(cpu)} cpu/C median {st.median(cpu):.2f} ({min(cpu):.2f}-{max(cpu):.2f})  rate/C median {st.median(rate):.2f} ({min(rate):.2f}-{max(rate):.2f})")
    for lab in labels:
        v=[float(d['resp_us_per_reply']) for f,d in rows if d['size']==size and d['label']==lab]
        r=[float(d['replies_per_s']) for f,d in rows if d['size']==size and d['label']==lab]
        l=[float(d['loss']) for f,d in rows if d['size']==size and d['label']==lab]
        print(f"{size:>5} {lab:7} n={len(v)} us/reply median {st.median(v):.2f} replies/s median {st.median(r):.0f} maxloss {max(l)}")
