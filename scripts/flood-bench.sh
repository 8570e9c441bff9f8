#!/bin/bash
# flood-bench.sh - tunstack against the kernel's own ICMP echo responder, side by side in one run.
#
# Usage: scripts/flood-bench.sh [options]
#   -j JAR     tunstack jar                                     (default app/target/tunstack.jar)
#   -s SIZES   ICMP payload sizes, space separated              (default "56 1400")
#   -c COUNT   echo requests in each measured flood             (default 200000)
#   -w COUNT   warm-up flood before measuring (JIT)             (default 200000)
#   -l N       ping -f preload: requests in flight              (default 64)
#   -r N       rounds; the responder order alternates           (default 1)
#   -q N       tunstack --queues N                              (default 1)
#   -p N       concurrent pingers, pinger i -> .(1+i) / .(2+i)  (default 1)
#   -J OPTS    JVM options                                      (default "-Xmx32m -XX:+UseSerialGC")
#   -o DIR     logs and raw results                             (default /tmp/flood-bench.<pid>)
#
# What it measures, per responder and size, in the same run:
#   tunstack  a TUN device tun0 (172.21.22.23/24, configured by tunstack itself) in namespace fb<pid>t; the pinger
#             runs in that namespace and floods 172.21.22.1 (and .2, ... with -p), which tunstack answers.
#   kernel    a veth pair between namespaces fb<pid>a (172.21.23.1) and fb<pid>b (172.21.23.2, .3, ...); the pinger
#             in a floods b, whose kernel answers. This is the kernel's own echo path, no userspace at all.
# Columns: replies/s = replies received / flood wall time; loss as ping reports it; rtt avg from ping; the
# responder's CPU (all its threads, from /proc/PID/stat) per reply; its peak RSS while flooding (VmRSS sampled every
# 0.1 s); young GC pauses during the measured flood (from -Xlog:gc); and "first reply": the time from launching
# the JVM to the first answered ping. The kernel's CPU is softirq time shared with the pinger: shown as "-".
#
# Network safety: every address, device and packet lives in the namespaces this script creates; they are deleted on
# exit, also on failure or Ctrl-C. Needs root, iproute2 and iputils ping. Public tools only.
set -u
export LC_ALL=C
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/app/target/tunstack.jar SIZES="56 1400" COUNT=200000 WARMUP=200000 PRELOAD=64 ROUNDS=1 QUEUES=1 PINGERS=1
JAVA_OPTS="-Xmx32m -XX:+UseSerialGC" OUT=""
usage() { sed -n '2,27p' "$0" >&2; exit 2; }
while getopts "j:s:c:w:l:r:q:p:J:o:h" o; do
  case $o in
    j) JAR=$OPTARG ;; s) SIZES=$OPTARG ;; c) COUNT=$OPTARG ;; w) WARMUP=$OPTARG ;; l) PRELOAD=$OPTARG ;;
    r) ROUNDS=$OPTARG ;; q) QUEUES=$OPTARG ;; p) PINGERS=$OPTARG ;; J) JAVA_OPTS=$OPTARG ;; o) OUT=$OPTARG ;;
    *) usage ;;
  esac
done
for v in COUNT WARMUP PRELOAD ROUNDS QUEUES PINGERS; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -ge 0 ] || { echo "flood-bench: bad -${v}: ${!v}" >&2; exit 2; }
done
[ "$PINGERS" -ge 1 ] && [ "$PINGERS" -le 8 ] || { echo "flood-bench: -p must be 1..8" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "flood-bench: must run as root (namespaces, TUN)" >&2; exit 2; }
[ -r "$JAR" ] || { echo "flood-bench: no jar at $JAR (build: mvn -q -B -pl app -am package -DskipTests)" >&2; exit 2; }
TAG=fb$$
OUT=${OUT:-/tmp/flood-bench.$$}
mkdir -p "$OUT" || exit 2
RAW=$OUT/raw.txt
: >"$RAW"

TUN_ADDR=172.21.22.23 TUN_PREFIX=24 VETH_A=172.21.23.1
CREATED_NS=() RPID="" PING_PIDS=() SAMPLER=""

log() { echo "[flood-bench] $*" >&2; }

