#!/usr/bin/env bash
# clt.sh COMMAND... : starts COMMAND (as root) in a throwaway network namespace, pings 172.21.22.26 until the first
# reply, and prints the time from the launch to it, the CPU the whole process had used by then (ended threads
# included), and each live thread's CPU (10 ms ticks); then stops it by its PID and removes the namespace.
# TUNSTACK_JAVA_OPTS passes JVM flags to the launcher.
set -euo pipefail
ns="p14t-$$"; ip netns add "$ns"; pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && sleep 1; kill -9 "$pid" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns exec "$ns" ip link set lo up
s=$(date +%s%N)
ip netns exec "$ns" "$@" > /tmp/clt-$$.log 2>&1 &
pid=$!
until ip netns exec "$ns" ping -n -c 1 -W 1 172.21.22.26 >/dev/null 2>&1; do sleep 0.001; done
first=$(( ($(date +%s%N) - s) / 1000000 ))
total=$(awk '{ sub(/^.*\) /, ""); print ($12 + $13) * 10 }' /proc/$pid/stat)
threads=$(for t in /proc/$pid/task/*; do echo "$(cat $t/comm | tr ' ' '_')=$(awk '{ sub(/^.*\) /, ""); print ($12 + $13) * 10 }' $t/stat)"; done | grep -v "=0$" | tr '\n' ' ')
echo "first reply $first ms cpu $total ms: $threads"
rm -f /tmp/clt-$$.log
