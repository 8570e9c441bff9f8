#!/usr/bin/env bash
# perfcmp.sh MODE SIZE: syscalls and CPU of the worker under ping -f -s SIZE, TUN or TAP
set -euo pipefail
mode=$1; size=$2; ns=lead-perf-$mode
ip netns add $ns; ip netns exec $ns ip link set lo up
cleanup() { [[ -n "${p:-}" ]] && kill $p 2>/dev/null; sleep 1; ip netns del $ns; }
trap cleanup EXIT
extra=(); [[ $mode == tap ]] && extra=(--tap --device tun0)
ip netns exec $ns /work/wt/trial/app/target/tunstack "${extra[@]}" --ready-file /tmp/pb/$ns.ready >/tmp/pb/$ns.log 2>&1 & p=$!
until [[ -e /tmp/pb/$ns.ready ]]; do sleep 0.05; done; rm -f /tmp/pb/$ns.ready
ip netns exec $ns ping -q -f -l 64 -s $size -c 300000 172.21.22.26 >/dev/null
tid=$(grep -l tunstack-queue /proc/$p/task/*/comm | head -1 | cut -d/ -f5)
ip netns exec $ns ping -q -f -l 64 -s $size -c 200000 172.21.22.26 >/dev/null &
f=$!
perf stat -e task-clock,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_poll,context-switches -t $tid -- sleep 1.5 2>&1 | grep -E "task-clock|sys_enter|context" 
wait $f
