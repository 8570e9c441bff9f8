#!/bin/bash
set -u
B=/tmp/x/jmh/before.jar A=/tmp/x/jmh/after.jar
run() {
  printf '%s %s %s=%s: ' "$1" "${3##*.}" "$4" "$5"
  java -Dbench="$3" -Dfield="$4" -Dvalue="$5" -cp "$2" CpuTimePerOp.java | tail -1
}
for r in 1 2 3; do
  echo "# round $r $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for p in 56 1400; do
    run before $B io.tunstack.benchmarks.EchoReplyBenchmark payload $p
    run after $A io.tunstack.benchmarks.EchoReplyBenchmark payload $p
  done
  run before $B io.tunstack.benchmarks.Ipv6EchoReplyBenchmark payload 56
  run after $A io.tunstack.benchmarks.Ipv6EchoReplyBenchmark payload 56
done
echo finished
