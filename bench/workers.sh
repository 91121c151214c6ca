#!/usr/bin/env bash
# Scale-out benchmark: starts one PostgreSQL server (default settings) in a temporary folder, and times N
# `bin/lakeload run` worker processes on one manifest: 4 tables of 1,000,000 rows with 1, 2 and 4 workers (the
# speed-up each gives), and one 40-file append table split by file (--split-files 5) between 1 and 2 workers;
# prints one table. Reuses bench/compare.py's server and generator. Not part of ./mvnw verify. About 10 minutes
# with the defaults.
# usage: bench/workers.sh [--rows N] [--repeat N] [--workers 1,2,4] [--port 55442] [--run-args '...'] [--keep]
# Quick check: bench/workers.sh --rows 20000 --repeat 1
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pg_bin="${PG_BIN:-$(command -v pg_config >/dev/null && pg_config --bindir || true)}"
[ -x "$pg_bin/initdb" ] || pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ ! -x "$pg_bin/pg_ctl" ] || ! command -v psql >/dev/null; then
  echo "bench/workers.sh needs a PostgreSQL server's binaries and psql: apt-get install postgresql, or PG_BIN." >&2
  exit 2
fi

# Build the CLI first, so that no timed run pays for it (bin/lakeload builds only when the jar is stale).
"$root/bin/lakeload" --version >/dev/null
exec python3 "$root/bench/workers.py" --pg-bin "$pg_bin" "$@"
