#!/bin/bash
# Where the echo transform's time goes: perf samples (cpu-clock; this VM has no hardware counters) of the thread that
# runs CpuTimePerOp, JIT frames named from the JVM's perf map. Usage: profile.sh SIDE JAR PAYLOAD
set -u
side=$1 jar=$2 payload=$3
java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -Dbatches=30 -Dwarmup=5 \
  -Dbench=io.tunstack.benchmarks.EchoReplyBenchmark -Dfield=payload -Dvalue="$payload" \
  -cp "$jar" CpuTimePerOp.java > "profile-$side-$payload.out" 2>&1 &
pid=$!
sleep 8
perf record -q -e cpu-clock -F 2999 -p "$pid" -o "/tmp/bench-h/perf-$side-$payload.data" -- sleep 6 2>/dev/null
wait "$pid"
perf report -i "/tmp/bench-h/perf-$side-$payload.data" --no-children --sort symbol --stdio 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | head -25 > "profile-$side-$payload.txt"