stop_responder() {
  [ -n "$RPID" ] || return 0
  local i
  kill -TERM -- "-$RPID" 2>/dev/null
  for ((i = 0; i < 100; i++)); do kill -0 "$RPID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$RPID" 2>/dev/null && { log "responder $RPID ignored SIGTERM for 10 s: SIGKILL"; kill -KILL -- "-$RPID"; }
  wait "$RPID" 2>/dev/null
  RPID=""
}
delete_namespaces() {
  local ns
  for ns in "${CREATED_NS[@]}"; do ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"; done
  CREATED_NS=()
}
cleanup() {
  local p
  trap - EXIT INT TERM
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
  for p in "${PING_PIDS[@]}"; do kill -INT "$p" 2>/dev/null; done
  stop_responder
  delete_namespaces
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkns() {  # a namespace of our own, loopback up, IPv6 off (no router solicitations on the tun)
  ip netns add "$1" || { log "cannot create namespace $1"; exit 1; }
  CREATED_NS+=("$1")
  ip -n "$1" link set lo up
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}
in_ns() {  # runs a command in one of the namespaces this script created, never elsewhere
  local ns=$1 n; shift
  for n in "${CREATED_NS[@]}"; do [ "$n" = "$ns" ] && { ip netns exec "$ns" "$@"; return; }; done
  log "refusing to run outside our own namespaces: $ns"; exit 1
}
now_ns() { date +%s%N; }
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime+stime
young_gcs() { grep -c 'Pause Young' "$1" 2>/dev/null || true; }

# Samples the peak VmRSS (kB) of $1 until killed, into file $2.
rss_sampler() {
  local pid=$1 file=$2 peak=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    [ -n "$v" ] && [ "$v" -gt "$peak" ] && { peak=$v; echo "$peak" >"$file"; }
    sleep 0.1
  done
}

# Waits until $2 answers one ping from namespace $1; prints nothing, fails after 60 s.
wait_answer() {
  local ns=$1 target=$2 deadline=$(( $(date +%s) + 60 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ -n "$RPID" ] && ! kill -0 "$RPID" 2>/dev/null && { log "responder died: $(tail -3 "$OUT/responder.log")"; return 1; }
    # Sends every 2 ms until the first reply; fails at once while the route does not exist yet.
    in_ns "$ns" ping -q -n -i 0.002 -c 1 -w 5 "$target" >/dev/null 2>&1 && return 0
    sleep 0.005
  done
  return 1
}

# Floods from namespace $1 with $PINGERS pingers; pinger i targets "$2$((base + i))"; writes one ping log per pinger.
flood() {
  local ns=$1 prefix=$2 base=$3 size=$4 count=$5 tag=$6 i
  PING_PIDS=()
  for ((i = 0; i < PINGERS; i++)); do
    in_ns "$ns" ping -f -q -n -l "$PRELOAD" -c "$((count / PINGERS))" -s "$size" "$prefix$((base + i))" \
      >"$OUT/$tag.ping$i.log" 2>&1 &
    PING_PIDS+=($!)
  done
  for i in "${PING_PIDS[@]}"; do wait "$i"; done
  PING_PIDS=()
}

# Sums the ping logs of one flood: prints "sent received rtt_avg_ms" (rtt weighted by replies).
ping_totals() {
  awk '/packets transmitted/ { tx += $1; for (i = 1; i <= NF; i++) if ($i ~ /^received,?$/) { rx += $(i-1); last = $(i-1) } }
       /^rtt / { split($4, a, "/"); av += a[2] * last; n += last }
       END { printf "%d %d %s\n", tx, rx, (n ? sprintf("%.3f", av / n) : "nan") }' "$@"
}

# One measured flood against a running responder. $1 label, $2 size, $3 ns, $4 target prefix, $5 first host,
# $6 responder pid or "", $7 first-reply ms or "-", $8 gc log or "". Appends one RESULT line to $RAW.
measure() {
  local label=$1 size=$2 ns=$3 prefix=$4 base=$5 pid=$6 first=$7 gclog=$8
  local tag="$label-$size" c0=0 c1=0 g0=0 g1=0 t0 t1 rss=- gcs=- cpu=-
  if [ "$WARMUP" -gt 0 ]; then flood "$ns" "$prefix" "$base" "$size" "$WARMUP" "$tag-warmup"; fi
  sleep 0.2
  if [ -n "$pid" ]; then
    rm -f "$OUT/$tag.rss"
    rss_sampler "$pid" "$OUT/$tag.rss" &
    SAMPLER=$!
    c0=$(cpu_ticks "$pid"); g0=$(young_gcs "$gclog")
  fi
  t0=$(now_ns)
  flood "$ns" "$prefix" "$base" "$size" "$COUNT" "$tag"
  t1=$(now_ns)
  if [ -n "$pid" ]; then
    c1=$(cpu_ticks "$pid"); g1=$(young_gcs "$gclog")
    kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; SAMPLER=""
    rss=$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/$tag.rss" 2>/dev/null)
    gcs=$((g1 - g0))
  fi
  read -r tx rx avg < <(ping_totals "$OUT/$tag".ping*.log)
  awk -v l="$label" -v s="$size" -v tx="$tx" -v rx="$rx" -v avg="$avg" -v el=$(((t1 - t0) / 1000)) \
      -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v pid="$pid" -v rss="${rss:--}" -v gcs="$gcs" -v first="$first" \
      'BEGIN { rps = el > 0 ? rx * 1e6 / el : 0
               cpu = (pid != "" && rx > 0) ? sprintf("%.2f", ticks / hz * 1e6 / rx) : "-"
               printf "RESULT responder=%s size=%d sent=%d received=%d loss=%.5f replies_per_s=%.0f rtt_avg_ms=%s cpu_us_per_reply=%s rss_mb=%s young_gcs=%s first_reply_ms=%s\n",
                      l, s, tx, rx, (tx > 0 ? 1 - rx / tx : 0), rps, avg, cpu, rss, gcs, first }' | tee -a "$RAW" >&2
}

run_tunstack() {  # $1 size
  local size=$1 ns=${TAG}t t0 t1 gclog="$OUT/tunstack-$1.gc.log"
  mkns "$ns"
  t0=$(now_ns)
  # setsid: the JVM leads its own process group, so that SIGTERM reaches it alone.
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  setsid ip netns exec "$ns" java $JAVA_OPTS "-Xlog:gc:file=$gclog" -jar "$JAR" --device tun0 \
    --address "$TUN_ADDR/$TUN_PREFIX" --queues "$QUEUES" >"$OUT/responder.log" 2>&1 </dev/null &
  RPID=$!
  if ! wait_answer "$ns" 172.21.22.1; then log "tunstack did not answer; log: $OUT/responder.log"; exit 1; fi
  t1=$(now_ns)
  # ip netns exec and setsid exec the JVM in place: the pid is the JVM's, whose CPU and RSS are measured.
  [ "$(cat "/proc/$RPID/comm" 2>/dev/null)" = java ] || log "warning: pid $RPID is not the JVM; CPU and RSS are wrong"
  measure tunstack "$size" "$ns" 172.21.22. 1 "$RPID" "$(((t1 - t0) / 1000000))" "$gclog"
  stop_responder
  cp "$OUT/responder.log" "$OUT/tunstack-$size.log"
  delete_namespaces
}

run_kernel() {  # $1 size
  local size=$1 a=${TAG}a b=${TAG}b i
  mkns "$a"; mkns "$b"
  ip -n "$a" link add vA type veth peer name vB netns "$b" || exit 1
  ip -n "$a" addr add "$VETH_A/24" dev vA || exit 1
  for ((i = 0; i < PINGERS; i++)); do ip -n "$b" addr add "172.21.23.$((2 + i))/24" dev vB || exit 1; done
  ip -n "$a" link set vA up && ip -n "$b" link set vB up || exit 1
  wait_answer "$a" 172.21.23.2 || { log "veth peer does not answer"; exit 1; }
  measure kernel-veth "$size" "$a" 172.21.23. 2 "" - ""
  delete_namespaces
}

log "jar $JAR, sizes $SIZES, $COUNT requests per flood after $WARMUP warm-up, preload $PRELOAD, $PINGERS pinger(s),"
log "tunstack --queues $QUEUES with $JAVA_OPTS; logs in $OUT"
for ((round = 1; round <= ROUNDS; round++)); do
  for size in $SIZES; do
    if ((round % 2)); then run_tunstack "$size"; run_kernel "$size"; else run_kernel "$size"; run_tunstack "$size"; fi
  done
done

# The table: medians over rounds, and tunstack's replies/s as a fraction of the kernel's in the same run.
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r)," \
  "$(java -version 2>&1 | head -1); $ROUNDS round(s), $COUNT requests, preload $PRELOAD, $PINGERS pinger(s)"
