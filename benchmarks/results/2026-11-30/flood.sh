#!/bin/bash
# The side-by-side flood: the C responder, tunstack before (a876c2f) and after, one run of the shared harness.
# Both jars run exactly as the earlier sections ran tunstack: no arguments, the responder JVM flags of the docs.
J="java -Xmx32m -XX:+UseSerialGC -jar"
export BENCH_OUT=${BENCH_OUT:-/tmp/bench-h}
/work/shared/bench/run_all.sh -r "${ROUNDS:-4}" -q "${QUIET:-0.5}" -a "${ATTEMPTS:-2}" -o "$PWD/raw_flood.txt" -n \
  -x "C-1q|tun|$BENCH_OUT/tunresp -n" \
  -x "J-before|tun|$J /tmp/bench-jars/before/tunstack.jar" \
  -x "J-after|tun|$J /tmp/bench-jars/after/tunstack.jar" \
  -N -y 'flood|56|-w 200000' -y 'flood|1400|-w 200000'
