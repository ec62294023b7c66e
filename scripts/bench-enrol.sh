#!/usr/bin/env bash
# Bulk-enrolment benchmark (docs/benchmarks.md): a 2,000-row roster — Thai
# names, half with an e-mail address and half with a username only, as a
# provincial HR export gives them — checked and imported by
# `lantern cohort enrol` into a fresh SQLite database (and, with
# LANTERN_BENCH_POSTGRES_URL set to an empty database, PostgreSQL), in one
# transaction. Prints the wall time of a dry run (check and match only), of
# the import, and of a second import of the same file (every row matched,
# nothing created).
#
#   make build && scripts/bench-enrol.sh
#
# ROWS varies the size (at most 10,000).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(pwd)/target/release/lantern
[ -x "$bin" ] || { echo "error: run make build first" >&2; exit 1; }
rows=${ROWS:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/roster.csv" "$rows" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
given = ["สมชาย", "สมศรี", "อนงค์", "ประเสริฐ", "วิไล", "บุญมี", "กาญจนา", "ธนพล"]
family = ["ใจดี", "มีสุข", "ศรีสวัสดิ์", "วงศ์ไทย", "แก้วมณี", "ทองคำ"]
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    f.write("name,name_latin,email,username,organisation,position,province,language\r\n")
    for i in range(rows):
        name = f"{given[i % len(given)]} {family[(i // 8) % len(family)]} {i}"
        email = f"officer{i}@police.example.go.th" if i % 2 == 0 else ""
        username = "" if i % 2 == 0 else f"pol.officer{i}"
        f.write(f'"{name}",Officer {i},{email},{username},bench-unit,'
                f'"Police lieutenant, anti-trafficking",เชียงใหม่,th\r\n')
PY

run() {
  local url=$1
  export LANTERN_DATABASE_URL=$url LANTERN_AUDIT_KEY=$(printf 'b%.0s' $(seq 64)) RUST_LOG=warn
  "$bin" migrate >/dev/null
  "$bin" org create --slug bench-unit --name "Bench unit" >/dev/null
  local id
  id=$("$bin" cohort create --name "Bench workshop" --org bench-unit)
  for what in "dry run:--dry-run" "import:" "again:"; do
    local label=${what%%:*} flag=${what#*:}
    local start end
    start=$(date +%s.%N)
    "$bin" cohort enrol "$id" "$work/roster.csv" $flag | tail -1
    end=$(date +%s.%N)
    printf '%s %s: %.2f s\n' "${url%%:*}" "$label" "$(echo "$end - $start" | bc)"
  done
}

run "sqlite://$work/bench.db"
if [ -n "${LANTERN_BENCH_POSTGRES_URL:-}" ]; then
  run "$LANTERN_BENCH_POSTGRES_URL"
fi
