#!/usr/bin/env python3
"""Times lakeload's modes side by side with psql on the same generated files, against one PostgreSQL server
started for the run. Run it through bench/compare.sh, which finds the server binaries and builds the CLI first.

Every path starts from the same state: the database is emptied (table and ledger dropped), the path's untimed
preparation runs (creating or filling the table), then VACUUM and CHECKPOINT, so that a timed run does not pay
for what the one before left behind. Each path's figure is the median of --repeat whole-process timings (psql or
bin/lakeload, JVM start included).
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLUMNS = [("id", "bigint"), ("customer_id", "bigint"), ("status", "text"), ("amount", "numeric(12,2)"),
           ("currency", "text"), ("note", "text"), ("created_at", "timestamp"), ("padding", "text")]
NON_KEY = [name for name, _ in COLUMNS if name != "id"]
TYPED = "CREATE TABLE orders (%s, PRIMARY KEY (id))" % ", ".join("%s %s" % c for c in COLUMNS)
STAGE = "CREATE UNLOGGED TABLE orders_stage (%s)" % ", ".join("%s text" % name for name, _ in COLUMNS)
CASTS = ", ".join(name if kind == "text" else "%s::%s" % (name, kind) for name, kind in COLUMNS)
UPSERT = " ON CONFLICT (id) DO UPDATE SET %s WHERE (%s) IS DISTINCT FROM (%s)" % (
    ", ".join("%s = EXCLUDED.%s" % (c, c) for c in NON_KEY), ", ".join("orders." + c for c in NON_KEY),
    ", ".join("EXCLUDED." + c for c in NON_KEY))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows per load (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per path; the median counts (default 3)")
    parser.add_argument("--files", type=int, default=4, help="files the rows are split into (default 4)")
    parser.add_argument("--port", type=int, default=55441, help="the server's TCP port on localhost")
    parser.add_argument("--only", help="comma-separated path ids to run (see the table's first column)")
    parser.add_argument("--explain", action="store_true",
                        help="log EXPLAIN ANALYZE of every statement over 200 ms (auto_explain; slows the server) "
                             "and keep the server log")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (files, server log)")
    parser.add_argument("--pg-bin", required=True, help="folder of initdb, pg_ctl and postgres")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lakeload-bench-")
    os.chmod(work, 0o755)  # the server runs as user postgres when this runs as root
    server = Server(args.pg_bin, work, args.port, args.explain)
    try:
        server.start()
        run(args, work, server)
    finally:
        server.stop()
        if args.keep or args.explain:
            print("work folder kept: " + work + (" (server log: %s)" % server.log if args.explain else ""))
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, work, server):
    generate(work, args)
    paths = [p for p in PATHS if not args.only or p.id in args.only.split(",")]
    load_before = os.getloadavg()[0]
    for path in paths:
        for attempt in range(args.repeat):
            server.reset()
            path.prepare(server, work, args)
            server.settle()
            start = time.monotonic()
            path.run(server, work, args)
            path.seconds.append(time.monotonic() - start)
            server.check_rows(path, work, args)
        print("  %-16s %s" % (path.id, " ".join("%.2f" % s for s in path.seconds)), file=sys.stderr, flush=True)
    report(args, work, server, paths, load_before)


def generate(work, args):
    print("generating %d order rows and %d change rows..." % (args.rows, args.rows), file=sys.stderr, flush=True)
    generator = os.path.join(ROOT, "bench", "generate-dms-orders.py")
    subprocess.run([sys.executable, generator, os.path.join(work, "full"), str(args.rows), str(args.files)],
                   check=True)
    subprocess.run([sys.executable, generator, os.path.join(work, "changes"), str(args.rows), str(args.files),
                    "--changes", str(args.rows)], check=True)
    for mode, lake in [("append", "full"), ("upsert", "full"), ("cdc", "changes")]:
        with open(os.path.join(work, mode + ".yaml"), "w") as manifest:
            manifest.write(MANIFEST % {"lake": lake, "port": args.port, "mode": mode})


MANIFEST = """source: { local: { path: %(lake)s } }
target: { postgres: { url: "jdbc:postgresql://localhost:%(port)d/bench", user: postgres } }
tables:
  - name: orders
    from: shop/orders/
    mode: %(mode)s
    primaryKey: [id]
    columns:
