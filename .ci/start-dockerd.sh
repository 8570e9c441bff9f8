#!/usr/bin/env bash
# Makes sure a Docker daemon answers on this machine.
#
# Reuses a daemon that already answers (a second CI run, a developer's laptop). Otherwise starts dockerd in the
# background, logging to $DOCKERD_LOG, and waits a bounded time for it to answer.
#
# Usage: .ci/start-dockerd.sh            (as root)
# Environment: DOCKERD_LOG (default /var/log/tunstack-dockerd.log), DOCKERD_WAIT_SECONDS (default 60)
set -euo pipefail

log_file="${DOCKERD_LOG:-/var/log/tunstack-dockerd.log}"
wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"

if docker info >/dev/null 2>&1; then
  echo "dockerd: already running, reusing it ($(docker info --format '{{.ServerVersion}}, storage {{.Driver}}'))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "dockerd: not installed (apt-get install docker.io)" >&2
  exit 1
fi

# Whether PID is a live dockerd: a killed daemon can linger a moment as a zombie, and its pid can be reused.
is_live_dockerd() {
  local pid="$1"
  [[ -r "/proc/$pid/stat" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] \
    && [[ "$(awk '{print $3}' "/proc/$pid/stat")" != Z ]]
}

# A daemon that died uncleanly (e.g. killed with the session that started it) leaves its pid file behind, and a new
# one refuses to start over it.
pid_file=/var/run/docker.pid
if [[ -f "$pid_file" ]] && ! is_live_dockerd "$(cat "$pid_file")"; then
  echo "dockerd: removing the stale pid file of a daemon that is gone"
  rm -f "$pid_file"
fi

echo "dockerd: starting in the background, log in $log_file"
# setsid: the daemon outlives this script and is not in its process group.
setsid nohup dockerd >>"$log_file" 2>&1 </dev/null &
dockerd_pid=$!

for ((waited = 0; waited < wait_seconds; waited++)); do
  if docker info >/dev/null 2>&1; then
    echo "dockerd: ready after ${waited}s (pid $dockerd_pid, storage $(docker info --format '{{.Driver}}'))"
    exit 0
  fi
  if ! is_live_dockerd "$dockerd_pid"; then
    echo "dockerd: exited during start-up; the end of $log_file:" >&2
    tail -n 20 "$log_file" >&2
    exit 1
  fi
  sleep 1
done

echo "dockerd: did not answer within ${wait_seconds}s; the end of $log_file:" >&2
tail -n 20 "$log_file" >&2
exit 1
