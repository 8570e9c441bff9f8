#!/usr/bin/env bash
# threads.sh MODE SIZE: CPU ticks per thread of tunstack during a 300,000-request flood after a warm-up
set -euo pipefail
mode=$1; size=$2; ns=lead-thr-$mode
ip netns add $ns; ip netns exec $ns ip link set lo up
cleanup() { [[ -n "${p:-}" ]] && kill $p 2>/dev/null; sleep 1; ip netns del $ns; }
trap cleanup EXIT
extra=(); [[ $mode == tap ]] && extra=(--tap --device tun0)
ip netns exec $ns /tmp/ci/app/target/tunstack "${extra[@]}" --ready-file /tmp/pb/$ns.ready >/tmp/pb/$ns.log 2>&1 & p=$!
until [[ -e /tmp/pb/$ns.ready ]]; do sleep 0.05; done; rm -f /tmp/pb/$ns.ready
ip netns exec $ns ping -q -f -l 64 -s $size -c 300000 172.21.22.26 >/dev/null
snap() { for t in /proc/$p/task/*; do echo "$(basename $t)-$(cat $t/comm | tr ' ' _) $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' $t/stat)"; done | sort; }
snap > /tmp/pb/a.$mode
ip netns exec $ns ping -q -f -l 64 -s $size -c 300000 172.21.22.26 | tail -1
snap > /tmp/pb/b.$mode
join /tmp/pb/a.$mode /tmp/pb/b.$mode | awk '{d=$3-$2; if (d>0) print $1, d}'