""" + "".join("      - { name: %s, type: \"%s\" }\n" % c for c in COLUMNS)


class Server:
    """A PostgreSQL server with default settings in a folder of the work folder, as user postgres under root."""

    def __init__(self, pg_bin, work, port, explain):
        self.pg_bin, self.port, self.explain = pg_bin, port, explain
        self.data = os.path.join(work, "pgdata")
        self.log = os.path.join(work, "server.log")
        self.started = False

    def as_owner(self, command):
        return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + command

    def start(self):
        os.mkdir(self.data, 0o700)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
        subprocess.run(self.as_owner([os.path.join(self.pg_bin, "initdb"), "-D", self.data, "-U", "postgres",
                                      "--auth=trust", "-E", "UTF8", "--locale=C"]),
                       check=True, stdout=subprocess.DEVNULL)
        options = "-p %d -c listen_addresses=localhost -k %s" % (self.port, self.data)
        if self.explain:
            options += (" -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=200"
                        " -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on"
                        " -c auto_explain.log_nested_statements=on")
        open(self.log, "w").close()
        if os.geteuid() == 0:
            shutil.chown(self.log, "postgres")
        subprocess.run(self.as_owner([os.path.join(self.pg_bin, "pg_ctl"), "-D", self.data, "-l", self.log, "-w",
                                      "-t", "60", "-o", options, "start"]), check=True, stdout=subprocess.DEVNULL)
        self.started = True
        self.psql("postgres", "CREATE DATABASE bench")

    def stop(self):
        if self.started:
            subprocess.run(self.as_owner([os.path.join(self.pg_bin, "pg_ctl"), "-D", self.data, "-m", "fast", "-w",
                                          "-t", "60", "stop"]), stdout=subprocess.DEVNULL)

    def psql(self, database, sql, script=None):
        """Runs SQL (or a psql script) through psql, a whole process as a user would; returns its output."""
        command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p", str(self.port),
                   "-U", "postgres", "-d", database]
        command += ["-f", script] if script else ["-c", sql]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    def version(self):
        return self.psql("bench", "SHOW server_version")

    def reset(self):
        self.psql("bench", "DROP TABLE IF EXISTS orders, orders_stage; DROP SCHEMA IF EXISTS lakeload CASCADE")

    def settle(self):
        self.psql("bench", "VACUUM (ANALYZE)")
        self.psql("bench", "CHECKPOINT")

    def check_rows(self, path, work, args):
        """Fails the benchmark when a path did not leave the rows it should have: a figure must measure a load."""
        rows = int(self.psql("bench", "SELECT count(*) FROM orders"))
        expected = path.expected(work, args) if path.expected else args.rows
        if rows != expected:
            sys.exit("%s left %d rows in orders, expected %d" % (path.id, rows, expected))


class Path:
    def __init__(self, id, label, prepare, run, compare=None, target=None, expected=None):
        self.id, self.label, self.prepare, self.run = id, label, prepare, run
        self.compare, self.target = compare, target  # the path whose time divides this one's, and the goal
        self.expected = expected
        self.seconds = []

    def median(self):
        return statistics.median(self.seconds)


def files(work, lake):
    folder = os.path.join(work, lake, "shop", "orders")
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))]


def copy_typed(server, work, args):
    psql_script(server, work, ["\\copy orders FROM '%s' (FORMAT csv)" % f for f in files(work, "full")])


def sql_staging(suffix):
    def run(server, work, args):
        psql_script(server, work, [STAGE + ";"] + ["\\copy orders_stage FROM '%s' (FORMAT csv)" % f
                                                    for f in files(work, "full")]
                    + ["INSERT INTO orders SELECT %s FROM orders_stage%s;" % (CASTS, suffix),
                       "DROP TABLE orders_stage;"])
    return run


def psql_script(server, work, lines):
    script = os.path.join(work, "path.sql")
    with open(script, "w") as out:
        out.write("\n".join(lines) + "\n")
    server.psql("bench", None, script)


def typed_table(server, work, args):
    server.psql("bench", TYPED)


def filled_table(server, work, args):
    typed_table(server, work, args)
    copy_typed(server, work, args)


def nothing(server, work, args):
    pass


def lakeload(mode, *options):
    def run(server, work, args):
        done = subprocess.run([os.path.join(ROOT, "bin", "lakeload"), "run", os.path.join(work, mode + ".yaml")]
                              + list(options), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            sys.exit("lakeload run (%s) failed with exit code %d" % (mode, done.returncode))
        if "building the CLI" in done.stderr:
            # bin/lakeload rebuilds the jar when a source is newer: that run timed a build, not a load.
            sys.exit("the sources changed during the benchmark, so bin/lakeload rebuilt the CLI inside a timed "
                     "run: run the benchmark again without editing the sources meanwhile")
    return run


def rows_after_changes(work, args):
    """The rows the change files leave: the full load's, plus inserted keys, minus keys whose last change is D."""
    keys = {}
    for name in files(work, "changes"):
        with open(name, encoding="utf-8", newline="") as changes:
            for record in changes:
                if record[:2] in ("I,", "U,", "D,"):  # a record's start, not a line inside a quoted note
                    keys[int(record[2:record.index(",", 2)])] = record[0]
    return args.rows + sum(1 for k, op in keys.items() if k > args.rows and op != "D") \
        - sum(1 for k, op in keys.items() if k <= args.rows and op == "D")


