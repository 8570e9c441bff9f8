#!/usr/bin/env bash
# light.sh - how light and quick a responder is, measured the way a user runs it, in a throwaway network namespace.
#
# Usage: light.sh LABEL COMMAND [ARGS...]        (as root; COMMAND runs under `ip netns exec`, with TUN_IF=tun0)
#
# One line: RESULT label=... first_reply_ms=... rss_kb=... threads=... idle_ticks_10s=... flood_cpu_us_per_reply=...
#   first_reply_ms   from the launch to the first echo reply of 172.21.22.26 (one `ping -c 1 -W 1` after another)
#   start_cpu_ms     the CPU time the responder had used by then (all threads; less disturbed by a busy machine)
#   start_jit_ms     the part of start_cpu_ms spent by the JIT compiler threads (beside the main thread, on another core)
#   rss_kb, threads  VmRSS and Threads of /proc/PID/status after 100,000 echo replies (ping -f -c 100000 -l 8)
#   rss_idle_kb      VmRSS again at the end of the idle time below
#   cpu_us_per_reply the responder's CPU time (utime + stime of every thread) during those 100,000, per reply
#   idle_ticks_10s   the responder's CPU ticks (utime + stime, every thread) over 10 s without a packet, measured
#                    12 s after the flood (after the status line's last print); per thread with ticks in idle_threads
#   idle_wakeups_10s the threads that woke up in those 10 s (voluntary context switches of /proc/PID/task/*/status)
# The command must create and configure tun0 with 172.21.22.23/24 itself (tunstack does; tunresp does without -n).
set -euo pipefail
label="$1"
shift
ns="i14l-light-$$"
ip netns add "$ns"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
    sleep 0.5
    kill -9 "$pid" 2>/dev/null || true
  fi
  ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0

now_ns() { date +%s%N; }
ticks() { # utime + stime of every thread of $1
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

log=$(mktemp /tmp/i14l-light.XXXXXX)
started=$(now_ns)
TUN_IF=tun0 ip netns exec "$ns" "$@" >"$log" 2>&1 &
pid=$!
until ip netns exec "$ns" ping -n -c 1 -W 1 172.21.22.26 >/dev/null 2>&1; do
  (( $(now_ns) - started > 20000000000 )) && { echo "RESULT label=$label error=no_reply"; cat "$log" >&2; exit 1; }
  sleep 0.001
done
first=$(( ($(now_ns) - started) / 1000000 ))
start_cpu_ms=$(( $(ticks "$pid") * 1000 / $(getconf CLK_TCK) ))
jit_ticks=0
for task in /proc/"$pid"/task/*; do
  case $(cat "$task/comm" 2>/dev/null) in
    C1\ Compiler*|C2\ Compiler*) jit_ticks=$(( jit_ticks + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$task/stat") )) ;;
  esac
done
start_jit_ms=$(( jit_ticks * 1000 / $(getconf CLK_TCK) ))

before=$(ticks "$pid")
ip netns exec "$ns" ping -n -q -f -l 8 -c 100000 172.21.22.26 >"$log.ping" 2>&1
after=$(ticks "$pid")
received=$(grep -oE '[0-9]+ received' "$log.ping" | cut -d' ' -f1)
hz=$(getconf CLK_TCK)
cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$received" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
rss=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
threads=$(awk '/^Threads/ { print $2 }' /proc/"$pid"/status)

sleep 12
declare -A t0 w0
for task in /proc/"$pid"/task/*; do
  t0[$task]=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$task/stat")
  w0[$task]=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$task/status")
done
idle0=$(ticks "$pid")
sleep 10
idle1=$(ticks "$pid")
rss_idle=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
busy=""
woke=""
for task in /proc/"$pid"/task/*; do
  t1=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$task/stat" 2>/dev/null || echo 0)
  d=$(( t1 - ${t0[$task]:-0} ))
  (( d > 0 )) && busy+="$(tr ' ' '_' <"$task/comm"):$d,"
  w=$(( $(awk '/^voluntary_ctxt_switches/ { print $2 }' "$task/status" 2>/dev/null || echo 0) - ${w0[$task]:-0} ))
  (( w > 0 )) && woke+="$(tr ' ' '_' <"$task/comm"):$w,"
done
echo "RESULT label=$label first_reply_ms=$first start_cpu_ms=$start_cpu_ms start_jit_ms=$start_jit_ms rss_kb=$rss rss_idle_kb=$rss_idle threads=$threads received=$received" \
     "cpu_us_per_reply=$cpu_us idle_ticks_10s=$((idle1 - idle0)) idle_threads=${busy:-none} idle_wakeups_10s=${woke:-none}"
rm -f "$log" "$log.ping"
