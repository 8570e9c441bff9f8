#!/usr/bin/env bash
# rtt.sh NS DELAY COUNT INTERVAL: RTT of a host with `delay DELAY` at one ping per INTERVAL, tunstack in netns NS
set -euo pipefail
ns=$1; delay=$2; count=$3; interval=$4
ip netns add "$ns"; ip netns exec "$ns" ip link set lo up
cleanup() { [[ -n "${p:-}" ]] && kill "$p" 2>/dev/null; sleep 0.5; ip netns del "$ns"; }
trap cleanup EXIT
ip netns exec "$ns" /work/main/app/target/tunstack --host "172.21.22.30 delay $delay" --host "fd00:172:21:22::30 delay $delay" --ready-file /tmp/q11/$ns.ready >/tmp/q11/$ns.log 2>&1 & p=$!
until [[ -e /tmp/q11/$ns.ready ]]; do sleep 0.05; done; rm -f /tmp/q11/$ns.ready
ip netns exec "$ns" ping -n -q -c 200 -i 0.01 172.21.22.30 >/dev/null   # warm-up
ip netns exec "$ns" ping -n -c "$count" -i "$interval" 172.21.22.30 | tee -a /tmp/q11/$ns.pings | tail -2
ip netns exec "$ns" ping -6 -n -c "$count" -i "$interval" fd00:172:21:22::30 | tee -a /tmp/q11/$ns.pings | tail -2
