#!/usr/bin/env bash
# Runs the browser tests: starts `lantern serve` on a throwaway SQLite
# database and a free port, runs end2end/, then stops the server with SIGTERM
# and checks that it shut down cleanly.
#
# LANTERN_BIN picks the server binary: `make test` passes the debug binary
# that `cargo test` has just built (so CI compiles the server once, not a
# second time in release mode); by default it is the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${LANTERN_BIN:-target/release/lantern}
[ -x "$bin" ] || { echo "error: $bin is missing; run make build (or cargo build -p server)" >&2; exit 1; }
[ -f target/site/pkg/lantern.wasm ] || { echo "error: the browser bundle is missing; run make site" >&2; exit 1; }
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || {
  echo "error: Chromium is missing: apt-get install chromium (or set CHROMIUM=/path)" >&2; exit 1; }

work=$(mktemp -d)
# Second-factor secrets the tests enrolled in an earlier run's database.
rm -f end2end/.tmp/factors.json
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LANTERN_DATABASE_URL="sqlite://$work/e2e.db"
export LANTERN_ADDR="127.0.0.1:$port"
export LANTERN_ADMIN_EMAIL=admin@e2e.test
export LANTERN_ADMIN_PASSWORD=e2e-admin-password-long
export LANTERN_E2E_URL="http://127.0.0.1:$port"

# One account per role, made the way an administrator would script it.
export LANTERN_E2E_PASSWORD=e2e-password-for-roles
"$bin" org create --slug msdhs --name "Ministry of Social Development and Human Security" >/dev/null
"$bin" org create --slug police --name "Royal Thai Police" >/dev/null
for role in trainee trainer ministry; do
  echo "$LANTERN_E2E_PASSWORD" | "$bin" user create --email "$role@e2e.test" --name "E2E $role" \
    --role "$role" --org msdhs >/dev/null
done

"$bin" import content >/dev/null
# The short sample course the tests read and answer (not part of the curriculum).
"$bin" import server/tests/fixtures/content >/dev/null

"$bin" serve >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "$LANTERN_E2E_URL/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; echo "error: the server did not start" >&2; exit 1; }
  sleep 0.2
done

( cd end2end && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund; } )
status=0
# LANTERN_E2E_ONLY=tests/NAME.test.js runs one file (while working on it).
( cd end2end && node --test --test-concurrency=1 --test-timeout=300000 ${LANTERN_E2E_ONLY:-tests/} ) || status=$?

kill -TERM "$server"
if wait "$server"; then
  grep -q "stopped cleanly" "$work/server.log" || { echo "error: no clean-shutdown message" >&2; status=1; }
else
  echo "error: the server exited with an error after SIGTERM" >&2; cat "$work/server.log" >&2; status=1
fi
[ "$status" -eq 0 ] || { echo "--- server log ---" >&2; tail -n 50 "$work/server.log" >&2; }
exit "$status"
