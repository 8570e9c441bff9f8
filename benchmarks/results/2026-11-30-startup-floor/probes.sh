#!/usr/bin/env bash
# probes.sh PROBE ARG [JVM OPTIONS...]: compiles the probes against app/target/tunstack.jar (once) and runs one on a
# cold JVM with the launcher's flags and its class-data archive (the probes' own classes are not in the archive).
# No packet is sent: the probes only build picocli's model, jnr-ffi's binding, a date format.
#   T parse|bind|both        picocli's model of tunstack's command line, jnr-ffi's LibC binding, or both as Main does
#   M ann|small|spec|full    the first annotation read; a one-option command; the programmatic API; tunstack's command
#   P                        picocli: a small command, then each subcommand, then the root command, in one JVM
#   B hot|plain|all          jnr-ffi's ASM binding of read/write/poll (annotated, plain) or of all of LibC
#   D sdf|jt|both            slf4j-simple's SimpleDateFormat, Timestamps (java.time), one after the other
#   H                        an empty main
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../../.." && pwd); J=$root/app/target
out=/tmp/tunstack-probes; mkdir -p "$out"
[ "$out/io/tunstack/app/T.class" -nt "$J/tunstack.jar" ] || javac -cp "$J/tunstack.jar" -d "$out" "$here"/probes/*.java
probe=$1; shift; arg=${1:-x}; shift || true
case $probe in H) cls=H ;; *) cls=io.tunstack.app.$probe ;; esac
exec java -XX:+UseSerialGC -Xms8m -Xmx32m -Xmn4m -Xss256k -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData \
  -Xshare:auto -XX:SharedArchiveFile="$J/tunstack.jsa" -Djffi.boot.library.path="$J/native" -Dio.netty.jfr.enabled=false \
  "$@" -cp "$J/tunstack.jar:$out" "$cls" "$arg"
