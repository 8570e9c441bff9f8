#!/bin/bash
# JMH before/after, alternating: before, after, before, after, ... so that the machine's drift hits both jars.
# BEFORE and AFTER are the directories holding each side's benchmarks.jar; OUT the directory for the raw output.
# Same JVM (the default java), same flags, same JMH options for both; the IPv6 echo benchmark exists only after.
set -u
BEFORE=${BEFORE:-/tmp/bench-jars/before} AFTER=${AFTER:-/tmp/bench-jars/after} OUT=${OUT:-.} ROUNDS=${ROUNDS:-3}
OPTS="-f 1 -wi 5 -i 5 -w 1s -r 1s -prof gc"
ECHO='benchmarks\.EchoReplyBenchmark\.requestToReply'
for ((r = 1; r <= ROUNDS; r++)); do
  for side in before after; do
    jar=$BEFORE/benchmarks.jar; [ $side = after ] && jar=$AFTER/benchmarks.jar
    echo "# round $r $side $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -jar "$jar" "$ECHO" 'benchmarks\.DropBenchmark' $OPTS -rf csv -rff "$OUT/jmh-$side-$r.csv" \
      >"$OUT/jmh-$side-$r.txt" 2>&1
    if [ $side = after ]; then
      java -jar "$jar" 'benchmarks\.Ipv6EchoReplyBenchmark' $OPTS -rf csv -rff "$OUT/jmh-ipv6-$r.csv" \
        >"$OUT/jmh-ipv6-$r.txt" 2>&1
    fi
  done
done
echo "# done $(date -Is)"
