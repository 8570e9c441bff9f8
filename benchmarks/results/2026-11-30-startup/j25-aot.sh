#!/bin/sh
# j25-aot.sh: tunstack.jar on Temurin 25 with the launcher's flags and an ahead-of-time cache, for comparison only.
# Train the cache first, as root, from the project root:
#   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:+UseSerialGC -XX:AOTCacheOutput=/tmp/p14/j25/tunstack.aot \
#     -Djffi.boot.library.path=$PWD/app/target/native -cp $PWD/app/target/tunstack.jar io.tunstack.app.ClassListTraining
here="${TUNSTACK_HOME:-$PWD/app/target}"   # the jar path the cache was trained on
export MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=16384 MALLOC_TRIM_THRESHOLD_=65536
exec /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:+UseSerialGC -Xms8m -Xmx24m -Xmn4m -Xss256k \
  -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData \
  -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=0 \
  -XX:AOTCache=/tmp/p14/j25/tunstack.aot \
  -Djffi.boot.library.path="$here/native" -Dio.netty.jfr.enabled=false \
  -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 -Dio.netty.allocator.maxOrder=4 \
  -jar "$here/tunstack.jar" "$@"