awk '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " "); if (n == 0) return "-"
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (v[1] == "-") ? "-" : (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
  }
  /^RESULT / {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    k = f["responder"] SUBSEP f["size"]
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    for (c in f) vals[k, c] = vals[k, c] " " f[c]
  }
  END {
    printf "| %-11s | %4s | %10s | %7s | %7s | %9s | %6s | %8s | %11s | %13s |\n", "responder", "size", "replies/s",
           "loss", "rtt ms", "us/reply", "RSS MB", "young GC", "first reply", "vs kernel"
    printf "|-------------|------|------------|---------|---------|-----------|--------|----------|-------------|---------------|\n"
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, p, SUBSEP)
      rps = median(vals[k, "replies_per_s"]); kern = median(vals["kernel-veth" SUBSEP p[2], "replies_per_s"])
      ratio = (p[1] != "kernel-veth" && kern + 0 > 0) ? sprintf("%.2f x", rps / kern) : "-"
      first = median(vals[k, "first_reply_ms"]); first = (first == "-") ? "-" : first " ms"
      printf "| %-11s | %4s | %10.0f | %7.5f | %7s | %9s | %6s | %8s | %11s | %13s |\n", p[1], p[2], rps,
             median(vals[k, "loss"]), median(vals[k, "rtt_avg_ms"]), median(vals[k, "cpu_us_per_reply"]),
             median(vals[k, "rss_mb"]), median(vals[k, "young_gcs"]), first, ratio
    }
  }' "$RAW"
echo "raw results: $RAW"
