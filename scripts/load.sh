#!/usr/bin/env bash
# The load suite (docs/benchmarks.md, "An exam morning"): 500 simulated
# trainees against the release build on loopback, in the mix of an exam
# morning (scripts/load.mjs: 70 % module pages, 15 % catalog and course
# pages, 10 % final saves and sends, 4 % sign-ins, 1 % certificate PDFs),
# on SQLite, on PostgreSQL, and on two nodes behind nginx. Prints requests
# per second, p50/p99 latency, errors (must be zero) and each lantern
# process's peak memory.
#
#   make build && scripts/load.sh                 # all three
#   scripts/load.sh sqlite postgres cluster       # or some of them
#
# TRAINEES (default 500) and DURATION (seconds, default 30) vary the run. PostgreSQL
# runs in a cluster of its own (root or sudo), nginx from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bin=${LANTERN_BIN:-$(pwd)/target/release/lantern}
[ -x "$bin" ] || { echo "error: run make build first (or set LANTERN_BIN)" >&2; exit 1; }
export LANTERN_SITE_ROOT=${LANTERN_SITE_ROOT:-$(pwd)/target/site}
export TRAINEES=${TRAINEES:-500} LOAD_SECONDS=${DURATION:-30}
password=load-test-password-long
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sqlite postgres cluster)

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${PG_CLUSTER:-}" ] && pg_private_drop
  [ -f "$work/cluster-up" ] && CLUSTER_DIR=$work/cluster scripts/cluster.sh down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# Peak resident memory (VmHWM) of each pid, in MB.
peaks() {
  for pid in "$@"; do
    awk -v p="$pid" '/VmHWM/ {printf "  lantern pid %s: peak memory %.0f MB\n", p, $2 / 1024}' "/proc/$pid/status"
  done
}

run() { # BASES ORIGIN
  BASES=$1 ORIGIN=$2 PREFIX=load node scripts/load.mjs
}

single() { # database URL
  export LANTERN_DATABASE_URL=$1 LANTERN_AUDIT_KEY_FILE=$work/$target.key
  local port
  port=$(free_port)
  export LANTERN_ADDR=127.0.0.1:$port LANTERN_BASE_URL=http://127.0.0.1:$port
  "$bin" migrate >/dev/null
  "$bin" import content >/dev/null
  "$bin" import scripts/load/content >/dev/null
  echo "$password" | "$bin" dev accounts --count "$TRAINEES" --prefix load | sed 's/^/  /'
  start_node "$work/$target.log"
  pids+=("$NODE_PID")
  wait_healthy "http://127.0.0.1:$port" 60
  run "http://127.0.0.1:$port" "http://127.0.0.1:$port"
  peaks "$NODE_PID"
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true
}

for target in "${targets[@]}"; do
  case $target in
    sqlite)
      echo "== SQLite, one node"
      single "sqlite://$work/load.db?mode=rwc"
      ;;
    postgres)
      echo "== PostgreSQL, one node"
      pg_private lantern_load
      single "$PG_URL"
      ;;
    cluster)
      echo "== PostgreSQL, two nodes behind nginx"
      CLUSTER_DIR=$work/cluster LANTERN_BIN=$bin scripts/cluster.sh up | sed 's/^/  /'
      touch "$work/cluster-up"
      (
        # shellcheck disable=SC1091
        source "$work/cluster/env"
        echo "$password" | "$bin" dev accounts --count "$TRAINEES" --prefix load | sed 's/^/  /'
        run "$BASE" "$BASE"
        # shellcheck disable=SC2086
        peaks $NODE_PIDS
      )
      CLUSTER_DIR=$work/cluster scripts/cluster.sh down >/dev/null
      rm -f "$work/cluster-up"
      ;;
    *) echo "usage: $0 [sqlite] [postgres] [cluster]" >&2; exit 2 ;;
  esac
done
