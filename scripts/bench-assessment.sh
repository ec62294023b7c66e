#!/usr/bin/env bash
# Assessment load benchmark (docs/benchmarks.md): many trainees at once take
# the sample course's pre-test and then start and submit its final
# assessment against the release build — each final sent twice at once, like
# a double click — then every trainee's attempts are counted through the
# site to prove none was lost or duplicated.
#
#   make build && scripts/bench-assessment.sh              # SQLite
#   LANTERN_BENCH_POSTGRES_URL=postgres://u:p@127.0.0.1/db \
#     scripts/bench-assessment.sh postgres                 # wipes that database
#
# TRAINEES (default 100) sets how many take it at once.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/lantern
[ -x "$bin" ] || { echo "error: run make build first" >&2; exit 1; }
backend=${1:-sqlite}
trainees=${TRAINEES:-100}

work=$(mktemp -d)
server=
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

case "$backend" in
  sqlite) export LANTERN_DATABASE_URL="sqlite://$work/bench.db" ;;
  postgres)
    url=${LANTERN_BENCH_POSTGRES_URL:?set LANTERN_BENCH_POSTGRES_URL to a database this may wipe}
    psql -q "$url" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
    export LANTERN_DATABASE_URL="$url" ;;
  *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LANTERN_ADDR="127.0.0.1:$port"
base="http://127.0.0.1:$port"

"$bin" import content >/dev/null
"$bin" import server/tests/fixtures/content >/dev/null  # the sample course it answers
echo "== creating $trainees trainees"
for i in $(seq 1 "$trainees"); do
  echo "bench-password-long" | "$bin" user create --email "bench-$i@bench.test" \
    --name "Bench $i" --role trainee >/dev/null
done

"$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

echo "== $backend: $trainees trainees start and submit at once"
BASE=$base TRAINEES=$trainees node scripts/bench-assessment.mjs
