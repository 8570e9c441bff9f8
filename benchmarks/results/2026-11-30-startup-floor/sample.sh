#!/usr/bin/env bash
# sample.sh PID OUT: every 10 s, seconds since start, VmRSS (kB), threads, open fds of PID, until it exits.
pid=$1; out=$2; s=$(date +%s)
while [ -d /proc/$pid ]; do
  echo "$(( $(date +%s) - s )) $(awk '/VmRSS/{print $2}' /proc/$pid/status) $(ls /proc/$pid/task | wc -l) $(ls /proc/$pid/fd | wc -l)" >> "$out"
  sleep 10
done
