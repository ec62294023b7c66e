#!/usr/bin/env bash
# Lantern scaled out on one machine, on loopback (docs/deployment.md): a
# PostgreSQL cluster of its own, two `lantern serve` processes on two ports
# sharing it, and Debian's nginx in front of both with
# LANTERN_TRUSTED_PROXIES set — the shape of an N-node deployment.
#
#   scripts/cluster.sh up          # start; prints the addresses
#   scripts/cluster.sh down        # stop everything, drop the database cluster
#   scripts/cluster.sh run CMD…    # up, run CMD with the cluster's variables, down
#   scripts/cluster.sh test        # the two-node test (scripts/cluster-test.mjs)
#
# CMD (and `test`) see BASE (nginx), NODES (the two nodes, comma-separated),
# NODE_PIDS, LANTERN_DATABASE_URL, LANTERN_AUDIT_KEY_FILE and CLUSTER_DIR.
# LANTERN_BIN picks the binary (default target/release/lantern; the site
# must be built: make site). Needs root or sudo for PostgreSQL's cluster
# tools; nginx-light and postgresql are installed from Debian if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bin=${LANTERN_BIN:-$(pwd)/target/release/lantern}
dir=${CLUSTER_DIR:-$(pwd)/target/cluster}
name=lantern_cluster

up() {
  [ -x "$bin" ] || { echo "error: no $bin; run make build (or set LANTERN_BIN)" >&2; exit 1; }
  [ -f "$dir/env" ] && down
  mkdir -p "$dir"
  chmod 755 "$dir"
  pg_private "$name"
  local port_a port_b port
  port_a=$(free_port); port_b=$(free_port); port=$(free_port)
  export LANTERN_DATABASE_URL=$PG_URL
  export LANTERN_AUDIT_KEY_FILE=$dir/audit.key
  export LANTERN_BASE_URL=http://127.0.0.1:$port
  export LANTERN_TRUSTED_PROXIES=127.0.0.1/32
  export LANTERN_SITE_ROOT=${LANTERN_SITE_ROOT:-$(pwd)/target/site}
  "$bin" migrate >/dev/null
  "$bin" import content >/dev/null
  "$bin" import scripts/load/content >/dev/null
  local pids=()
  for p in "$port_a" "$port_b"; do
    LANTERN_ADDR=127.0.0.1:$p start_node "$dir/node-$p.log"
    pids+=("$NODE_PID")
  done
  start_nginx "$dir" "$port" "127.0.0.1:$port_a" "127.0.0.1:$port_b"
  for p in "$port_a" "$port_b" "$port"; do wait_healthy "http://127.0.0.1:$p" 60; done
  umask 077
  cat >"$dir/env" <<EOF
export BASE=http://127.0.0.1:$port
export NODES=http://127.0.0.1:$port_a,http://127.0.0.1:$port_b
export NODE_PORTS="$port_a $port_b"
export NODE_PIDS="${pids[*]}"
export LANTERN_DATABASE_URL='$PG_URL'
export LANTERN_AUDIT_KEY_FILE='$LANTERN_AUDIT_KEY_FILE'
export LANTERN_BASE_URL=http://127.0.0.1:$port
export LANTERN_TRUSTED_PROXIES=127.0.0.1/32
export LANTERN_SITE_ROOT='$LANTERN_SITE_ROOT'
export PG_VERSION=$PG_VERSION PG_CLUSTER=$PG_CLUSTER PG_PORT=$PG_PORT
export CLUSTER_DIR='$dir'
EOF
  echo "cluster up: nginx http://127.0.0.1:$port -> nodes :$port_a (pid ${pids[0]}) and :$port_b (pid ${pids[1]}); PostgreSQL $PG_VERSION/$name on :$PG_PORT"
}

down() {
  if [ -f "$dir/env" ]; then
    # shellcheck disable=SC1091
    source "$dir/env"
    for pid in $NODE_PIDS; do kill "$pid" 2>/dev/null || true; done
  fi
  stop_nginx "$dir"
  PG_VERSION=${PG_VERSION:-$(ls /usr/lib/postgresql | sort -V | tail -n 1)} PG_CLUSTER=$name pg_private_drop
  rm -rf "$dir"
}

case ${1:-} in
  up)
    trap down EXIT
    up
    trap - EXIT
    ;;
  down) down ;;
  run)
    shift
    trap down EXIT
    up
    # shellcheck disable=SC1091
    ( source "$dir/env" && "$@" )
    ;;
  test)
    trap down EXIT
    up
    # shellcheck disable=SC1091
    ( source "$dir/env" && LANTERN_BIN=$bin node scripts/cluster-test.mjs )
    ;;
  *) echo "usage: $0 up|down|run CMD…|test" >&2; exit 2 ;;
esac
