#!/usr/bin/env bash
# nmt.sh: app/target/tunstack with native memory tracking in a throwaway network namespace (as root): VmRSS and
# `jcmd VM.native_memory summary` right after 100,000 echo replies (ping -f) and 15 s later.
set -euo pipefail
ns="p14n-$$"; ip netns add "$ns"; pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && sleep 1; kill -9 "$pid" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns exec "$ns" ip link set lo up
TUNSTACK_JAVA_OPTS="-XX:NativeMemoryTracking=summary" ip netns exec "$ns" "${TUNSTACK:-app/target/tunstack}" > ${LOGS:-/tmp}/nmt.log 2>&1 &
pid=$!
until ip netns exec "$ns" ping -n -c 1 -W 1 172.21.22.26 >/dev/null 2>&1; do sleep 0.01; done
ip netns exec "$ns" ping -n -q -f -l 8 -c 100000 172.21.22.26 > /dev/null
grep VmRSS /proc/$pid/status
jcmd $pid VM.native_memory summary > ${LOGS:-/tmp}/nmt-after.txt 2>&1 || true
grep -E "^-|committed" ${LOGS:-/tmp}/nmt-after.txt | grep -E "^-" | head -30
sleep 15
grep VmRSS /proc/$pid/status
jcmd $pid VM.native_memory summary > ${LOGS:-/tmp}/nmt-idle.txt 2>&1 || true
