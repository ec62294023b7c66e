# Shell helpers shared by the cluster, load and fault scripts (sourced, not
# run): free ports, Debian packages installed when missing, a private
# PostgreSQL cluster, lantern processes and nginx in front of them.

# A TCP port nobody listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# need COMMAND PACKAGE: installs Debian's PACKAGE when COMMAND is missing.
need() {
  PATH=$PATH:/usr/sbin command -v "$1" >/dev/null && return
  echo "== installing $2 from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq "$2" >/dev/null
  else
    sudo apt-get install -y -qq "$2" >/dev/null
  fi
}

# wait_healthy URL [SECONDS]: until URL/healthz answers 200.
wait_healthy() {
  local tries=$(( ${2:-30} * 5 ))
  for _ in $(seq 1 "$tries"); do
    curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "error: $1 did not become healthy" >&2
  return 1
}

# as_root COMMAND…: runs it as root (directly, or through sudo).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# pg_private NAME: creates (once) and starts a Debian PostgreSQL cluster of
# its own, named NAME, on a free port of 127.0.0.1, with a database and a
# login of the same name whose password is random and new each start.
# Sets PG_VERSION, PG_CLUSTER and PG_URL (postgres://NAME:…@127.0.0.1:PORT/NAME).
# Its own cluster, so the fault tests may stop it without touching the
# PostgreSQL other tests use.
pg_private() {
  need pg_ctlcluster postgresql
  PG_CLUSTER=$1
  PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$PG_CLUSTER" '$1 == v && $2 == n' | grep -q .; then
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$(free_port)" >/dev/null
  fi
  as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >/dev/null 2>&1 || true
  local port
  port=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$PG_CLUSTER" '$1 == v && $2 == n {print $3}')
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
  local password
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  as_root su postgres -c "psql -q -p $port" >/dev/null <<SQL
SET client_min_messages = warning;
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$PG_CLUSTER' AND pid <> pg_backend_pid();
DROP DATABASE IF EXISTS "$PG_CLUSTER";
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_CLUSTER') THEN
    CREATE ROLE "$PG_CLUSTER" LOGIN SUPERUSER;
  END IF; END \$\$;
ALTER ROLE "$PG_CLUSTER" PASSWORD '$password';
CREATE DATABASE "$PG_CLUSTER" OWNER "$PG_CLUSTER";
SQL
  PG_PORT=$port
  PG_URL="postgres://$PG_CLUSTER:$password@127.0.0.1:$port/$PG_CLUSTER"
}

pg_private_stop() { as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast 2>/dev/null || true; }
pg_private_start() {
  as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.2; done
}
pg_private_drop() { as_root pg_dropcluster --stop "$PG_VERSION" "$PG_CLUSTER" 2>/dev/null || true; }

# start_node LOG: starts `$bin serve` in the background with the current
# environment (LANTERN_ADDR …); sets NODE_PID.
start_node() {
  "$bin" serve >>"$1" 2>&1 &
  NODE_PID=$!
}

# start_nginx DIR PORT UPSTREAM…: nginx on 127.0.0.1:PORT sending requests
# to the UPSTREAM host:port pairs in turn; a request whose node fails
# (refused, reset, timed out, 502) goes to the next — POSTs too
# (`non_idempotent`), since every Lantern form post may be applied twice
# with one effect (a paper is taken once, a second start opens the same
# attempt, a stale editor save is refused). Without it, a POST written to a
# kept-alive connection of a node that has just died fails, once per such
# connection. Logs and pid in DIR.
start_nginx() {
  local dir=$1 port=$2
  shift 2
  need nginx nginx-light
  local servers=""
  for upstream in "$@"; do
    servers+="    server $upstream max_fails=1 fail_timeout=2s;"$'\n'
  done
  local user=""
  [ "$(id -u)" = 0 ] && user="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-body;
  proxy_temp_path $dir/nginx-proxy;
  fastcgi_temp_path $dir/nginx-fastcgi;
  uwsgi_temp_path $dir/nginx-uwsgi;
  scgi_temp_path $dir/nginx-scgi;
  upstream lantern {
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 8m;
    location / {
      proxy_pass http://lantern;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout http_502 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
}
EOF
  PATH=$PATH:/usr/sbin nginx -c "$dir/nginx.conf" -p "$dir" 2>>"$dir/nginx-error.log"
}

stop_nginx() { [ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null || true; }
