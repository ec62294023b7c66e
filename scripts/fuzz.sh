#!/usr/bin/env bash
# Hostile files, for a long time (docs/hostile-files.md). Not part of
# `make test` (it runs for tens of minutes and needs nightly Rust).
#
#   scripts/fuzz.sh                 every target, 10 minutes each
#   FUZZ_SECONDS=60 scripts/fuzz.sh content_file
#
# 1. The cargo-fuzz targets in fuzz/ (libFuzzer, coverage-guided): the
#    content importer (any bytes as a module, an assessment or a
#    translation, compiled as `lantern import` compiles them), the GIFT
#    converter and the roster reader. Corpora live in fuzz/corpus/<target>
#    (minimised afterwards and committed); a crash, a hang (over 10 s for
#    one input) or an out-of-memory lands in fuzz/artifacts/<target>/ and
#    the script fails — turn it into a fixed case in the target's tests.
# 2. The audit chain verifier's property test (app/src/ssr/audit/
#    chain_tests.rs), run again and again with many cases until the time is
#    up; a failure is saved by proptest in app/proptest-regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=${*:-content_file gift_bank roster_file audit_chain}

rustup toolchain list | grep -q '^nightly' || {
  echo "error: cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

for target in $targets; do
  if [ "$target" = audit_chain ]; then
    end=$((SECONDS + seconds)); runs=0
    while [ "$SECONDS" -lt "$end" ]; do
      LANTERN_PROPTEST_CASES=${PROPTEST_CASES:-2000} \
        cargo test -q -p app --features ssr --lib audit::chain_tests >/dev/null
      runs=$((runs + 1))
    done
    echo "audit_chain: $runs runs of ${PROPTEST_CASES:-2000} chains each in ${seconds} s, no failure"
    continue
  fi
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  ( cd fuzz && cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -report_slow_units=2 -print_final_stats=1 ) 2>&1 | tail -n 25
  ( cd fuzz && cargo +nightly fuzz cmin -O "$target" "corpus/$target" ) >/dev/null 2>&1
  echo "$target: corpus $(ls "fuzz/corpus/$target" | wc -l) inputs after minimising"
done
