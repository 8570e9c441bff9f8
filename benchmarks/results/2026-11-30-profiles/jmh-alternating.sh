#!/bin/sh
for round in 1 2 3; do
  for side in before after; do
    echo "== $side round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> log.txt
    java -jar $side.jar 'benchmarks\.EchoReplyBenchmark\.requestToReply' -f 1 -wi 5 -i 5 -w 1s -r 1s -prof gc -rf csv -rff jmh-$side-$round.csv > jmh-$side-$round.txt 2>&1
  done
done
echo finished >> log.txt
