#!/usr/bin/env bash
# Certificates against TCPDF in the same run (docs/benchmarks.md, issue 17):
# `lantern certificate-benchmark` renders COUNT certificates (Thai names,
# shaped, fonts subset, vector QR code), then TCPDF — Moodle's PDF engine —
# renders a comparable certificate COUNT times (scripts/bench-certificates.php),
# and the ratio of their times per PDF is printed. Each side runs ROUNDS
# times, alternating, and its best round counts.
#
#   make build && scripts/bench-certificates.sh
#
# php-cli and php-tcpdf come from Debian's packages and are installed if
# missing. COUNT (default 500) and ROUNDS (3) vary the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LANTERN_BIN:-$(pwd)/target/release/lantern}
[ -x "$bin" ] || { echo "error: run make build first" >&2; exit 1; }
count=${COUNT:-500}
rounds=${ROUNDS:-3}
if ! command -v php >/dev/null || [ ! -f /usr/share/php/tcpdf/tcpdf.php ]; then
  echo "== installing php-cli and php-tcpdf from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y php-cli php-tcpdf >/dev/null; else sudo apt-get install -y php-cli php-tcpdf >/dev/null; fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

per_pdf() { sed -n 's/.*: \([0-9.]*\) ms per certificate, \([0-9]*\) bytes.*/\1 \2/p'; }
best_lantern= best_tcpdf=
for round in $(seq 1 "$rounds"); do
  read -r ms bytes < <("$bin" certificate-benchmark --count "$count" --out "$work/lantern.pdf" | per_pdf)
  echo "round $round  lantern: $ms ms per certificate, $bytes bytes"
  if [ -z "$best_lantern" ] || [ "$(echo "$ms < $best_lantern" | bc)" = 1 ]; then best_lantern=$ms; lantern_bytes=$bytes; fi
  read -r ms bytes < <(php scripts/bench-certificates.php "$count" "$work" "$work/tcpdf.pdf" | per_pdf)
  echo "round $round  TCPDF:   $ms ms per certificate, $bytes bytes"
  if [ -z "$best_tcpdf" ] || [ "$(echo "$ms < $best_tcpdf" | bc)" = 1 ]; then best_tcpdf=$ms; tcpdf_bytes=$bytes; fi
done
echo "== best of $rounds rounds of $count certificates"
printf 'lantern: %s ms, %s bytes per PDF\n' "$best_lantern" "$lantern_bytes"
printf 'TCPDF:   %s ms, %s bytes per PDF\n' "$best_tcpdf" "$tcpdf_bytes"
printf 'TCPDF / lantern: %.1fx\n' "$(echo "$best_tcpdf / $best_lantern" | bc -l)"
