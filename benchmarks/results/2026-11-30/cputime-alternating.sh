#!/bin/bash
# CPU time per operation (CpuTimePerOp.java), before and after alternating, three rounds.
set -u
B=/tmp/bench-jars/before/benchmarks.jar A=/tmp/bench-jars/after/benchmarks.jar
run() {  # side jar class field value
  printf '%s %s %s=%s: ' "$1" "${3##*.}" "$4" "$5"
  java -Dbench="$3" -Dfield="$4" -Dvalue="$5" -Dmethod="${6:-requestToReply}" -cp "$2" CpuTimePerOp.java | tail -1
}
for r in 1 2 3; do
  echo "# round $r $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for p in 56 1400; do
    run before $B io.tunstack.benchmarks.EchoReplyBenchmark payload $p
    run after $A io.tunstack.benchmarks.EchoReplyBenchmark payload $p
  done
  for d in IPV4_NOT_ANSWERED ICMP_BAD_CHECKSUM; do
    run before $B io.tunstack.benchmarks.DropBenchmark breakage $d drop
    run after $A io.tunstack.benchmarks.DropBenchmark breakage $d drop
  done
  run after $A io.tunstack.benchmarks.Ipv6EchoReplyBenchmark payload 56
  run after $A io.tunstack.benchmarks.Ipv6EchoReplyBenchmark payload 1400
done
