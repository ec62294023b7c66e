#!/usr/bin/env bash
# Fault tests (docs/deployment.md, "What survives what"): trainees submit
# their final assessment while the server is killed, the database stops,
# the disk fills or a backup is taken — and afterwards every acknowledged
# answer is there exactly once and the database is sound (`lantern check`).
#
#   scripts/faults.sh [SCENARIO…]     # default: all of them
#
# Scenarios: kill-sqlite, kill-postgres, kill-node (two nodes behind nginx),
# outage-postgres, disk-full (SQLite on a small tmpfs), backup-sqlite,
# backup-postgres. Each takes well under a minute; `make test` runs them
# all. LANTERN_BIN picks the binary (default target/debug/lantern, which
# `cargo test` builds); the site must be built (make site). PostgreSQL,
# nginx and tmpfs need root or sudo (a private PostgreSQL cluster is
# created and dropped; the PostgreSQL other tests use is not touched).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bin=${LANTERN_BIN:-$(pwd)/target/debug/lantern}
[ -x "$bin" ] || { echo "error: no $bin; run cargo build -p server (or set LANTERN_BIN)" >&2; exit 1; }
export LANTERN_SITE_ROOT=${LANTERN_SITE_ROOT:-$(pwd)/target/site}
password=load-test-password-long
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(kill-sqlite kill-postgres kill-node outage-postgres disk-full backup-sqlite backup-postgres)

