#!/usr/bin/env bash
# flat.sh NS SECONDS PRELOAD: RSS of tunstack every 5 s while ping -f -l PRELOAD floods a host with `delay 10ms`
set -euo pipefail
ns=$1; secs=$2; preload=$3
ip netns add "$ns"; ip netns exec "$ns" ip link set lo up
cleanup() { [[ -n "${p:-}" ]] && kill "$p" 2>/dev/null; sleep 1; ip netns del "$ns"; }
trap cleanup EXIT
ip netns exec "$ns" /work/main/app/target/tunstack --host "172.21.22.30 delay 10ms" --ready-file /tmp/q11/$ns.ready >/tmp/q11/$ns.log 2>&1 & p=$!
until [[ -e /tmp/q11/$ns.ready ]]; do sleep 0.05; done; rm -f /tmp/q11/$ns.ready
jpid=$(pgrep -P $p java || pgrep -P "$(pgrep -P $p)" java || echo $p)
ip netns exec "$ns" timeout -s INT "$secs" ping -n -q -f -l "$preload" 172.21.22.30 > /tmp/q11/$ns.ping 2>&1 & f=$!
for ((t=0; t<=secs; t+=5)); do echo "t=$t rss_kb=$(awk '/VmRSS/{print $2}' /proc/$jpid/status) held=?"; sleep 5; done
wait $f || true; tail -3 /tmp/q11/$ns.ping
