#!/usr/bin/env bash
# cpu.sh LABEL SIZE WARMUP COMMAND... : the responder's CPU (all, and user space alone) and its sleeps (voluntary
# context switches) per reply over a flood of $COUNT requests (default 200,000; ping -f -l 8 -s SIZE) after WARMUP
# requests, in a throwaway network namespace (as root). Logs go to $LOGS (default /tmp). E.g.:
#   WAIT=1 ./cpu.sh c-poll 1372 0 ./tunwait; ./cpu.sh java 1372 200000 app/target/tunstack
set -euo pipefail
label=$1; size=$2; warm=$3; shift 3
ns="p14c-$$"
ip netns add "$ns"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && sleep 1; kill -9 "$pid" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns exec "$ns" ip link set lo up
TUN_IF=tun0 ip netns exec "$ns" "$@" > ${LOGS:-/tmp}/$label.log 2>&1 &
pid=$!
until ip netns exec "$ns" ping -n -c 1 -W 1 172.21.22.26 >/dev/null 2>&1; do sleep 0.01; done
ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'; }
uticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{ sub(/^.*\) /, ""); t += $12 } END { print t + 0 }'; }
[[ $warm -gt 0 ]] && ip netns exec "$ns" ping -n -q -f -l 8 -s $size -c $warm 172.21.22.26 > /dev/null
vcs() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { t += $2 } END { print t + 0 }'; }
t0=$(ticks $pid); u0=$(uticks $pid); v0=$(vcs $pid)
ip netns exec "$ns" ping -n -q -f -l 8 -s $size -c ${COUNT:-200000} 172.21.22.26 > ${LOGS:-/tmp}/$label.ping 2>&1
t1=$(ticks $pid); u1=$(uticks $pid); v1=$(vcs $pid)
echo "$label size=$size sleeps_per_reply=$(awk -v v=$((v1-v0)) -v n=${COUNT:-200000} 'BEGIN { printf "%.3f", v/n }') us_per_reply=$(awk -v t=$((t1-t0)) -v n=${COUNT:-200000} 'BEGIN { printf "%.2f", t*10000/n }') user_us_per_reply=$(awk -v t=$((u1-u0)) -v n=${COUNT:-200000} 'BEGIN { printf "%.2f", t*10000/n }') $(grep -o '[0-9]* received' ${LOGS:-/tmp}/$label.ping) $(grep -o 'time [0-9]*ms' ${LOGS:-/tmp}/$label.ping)"