work=$(mktemp -d)
chmod 755 "$work"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  mountpoint -q "$work/disk" 2>/dev/null && as_root umount "$work/disk"
  [ -n "${PG_CLUSTER:-}" ] && pg_private_drop
  [ -f "$work/cluster-up" ] && CLUSTER_DIR=$work/cluster scripts/cluster.sh down >/dev/null 2>&1
  [ -n "${KEEP_WORK:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

# fresh NAME URL: a new scenario directory, database URL and audit key.
fresh() {
  dir=$work/$1
  mkdir -p "$dir"
  export LANTERN_DATABASE_URL=$2
  export LANTERN_AUDIT_KEY_FILE=$dir/audit.key
  local port
  port=$(free_port)
  export LANTERN_ADDR=127.0.0.1:$port LANTERN_BASE_URL=http://127.0.0.1:$port
  export BASE=http://127.0.0.1:$port STATE=$dir/state.json ACKS=$dir/acks
  : >"$ACKS"
  "$bin" migrate >/dev/null
  "$bin" import scripts/load/content >/dev/null
}

serve() {
  start_node "$dir/server.log"
  server=$NODE_PID
  wait_healthy "$BASE" 60 || { tail -n 20 "$dir/server.log" >&2; exit 1; }
}

trainees() { # COUNT PREFIX
  echo "$password" | "$bin" dev accounts --count "$1" --prefix "$2" >/dev/null
  TRAINEES=$1 PREFIX=$2 node scripts/faults.mjs prepare
}

sqlite_url() { echo "sqlite://$1?mode=rwc"; }

check() {
  local out
  out=$("$bin" check) || { echo "$out" >&2; echo "error: lantern check failed" >&2; exit 1; }
  echo "  $out"
}

banner() { printf '\n== %s\n' "$*"; }

kill_during_submissions() { # the database URL
  fresh "$scenario" "$1"
  serve
  trainees 100 kill
  KILL_PID=$server KILL_AFTER=30 node scripts/faults.mjs submit
  wait "$server" 2>/dev/null || true
  kill -0 "$server" 2>/dev/null && { echo "error: the server survived SIGKILL" >&2; exit 1; }
  server=
  echo "  killed with SIGKILL; restarting"
  serve
  node scripts/faults.mjs verify
  check
  kill "$server"; wait "$server" 2>/dev/null || true; server=
}

for scenario in "${scenarios[@]}"; do
  started=$(date +%s)
  case $scenario in
    kill-sqlite)
      banner "kill -9 while 100 trainees submit (SQLite)"
      kill_during_submissions "$(sqlite_url "$work/kill-sqlite/lantern.db")"
      ;;
    kill-postgres)
      banner "kill -9 while 100 trainees submit (PostgreSQL)"
      pg_private lantern_faults
      kill_during_submissions "$PG_URL"
      ;;
    kill-node)
      banner "one of two nodes killed with -9 behind nginx while 100 trainees submit"
      CLUSTER_DIR=$work/cluster LANTERN_BIN=$bin scripts/cluster.sh up
      touch "$work/cluster-up"
      (
        # shellcheck disable=SC1091
        source "$work/cluster/env"
        dir=$work/kill-node; mkdir -p "$dir"
        export STATE=$dir/state.json ACKS=$dir/acks; : >"$ACKS"
        echo "$password" | "$bin" dev accounts --count 100 --prefix node >/dev/null
        TRAINEES=100 PREFIX=node node scripts/faults.mjs prepare
        KILL_PID=${NODE_PIDS%% *} KILL_AFTER=30 RETRY=1 EXPECT_ALL=1 node scripts/faults.mjs submit
        node scripts/faults.mjs verify
        "$bin" check | sed 's/^/  /'
      )
      CLUSTER_DIR=$work/cluster scripts/cluster.sh down >/dev/null
      rm -f "$work/cluster-up"
      ;;
    outage-postgres)
      banner "PostgreSQL stopped for 10 s under load"
      pg_private lantern_faults
      fresh "$scenario" "$PG_URL"
      serve
      trainees 60 outage
      STOP="pg_ctlcluster $PG_VERSION $PG_CLUSTER stop -m immediate" \
        START="pg_ctlcluster $PG_VERSION $PG_CLUSTER start" OUTAGE_SECONDS=10 \
        node scripts/faults.mjs outage
      node scripts/faults.mjs verify
      check
      kill "$server"; wait "$server" 2>/dev/null || true; server=
      ;;
    disk-full)
      banner "the disk fills up during an import and during submissions (SQLite on a 24 MB tmpfs)"
      mkdir -p "$work/disk"
      as_root mount -t tmpfs -o size=24m tmpfs "$work/disk"
      # Writes stop below 2 MB free (LANTERN_MIN_FREE_MB, app/src/ssr/db/space.rs).
      export LANTERN_MIN_FREE_MB=2
      fresh "$scenario" "$(sqlite_url "$work/disk/lantern.db")"
      "$bin" import content >/dev/null
      serve
      trainees 30 disk
      # Whatever room the write-ahead log kept from earlier writes goes
      # too: every write from now on needs new space.
      python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' "$work/disk/lantern.db"
      dd if=/dev/zero of="$work/disk/filler" bs=64k 2>/dev/null || true
      dd if=/dev/zero of="$work/disk/filler-tail" bs=512 2>/dev/null || true
      sleep 1.1
      echo "  disk full: $(df -h "$work/disk" | awk 'NR==2 {print $4}') free"
      cp -r scripts/load/content "$dir/changed"
      echo "Revised while the disk was full." >>"$dir/changed/exam-day/01-before-the-exam.md"
      if "$bin" import "$dir/changed" >"$dir/import.out" 2>&1; then
        echo "error: the import succeeded on a full disk" >&2; exit 1
      fi
      echo "  import refused: $(tail -n 1 "$dir/import.out")"
      node scripts/faults.mjs submit
      rm -f "$work/disk/filler" "$work/disk/filler-tail"
      sleep 1.1
      echo "  space freed: writing resumes without a restart"
      out=$("$bin" import scripts/load/content)
      echo "$out" | grep -q "0 new versions" || { echo "error: the refused import left a change: $out" >&2; exit 1; }
      echo "  the previous content is unchanged: $out"
      node scripts/faults.mjs verify
      check
      kill "$server"; wait "$server" 2>/dev/null || true; server=
      as_root umount "$work/disk"
      unset LANTERN_MIN_FREE_MB
      ;;
    backup-sqlite | backup-postgres)
      if [ "$scenario" = backup-sqlite ]; then
        banner "lantern backup while trainees submit, restored into a new database (SQLite)"
        fresh "$scenario" "$(sqlite_url "$work/backup-sqlite/lantern.db")"
        copy=$dir/backup.db
        restored_url=$(sqlite_url "$dir/restored.db")
      else
        banner "lantern backup while trainees submit, restored into a new database (PostgreSQL)"
        pg_private lantern_faults
        fresh "$scenario" "$PG_URL"
        copy=$dir/backup.dump
        as_root su postgres -c "psql -q -p $PG_PORT -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS lantern_restored' -c 'CREATE DATABASE lantern_restored OWNER lantern_faults'" >/dev/null
        restored_url=${PG_URL%/*}/lantern_restored
      fi
      serve
      trainees 100 backup
      WIDTH=4 node scripts/faults.mjs trickle &
      trickle=$!
      while [ "$(wc -l <"$ACKS")" -lt 30 ]; do sleep 0.05; done
      cp "$ACKS" "$dir/acked-before-backup"
      "$bin" backup "$copy" | sed 's/^/  /'
      wait "$trickle"
      echo "  $(wc -l <"$dir/acked-before-backup") submissions acknowledged before the backup began; $(wc -l <"$ACKS") in all"
      (
        export LANTERN_DATABASE_URL=$restored_url
        "$bin" restore "$copy" | sed 's/^/  /'
        check
        "$bin" audit verify | sed 's/^/  /'
        ids=$(sed 's/.*\///' "$dir/acked-before-backup" | paste -sd, -)
        sql="SELECT COUNT(*) FROM assessment_attempts WHERE id IN ($ids) AND submitted_at IS NOT NULL AND score IS NOT NULL"
        if [ "$scenario" = backup-sqlite ]; then
          found=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$dir/restored.db" "$sql")
        else
          found=$(PGPASSWORD=$(python3 -c 'import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).password)' "$restored_url") \
            psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U lantern_faults lantern_restored -c "$sql")
        fi
        want=$(wc -l <"$dir/acked-before-backup")
        [ "$found" = "$want" ] || { echo "error: the restored database holds $found of the $want submissions acknowledged before the backup" >&2; exit 1; }
        echo "  the restored database holds all $want, graded"
      )
      kill "$server"; wait "$server" 2>/dev/null || true; server=
      ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  echo "ok - $scenario ($(( $(date +%s) - started )) s)"
done
