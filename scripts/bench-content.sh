#!/usr/bin/env bash
# Content benchmark (docs/benchmarks.md): generates 200 courses with 2,000
# modules, times `lantern import` into a fresh SQLite database (and a second,
# unchanged import), then measures module-page requests per second with wrk
# against the release build, signed in as a trainee.
#
#   make build && scripts/bench-content.sh
#
# Needs wrk (apt-get install wrk). Set COURSES, MODULES, DURATION,
# CONNECTIONS to vary the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/lantern
[ -x "$bin" ] || { echo "error: run make build first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install wrk" >&2; exit 1; }
courses=${COURSES:-200}; modules=${MODULES:-10}
duration=${DURATION:-20s}; connections=${CONNECTIONS:-32}

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
server=

python3 - "$work/content" "$courses" "$modules" <<'PY'
import os, sys
root, courses, modules = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
para = ("Identification is the moment a person who has been exploited can start to receive "
        "protection. Ask open questions, in private, with an interpreter the person trusts. ") * 3
for c in range(courses):
    d = os.path.join(root, f"course-{c:03d}")
    os.makedirs(d)
    with open(os.path.join(d, "course.md"), "w") as f:
        f.write(f'+++\ntitle = "Course {c}"\nsummary = "A generated course."\n'
                f'audience = ["police"]\nestimated_minutes = {modules * 10}\n+++\n{para}\n')
    for m in range(modules):
        with open(os.path.join(d, f"{m + 1:02d}-module-{m}.md"), "w") as f:
            f.write(f'+++\ntitle = "Module {m}"\nestimated_minutes = 10\nobjectives = ["Read", "Reflect"]\n+++\n'
                    f"## Part one\n\n{para}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                    f"> [!CASE]\n> {para}\n\n## Part two\n\n{para}[^n]\n\n[^n]: A note.\n\n"
                    f"```quiz\n? [c{c}-m{m}] Who decides?\n(x) The person\n( ) The officer\n```\n")
PY

export LANTERN_DATABASE_URL="sqlite://$work/bench.db"
echo "== import: $courses courses, $((courses * modules)) modules"
start=$(date +%s.%N)
"$bin" import "$work/content" | head -1
end=$(date +%s.%N)
printf 'first import: %.2f s\n' "$(echo "$end - $start" | bc)"
start=$(date +%s.%N)
"$bin" import "$work/content" | head -1
end=$(date +%s.%N)
printf 'unchanged re-import: %.2f s\n' "$(echo "$end - $start" | bc)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LANTERN_ADDR="127.0.0.1:$port" LANTERN_ADMIN_EMAIL=admin@bench.test LANTERN_ADMIN_PASSWORD=bench-admin-password
echo "bench-trainee-password" | "$bin" user create --email reader@bench.test --name Reader --role trainee >/dev/null
RUST_LOG=warn "$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
cookie=$(curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$port/login" \
  --data 'email=reader%40bench.test&password=bench-trainee-password' | sed -n 's/^set-cookie: \(lantern_session=[0-9a-f]*\).*/\1/ip')
[ -n "$cookie" ] || { echo "error: could not sign in" >&2; exit 1; }
url="http://127.0.0.1:$port/courses/course-137/module-4"
curl -fsS -H "Cookie: $cookie" "$url" | grep -q "Module 4" || { echo "error: the module page did not render" >&2; exit 1; }
echo "== wrk: $connections connections, $duration, $url"
wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" -H "Accept-Encoding: br" "$url"