PATHS = [
    Path("copy-typed", "psql \\copy into the typed table with its primary key", typed_table, copy_typed,
         compare="append"),
    Path("sql-staging", "psql \\copy into a text table, INSERT ... SELECT with casts", typed_table,
         sql_staging(""), compare="append"),
    Path("sql-upsert", "the same with ON CONFLICT (id) DO UPDATE ... WHERE ... IS DISTINCT FROM, empty table",
         typed_table, sql_staging(UPSERT), compare="upsert"),
    Path("sql-upsert-again", "the same, replayed into a table holding the rows", filled_table, sql_staging(UPSERT),
         compare="upsert-again"),
    Path("append", "lakeload run, append (creates the table)", nothing, lakeload("append")),
    Path("upsert", "lakeload run, upsert, empty table (creates it)", nothing, lakeload("upsert"),
         compare="sql-upsert", target=1.15),
    Path("upsert-again", "lakeload run, upsert, replayed into a table holding the rows", filled_table,
         lakeload("upsert"), compare="sql-upsert-again", target=1.15),
    Path("cdc", "lakeload run, cdc: change rows (10% I, 75% U, 15% D) into a table holding the rows",
         filled_table, lakeload("cdc"), compare="append", target=2.0, expected=rows_after_changes),
]


def parallel_paths():
    """Issue 10, target 5: two tables of --rows rows each (orders and orders_b, from the same files), loaded one
    after the other, then with run --parallel 2; the second must take <= 0.65 x the first."""
    def prepare(server, work, args):
        server.psql("bench", "DROP TABLE IF EXISTS orders_b")
        with open(os.path.join(work, "two-tables.yaml"), "w") as manifest:
            manifest.write(MANIFEST % {"lake": "full", "port": args.port, "mode": "append"})
            manifest.write(MANIFEST[MANIFEST.index("  - name: orders"):].replace("name: orders", "name: orders_b")
                           % {"mode": "append"})
    return [
        Path("two-tables", "lakeload run, append, two tables one after the other", prepare,
             lakeload("two-tables")),
        Path("parallel-2", "lakeload run --parallel 2, the same two tables at once", prepare,
             lakeload("two-tables", "--parallel", "2"), compare="two-tables", target=0.65),
    ]


PATHS += parallel_paths()


def report(args, work, server, paths, load_before):
    by_id = {p.id: p for p in paths}
    print()
    print("lakeload side by side with psql: %d rows in %d files (%.0f MB), median of %d whole-process runs" % (
        args.rows, args.files, sum(os.path.getsize(f) for f in files(work, "full")) / 1e6, args.repeat))
    print("machine: %d cores (%s), %s; PostgreSQL %s with default settings (fsync on, shared_buffers as initdb "
          "sets it), on localhost; load average %.1f before, %.1f after" % (
              os.cpu_count(), cpu_model(), platform.platform(terse=True), server.version(), load_before,
              os.getloadavg()[0]))
    print()
    print("| id | path | seconds | runs | ratio |")
    print("|---|---|---|---|---|")
    for p in paths:
        print("| %s | %s | %.2f | %s | %s |" % (p.id, p.label, p.median(), " ".join("%.2f" % s for s in p.seconds),
                                              ratio(p, by_id)))
    print()
    print("ratio: lakeload's path / the psql path it is compared with (for psql paths, the lakeload path named); "
          "cdc is compared with lakeload append of the same number of rows. Targets (issue 9): upsert <= 1.15 x "
          "its SQL path, cdc <= 2 x append.")


def ratio(path, by_id):
    other = by_id.get(path.compare) if path.compare else None
    if other is None:
        return ""
    if path.id.startswith(("copy", "sql")):
        return "%s / this: %.2f" % (other.id, other.median() / path.median())
    verdict = "" if path.target is None else (" (target <= %.2f: %s)" % (
        path.target, "met" if path.median() / other.median() <= path.target else "not met"))
    return "this / %s: %.2f%s" % (other.id, path.median() / other.median(), verdict)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
