#!/usr/bin/env bash
# End-to-end load benchmark: generates ROWS DMS-style order rows (default 1,000,000, about 110 MB) and times
# `lakeload run` into the embedded PostgreSQL, first load and the idle re-run. Not part of ./mvnw verify.
# usage: bench/e2e-load.sh [ROWS] [FILES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
files="${2:-4}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/generate-dms-orders.py" "$work/lake" "$rows" "$files"
cat > "$work/lakeload.yaml" <<YAML
source: { local: { path: lake } }
tables:
  - name: orders
    from: shop/orders/
    columns:
      - { name: id, type: bigint }
      - { name: customer_id, type: bigint }
      - { name: status, type: text }
      - { name: amount, type: "numeric(12,2)" }
      - { name: currency, type: text }
      - { name: note, type: text }
      - { name: created_at, type: timestamp }
      - { name: padding, type: text }
YAML
echo "data: $(du -sh "$work/lake" | cut -f1) in $files file(s), $rows rows"
"$root/bin/lakeload" validate "$work/lakeload.yaml" >/dev/null
# The embedded server's start (about 1.5 s) is part of both runs; the idle re-run shows it.
start=$(date +%s.%N); "$root/bin/lakeload" run "$work/lakeload.yaml" | head -3; end=$(date +%s.%N)
echo "first run: $(echo "$end - $start" | bc) s"
start=$(date +%s.%N); "$root/bin/lakeload" run "$work/lakeload.yaml" >/dev/null; end=$(date +%s.%N)
echo "idle re-run: $(echo "$end - $start" | bc) s"
