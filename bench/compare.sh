#!/usr/bin/env bash
# Side-by-side benchmark: starts one PostgreSQL server (default settings) in a temporary folder, generates DMS-style
# `orders` files (1,000,000 rows by default, and as many change rows), and times psql's paths (\copy into the typed
# table; \copy into a text table then INSERT ... SELECT; the same with ON CONFLICT DO UPDATE, empty and replayed)
# and `bin/lakeload run` in append, upsert and cdc, median of 3; prints one table with the ratios. Takes about
# 5 minutes with the defaults, plus the scenarios (s3: the same append from an in-process S3 server; memory: peak
# RSS loading --memory-rows rows as 1 and as 100 files, about 2 GB by default; startup: --version and validate),
# which --only also names. Not part of ./mvnw verify.
# usage: bench/compare.sh [--rows N] [--repeat N] [--files N] [--port 55441] [--only id,id] [--memory-rows N]
#                         [--explain] [--keep]
# The server binaries come from PG_BIN, else `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin.
# JVM profiling: LAKELOAD_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/lakeload.jfr' bench/compare.sh ...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pg_bin="${PG_BIN:-}"
if [ -z "$pg_bin" ] && command -v pg_config >/dev/null; then
  pg_bin="$(pg_config --bindir)"
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ] || ! command -v psql >/dev/null; then
  echo "bench/compare.sh needs a PostgreSQL server's binaries (initdb, pg_ctl, postgres) and psql." >&2
  echo "On Debian or Ubuntu: apt-get install postgresql (or set PG_BIN to a folder holding initdb and pg_ctl)." >&2
  exit 2
fi
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "bench/compare.sh runs the server as user postgres when started as root: create that user" \
       "(the postgresql package does), or run it as another user." >&2
  exit 2
fi

# Build the CLI first, so that no timed run pays for it (bin/lakeload builds only when the jar is stale).
"$root/bin/lakeload" --version >/dev/null
exec python3 "$root/bench/compare.py" --pg-bin "$pg_bin" "$@"
