#!/usr/bin/env bash
# Page benchmark (docs/benchmarks.md, issue 17): the release binary's own
# database with the starter curriculum, one trainee signed in, and wrk
# against the pages a trainee reads — the module page, the catalog, the
# course page, the home page — and /healthz, next to nginx serving a saved
# copy of the same module page (the same bytes, as a file) in the same run.
# Prints requests per second and latency for each, and the module page's
# ratio to nginx.
#
#   make build && scripts/bench-pages.sh
#
# DURATION (default 10s), CONNECTIONS (64), THREADS (2) vary the run;
# ONLY="nginx module" measures only those; PROFILE=1 records the server
# with `perf record` while the module page is measured (PROFILE=catalog,
# course or home: that page) and prints the top of `perf report` (the profile docs/benchmarks.md describes); with
# ENCODING=br every request asks for brotli (nginx then serves a .br copy
# made once, as a pre-compressing server would). wrk and nginx come from
# Debian's packages and are installed if missing. The server logs at its
# default level (info) to a file, as a deployment does.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LANTERN_BIN:-$(pwd)/target/release/lantern}
[ -x "$bin" ] || { echo "error: run make build first" >&2; exit 1; }
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
encoding=${ENCODING:-}

need() {
  command -v "$1" >/dev/null && return
  echo "== installing $2 from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y "$2" >/dev/null; else sudo apt-get install -y "$2" >/dev/null; fi
}
need wrk wrk
PATH=$PATH:/usr/sbin need nginx nginx-light
nginx_bin=$(PATH=$PATH:/usr/sbin command -v nginx)

work=$(mktemp -d)
# nginx workers read the saved page as an unprivileged user.
chmod 755 "$work"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

export LANTERN_DATABASE_URL="sqlite://$work/lantern.db"
export LANTERN_AUDIT_KEY_FILE="$work/audit.key"
port=$(free_port)
export LANTERN_ADDR="127.0.0.1:$port" LANTERN_BASE_URL="http://127.0.0.1:$port"
"$bin" migrate >/dev/null
"$bin" import content | head -n 1
printf 'bench-trainee-password\n' | "$bin" user create --email reader@bench.test --name "สมศรี Reader" --role trainee >/dev/null

"$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log" >&2; echo "error: the server did not start" >&2; exit 1; }

base="http://127.0.0.1:$port"
cookie=$(curl -s -o /dev/null -D - -X POST "$base/login" -H "Origin: $base" \
  --data 'email=reader%40bench.test&password=bench-trainee-password' |
  sed -n 's/^set-cookie: \(lantern_session=[0-9a-f]*\).*/\1/ip')
[ -n "$cookie" ] || { echo "error: could not sign in" >&2; exit 1; }

course=victim-identification
module=$(curl -fsS -H "Cookie: $cookie" "$base/courses/$course" |
  grep -o "href=\"/courses/$course/[a-z0-9-]*\"" | grep -v assessment | sed -n '2p' |
  sed 's/.*\/\([a-z0-9-]*\)"/\1/')
[ -n "$module" ] || { echo "error: no module link on the course page" >&2; exit 1; }
module_url="$base/courses/$course/$module"
# The first visit records the module as opened; what is measured is every
# visit after it.
curl -fsS -H "Cookie: $cookie" "$module_url" -o "$work/first.html"

mkdir -p "$work/www"
curl -fsS -H "Cookie: $cookie" "$module_url" -o "$work/www/module.html"
grep -q '<main' "$work/www/module.html" || { echo "error: the module page did not render" >&2; exit 1; }
page_bytes=$(wc -c <"$work/www/module.html")

nginx_port=$(free_port)
if [ "$encoding" = br ]; then
  curl -fsS -H "Cookie: $cookie" -H 'Accept-Encoding: br' "$module_url" -o "$work/www/module.html.br"
fi
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location = /module.html {
      if (\$http_accept_encoding ~ br) { rewrite ^ /module.html.br last; }
    }
    location = /module.html.br {
      add_header Content-Encoding br;
      default_type text/html;
    }
  }
}
EOF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" 2>/dev/null
sleep 0.5
curl -fsS "http://127.0.0.1:$nginx_port/module.html" -o /dev/null || { echo "error: nginx did not start" >&2; exit 1; }

headers=(-H "Cookie: $cookie")
[ -n "$encoding" ] && headers+=(-H "Accept-Encoding: $encoding")

# rate URL: runs wrk, prints "requests/s p50 p99".
rate() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "${headers[@]}" "$1")
  if echo "$out" | grep -q 'Non-2xx'; then
    echo "$out" >&2
    echo "error: $1 answered with errors" >&2
    exit 1
  fi
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "$rps $p50 $p99"
}

echo "== wrk -t$threads -c$connections -d$duration${encoding:+, Accept-Encoding: $encoding}; module page $page_bytes bytes"
printf '%-34s %12s %10s %10s\n' "what" "requests/s" "p50" "p99"
declare -A result
profile=${PROFILE:-}
# PROFILE=1 profiles the module page; PROFILE=catalog (course, home…) another.
[ "$profile" = 1 ] && profile=module
for what in ${ONLY:-nginx module catalog course home healthz}; do
  case $what in
    nginx) url="http://127.0.0.1:$nginx_port/module.html" ;;
    module) url=$module_url ;;
    catalog) url="$base/courses" ;;
    course) url="$base/courses/$course" ;;
    home) url="$base/" ;;
    healthz) url="$base/healthz" ;;
  esac
  if [ "$what" = "$profile" ]; then
    perf record -F 999 -p "$server" -o "$work/perf.data" 2>/dev/null &
    perf=$!
    sleep 0.5
  fi
  read -r rps p50 p99 < <(rate "$url")
  if [ "$what" = "$profile" ]; then
    kill -INT "$perf"; wait "$perf" || true
    perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null |
      grep -E '^ +[0-9]' | cut -c1-150 | head -n 40 >"$work/profile.txt" || true
  fi
  result[$what]=$rps
  printf '%-34s %12s %10s %10s\n' "$what" "$rps" "$p50" "$p99"
done
if [ -n "${result[module]:-}" ] && [ -n "${result[nginx]:-}" ]; then
  printf 'module page / nginx: %.3f\n' "$(echo "${result[module]} / ${result[nginx]}" | bc -l)"
fi
if [ -f "$work/profile.txt" ]; then
  echo "== where the server's time went during the $profile page (perf, self time)"
  cat "$work/profile.txt"
fi
