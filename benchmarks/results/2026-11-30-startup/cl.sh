#!/usr/bin/env bash
# cl.sh OUT COMMAND... : starts COMMAND (as root) in a throwaway network namespace, pings 172.21.22.26 until the first
# reply, prints the time from the launch to it and the CPU the process had used by then, then stops it (by its PID).
# OUT.log gets its output.
set -euo pipefail
out=$1; shift
ns="p14l-$$"; ip netns add "$ns"; pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && sleep 1; kill -9 "$pid" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns exec "$ns" ip link set lo up
s=$(date +%s%N)
ip netns exec "$ns" "$@" > $out.log 2>&1 &
pid=$!
until ip netns exec "$ns" ping -n -c 1 -W 1 172.21.22.26 >/dev/null 2>&1; do sleep 0.001; done
echo "first reply $(( ($(date +%s%N) - s) / 1000000 )) ms cpu $(( $(cat /proc/$pid/task/*/stat | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t }') * 10 )) ms"
