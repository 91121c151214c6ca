#!/usr/bin/env python3
"""Times lakeload's modes side by side with psql on the same generated files, against one PostgreSQL server
started for the run. Run it through bench/compare.sh, which finds the server binaries and builds the CLI first.

Every path starts from the same state: the database is emptied (the table dropped, the ledger's tables emptied;
an untimed first run created the ledger, as the first of a schedule's runs does), the path's untimed
preparation runs (creating or filling the table), then VACUUM and CHECKPOINT, so that a timed run does not pay
for what the one before left behind. Each path's figure is the median of --repeat whole-process timings (psql or
bin/lakeload, JVM start included).
"""
import argparse
import importlib.util
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
    parser.add_argument("--only", help="comma-separated path and scenario ids to run (see the tables' first "
                        "column; scenarios: %s)" % ", ".join(SCENARIOS))
    parser.add_argument("--devices", type=int, default=200_000,
                        help="MongoDB documents for the devices paths (default 200,000)")
    parser.add_argument("--explain", action="store_true",
                        help="log EXPLAIN ANALYZE of every statement over 200 ms (auto_explain; slows the server) "
                             "and keep the server log")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (files, server log)")
    parser.add_argument("--memory-rows", type=int, default=20_000_000,
                        help="rows of the memory scenario's lake, once as 1 file and once as 100 (default "
                             "20,000,000: about 2 GB)")
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
    scenarios = [s for s in SCENARIOS if not args.only or s in args.only.split(",")]
    load_before = os.getloadavg()[0]
    run_lakeload(["run", os.path.join(work, "first.yaml")])  # creates the ledger, untimed
    # Round by round, each path once a round: a spell of load from elsewhere on the machine then slows the runs of
    # both paths of a ratio alike, where it would slow only the consecutive runs of one path.
    for attempt in range(args.repeat):
        for path in paths:
            server.reset()
            path.prepare(server, work, args)
            server.settle()
            start = time.monotonic()
            path.run(server, work, args)
            path.seconds.append(time.monotonic() - start)
            server.check_rows(path, work, args)
        print("  round %d of %d: %s" % (attempt + 1, args.repeat, ", ".join(
            "%s %.2f" % (path.id, path.seconds[-1]) for path in paths)), file=sys.stderr, flush=True)
    figures = []
    for scenario in scenarios:
        print("  scenario %s..." % scenario, file=sys.stderr, flush=True)
        figures += SCENARIOS[scenario](args, work, server)
    report(args, work, server, paths, load_before)
    report_scenarios(figures)


def generate(work, args):
    print("generating %d order rows and %d change rows..." % (args.rows, args.rows), file=sys.stderr, flush=True)
    generator = os.path.join(ROOT, "bench", "generate-dms-orders.py")
    subprocess.run([sys.executable, generator, os.path.join(work, "full"), str(args.rows), str(args.files)],
                   check=True)
    subprocess.run([sys.executable, generator, os.path.join(work, "changes"), str(args.rows), str(args.files),
                    "--changes", str(args.rows)], check=True)
    subprocess.run([sys.executable, generator, os.path.join(work, "first"), "1", "1"], check=True)
    for name, mode, lake, direct in [("first", "append", "first", "auto"), ("append", "append", "full", "auto"),
                                     ("append-staged", "append", "full", "never"),
                                     ("upsert", "upsert", "full", "auto"), ("cdc", "cdc", "changes", "auto")]:
        with open(os.path.join(work, name + ".yaml"), "w") as manifest:
            manifest.write(MANIFEST % {"lake": lake, "port": args.port, "mode": mode, "direct": direct})


MANIFEST = """source: { local: { path: %(lake)s } }
target: { postgres: { url: "jdbc:postgresql://localhost:%(port)d/bench", user: postgres } }
tables:
  - name: orders
    from: shop/orders/
    mode: %(mode)s
    directCopy: %(direct)s
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
        """Drops the loaded tables and empties the ledger's: a run then finds the ledger, as a scheduled run does."""
        self.psql("bench", "DROP TABLE IF EXISTS orders, orders_stage; DO $$ DECLARE t record; BEGIN FOR t IN "
                  "SELECT tablename FROM pg_tables WHERE schemaname = 'lakeload' LOOP EXECUTE format('TRUNCATE "
                  "lakeload.%I RESTART IDENTITY CASCADE', t.tablename); END LOOP; END $$")

    def settle(self):
        self.psql("bench", "VACUUM (ANALYZE)")
        self.psql("bench", "CHECKPOINT")

    def check_rows(self, path, work, args):
        """Fails the benchmark when a path did not leave the rows it should have: a figure must measure a load."""
        rows = int(self.psql("bench", "SELECT count(*) FROM %s" % getattr(path, "table", "orders")))
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


def sql_cdc(server, work, args):
    """The change files applied in plain SQL, as a floor for cdc: \copy into a text table whose serial keeps load
    order, the last change of each key into a temporary table, then one upsert of the I and U and one delete."""
    latest = "CREATE TEMP TABLE changes_latest AS SELECT DISTINCT ON (id::bigint) * FROM changes_stage ORDER BY " \
        "id::bigint, seq DESC;"
    psql_script(server, work, ["CREATE UNLOGGED TABLE changes_stage (seq bigserial, op text, %s);"
                               % ", ".join("%s text" % name for name, _ in COLUMNS)]
                + ["\\copy changes_stage (op, %s) FROM '%s' (FORMAT csv)"
                   % (", ".join(name for name, _ in COLUMNS), f) for f in files(work, "changes")]
                + [latest, "INSERT INTO orders SELECT %s FROM changes_latest WHERE op <> 'D'%s;" % (CASTS, UPSERT),
                   "DELETE FROM orders o USING changes_latest l WHERE l.op = 'D' AND o.id = l.id::bigint;",
                   "DROP TABLE changes_stage, changes_latest;"])


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
        run_lakeload(["run", os.path.join(work, mode + ".yaml")] + list(options))
    return run


def run_lakeload(arguments, env=None, peak_rss=False):
    """Runs bin/lakeload; exits the benchmark when it fails. With peak_rss, returns the process's peak RSS in MB."""
    command = [os.path.join(ROOT, "bin", "lakeload")] + arguments
    if peak_rss:
        # A fresh parent per run, so that RUSAGE_CHILDREN's maximum is this run's JVM (bin/lakeload execs java).
        command = [sys.executable, "-c", "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:])"
                   ".returncode; print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
                   "sys.exit(code)"] + command
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ, **(env or {})))
    lines = done.stderr.splitlines()
    sys.stderr.write("\n".join(lines[:-1] if peak_rss else lines) + ("\n" if len(lines) > peak_rss else ""))
    if done.returncode != 0:
        sys.exit("lakeload %s failed with exit code %d" % (" ".join(arguments), done.returncode))
    if "building the CLI" in done.stderr:
        # bin/lakeload rebuilds the jar when a source is newer: that run timed a build, not a load.
        sys.exit("the sources changed during the benchmark, so bin/lakeload rebuilt the CLI inside a timed "
                 "run: run the benchmark again without editing the sources meanwhile")
    return int(lines[-1]) / 1024 if peak_rss else None


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


def rejects_lake(server, work, args):
    """Untimed, once: the full load's files with one value that does not cast (an amount in the middle row), and
    its manifest (append, maxRejects: 1). Issue 10, target 7: rejects cost what they are."""
    lake = os.path.join(work, "rejects")
    if os.path.isdir(lake):
        return
    shutil.copytree(os.path.join(work, "full"), lake)
    key = "%d," % (args.rows // 2 + 1)
    for name in files(work, "rejects"):
        with open(name, encoding="utf-8", newline="") as f:
            text = f.read()
        start = 0 if text.startswith(key) else text.find("\n" + key) + 1  # a record's start: ids lead
        if start > 0 or text.startswith(key):
            end = text.index("\n", start)
            fields = text[start:end].split(",")
            fields[3] = "12.3x"  # amount, numeric(12,2); the fields before it are never quoted
            with open(name, "w", encoding="utf-8", newline="") as f:
                f.write(text[:start] + ",".join(fields) + text[end:])
            break
    else:
        sys.exit("rejects: no row with id %s in the generated files" % key[:-1])
    with open(os.path.join(work, "rejects.yaml"), "w") as manifest:
        manifest.write((MANIFEST % {"lake": "rejects", "port": args.port, "mode": "append",
                                    "direct": "auto"}).replace(
            "    mode: append\n", "    mode: append\n    maxRejects: 1\n"))


def one_rejected(work, args):
    return args.rows - 1


# Devices (issue 10, target 3): a MongoDB collection flattened with arrays: jsonb, against SQL jsonb flattening.
DEVICES_GENERATOR = os.path.join(ROOT, "bench", "generate-mongo-devices.py")
DEVICES_MANIFEST = """source: { local: { path: devices/lake } }
target: { postgres: { url: "jdbc:postgresql://localhost:%(port)d/bench", user: postgres } }
tables:
  - name: devices
    from: mongo/devices/
    format: { fields: [_id, _doc] }
    columns: [ { name: _id, type: text } ]
    primaryKey: [_id]
    flatten: { column: _doc, separator: "_", maxDepth: 5, arrays: jsonb }
"""
# Extended JSON wrappers of the generated documents, by flattened column: SQL reads the value inside.
DEVICES_EXTENDED = {"installed": "$date", "firmware_updated": "$date", "price": "$numberDecimal",
                    "readings": "$numberLong"}


def device_columns():
    spec = importlib.util.spec_from_file_location("generate_mongo_devices", DEVICES_GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FLAT_COLUMNS


def devices_data(server, work, args):
    """Untimed: generates the documents once, and empties the database of the devices tables."""
    folder = os.path.join(work, "devices")
    if not os.path.isdir(folder):
        print("generating %d device documents..." % args.devices, file=sys.stderr, flush=True)
        subprocess.run([sys.executable, DEVICES_GENERATOR, folder, str(args.devices), str(args.files)], check=True)
        with open(os.path.join(work, "devices.yaml"), "w") as manifest:
            manifest.write(DEVICES_MANIFEST % {"port": args.port})
    server.psql("bench", "DROP TABLE IF EXISTS devices, devices_raw")


def devices_table(server, work, args):
    devices_data(server, work, args)
    server.psql("bench", "CREATE TABLE devices (%s, PRIMARY KEY (_id))" % ", ".join(
        "%s %s" % column for column in device_columns()))


def device_files(work, kind):
    folder = os.path.join(work, "devices", kind, "devices") if kind == "flat" else \
        os.path.join(work, "devices", "lake", "mongo", "devices")
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))]


def copy_flat(server, work, args):
    psql_script(server, work, ["\\copy devices FROM '%s' (FORMAT csv)" % f for f in device_files(work, "flat")])


def device_value(name, kind):
    """The SQL that reads one flattened column from the document d: one ->> per column, over a parsed d."""
    if name == "_id":
        return "_id"
    keys = name.split("_") + ([DEVICES_EXTENDED[name]] if name in DEVICES_EXTENDED else [])
    if kind == "jsonb":
        return "d" + "".join("->'%s'" % k for k in keys)
    return "(d%s->>'%s')::%s" % ("".join("->'%s'" % k for k in keys[:-1]), keys[-1], kind)


def sql_jsonb(server, work, args):
    # OFFSET 0 keeps the subquery: without it the planner inlines _doc::jsonb into every column's expression and
    # parses each document once per column.
    values = ", ".join(device_value(name, kind) for name, kind in device_columns())
    psql_script(server, work, ["CREATE UNLOGGED TABLE devices_raw (_id text, _doc text);"]
                + ["\\copy devices_raw FROM '%s' (FORMAT csv)" % f for f in device_files(work, "lake")]
                + ["INSERT INTO devices SELECT %s FROM (SELECT _id, _doc::jsonb AS d FROM devices_raw OFFSET 0) s;"
                   % values, "DROP TABLE devices_raw;"])


def devices_count(work, args):
    return args.devices


def on_table(path, table):
    path.table = table
    return path


PATHS = [
    Path("copy-typed", "psql \\copy into the typed table with its primary key", typed_table, copy_typed,
         compare="append"),
    Path("sql-staging", "psql \\copy into a text table, INSERT ... SELECT with casts", typed_table,
         sql_staging(""), compare="append"),
    Path("sql-upsert", "the same with ON CONFLICT (id) DO UPDATE ... WHERE ... IS DISTINCT FROM, empty table",
         typed_table, sql_staging(UPSERT), compare="upsert"),
    Path("sql-upsert-again", "the same, replayed into a table holding the rows", filled_table, sql_staging(UPSERT),
         compare="upsert-again"),
    Path("sql-cdc", "psql \\copy of the change files into a text table, the last change per key (DISTINCT ON), "
         "then INSERT ... ON CONFLICT DO UPDATE of I and U and DELETE of D", filled_table, sql_cdc, compare="cdc",
         expected=rows_after_changes),
    Path("append", "lakeload run, append (creates the table; directCopy: auto, COPY straight into it)", nothing,
         lakeload("append"), compare="sql-staging", target=1.10),
    Path("append-staged", "lakeload run, append through staging (creates the table; directCopy: never)", nothing,
         lakeload("append-staged"), compare="sql-staging", target=1.10),
    Path("upsert", "lakeload run, upsert, empty table (creates it)", nothing, lakeload("upsert"),
         compare="sql-upsert", target=1.15),
    Path("upsert-again", "lakeload run, upsert, replayed into a table holding the rows", filled_table,
         lakeload("upsert"), compare="sql-upsert-again", target=1.15),
    Path("cdc", "lakeload run, cdc: change rows (10% I, 75% U, 15% D) into a table holding the rows",
         filled_table, lakeload("cdc"), compare="append", target=2.0, expected=rows_after_changes),
    Path("rejects", "lakeload run, append, the same files with one value that does not cast (middle row)",
         rejects_lake, lakeload("rejects"), compare="append", target=1.3, expected=one_rejected),
    on_table(Path("copy-devices-flat", "psql \\copy of the already-flat devices CSV (25 columns) into the typed "
                  "table (moonshot: devices <= 1.5 x this)", devices_table, copy_flat, compare="devices",
                  expected=devices_count), "devices"),
    on_table(Path("sql-devices-jsonb", "psql \\copy of the DMS devices CSV (_id, _doc) into a text table, "
                  "INSERT ... SELECT flattening with ->> over _doc::jsonb behind OFFSET 0", devices_table,
                  sql_jsonb, compare="devices", expected=devices_count), "devices"),
    on_table(Path("devices", "lakeload run, MongoDB devices documents, flatten with arrays: jsonb (creates the "
                  "table)", devices_data, lakeload("devices"), compare="sql-devices-jsonb", target=1.3,
                  expected=devices_count), "devices"),
]


def parallel_paths():
    """Issue 10, target 5: two tables of --rows rows each (orders and orders_b, from the same files), loaded one
    after the other, then with run --parallel 2; the second must take <= 0.65 x the first."""
    def prepare(server, work, args):
        server.psql("bench", "DROP TABLE IF EXISTS orders_b")
        with open(os.path.join(work, "two-tables.yaml"), "w") as manifest:
            manifest.write(MANIFEST % {"lake": "full", "port": args.port, "mode": "append", "direct": "auto"})
            manifest.write(MANIFEST[MANIFEST.index("  - name: orders"):].replace("name: orders", "name: orders_b")
                           % {"mode": "append", "direct": "auto"})
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
          "cdc is compared with lakeload append of the same number of rows (sql-cdc, the same changes applied in plain "
          "SQL, shows the floor an apply of them has on this server). Targets (issue 9): upsert <= 1.15 x "
          "its SQL path, cdc <= 2 x append; (issue 10) append <= 1.10 x the SQL staging path.")


def ratio(path, by_id):
    other = by_id.get(path.compare) if path.compare else None
    if other is None:
        return ""
    if path.id.startswith(("copy", "sql")):
        return "%s / this: %.2f" % (other.id, other.median() / path.median())
    verdict = "" if path.target is None else (" (target <= %.2f: %s)" % (
        path.target, "met" if path.median() / other.median() <= path.target else "not met"))
    return "this / %s: %.2f%s" % (other.id, path.median() / other.median(), verdict)


# Scenarios: figures beyond the side-by-side paths, each a function (args, work, server) -> [Figure], run after the
# paths in this order and printed in a table of their own. Add one by writing its function and naming it here.
class Figure:
    def __init__(self, id, label, value, runs, ratio):
        self.id, self.label, self.value, self.runs, self.ratio = id, label, value, runs, ratio


def verdict(value, target):
    return "%.2f (target <= %.2f: %s)" % (value, target, "met" if value <= target else "not met")


def timed(action, repeat):
    seconds = []
    for _ in range(repeat):
        start = time.monotonic()
        action()
        seconds.append(time.monotonic() - start)
    return seconds


def fresh(server):
    server.reset()
    server.settle()


def s3_scenario(args, work, server):
    """Target 2: the same append from the in-process S3 server (S3Proxy, in memory) <= 1.1 x from the folder."""
    subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-pl", "etl-testkit", "-am", "compile",
                    "dependency:build-classpath", "-Dmdep.outputFile=target/bench-classpath.txt"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    testkit = os.path.join(ROOT, "etl-testkit", "target")
    with open(os.path.join(testkit, "bench-classpath.txt")) as classpath:
        cp = os.path.join(testkit, "classes") + os.pathsep + classpath.read().strip()
    s3 = subprocess.Popen(["java", "-cp", cp, "dev.lakeload.testkit.s3.ServeS3", os.path.join(work, "full"),
                           "bench"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        endpoint = s3.stdout.readline().strip()
        if not endpoint.startswith("http"):
            sys.exit("the S3 server did not start")
        with open(os.path.join(work, "s3.yaml"), "w") as manifest:
            manifest.write((MANIFEST % {"lake": "x", "port": args.port, "mode": "append", "direct": "auto"}).replace(
                "source: { local: { path: x } }", "source: { s3: { bucket: bench, endpoint: \"%s\", pathStyle: "
                "true, region: us-east-1, checksums: when_required } }" % endpoint))
        env = {"AWS_ACCESS_KEY_ID": "LAKELOADTESTACCESSKEY", "AWS_SECRET_ACCESS_KEY": "lakeload-test-secret-key"}
        local, remote = [], []
        for _ in range(args.repeat):  # alternating, so that a change in the machine's load hits both alike
            fresh(server)
            local += timed(lambda: run_lakeload(["run", os.path.join(work, "append.yaml")]), 1)
            fresh(server)
            remote += timed(lambda: run_lakeload(["run", os.path.join(work, "s3.yaml")], env), 1)
    finally:
        s3.stdin.close()
        s3.wait(timeout=60)
    ratio = statistics.median(remote) / statistics.median(local)
    return [Figure("s3-local", "lakeload run, append, local folder (seconds)", statistics.median(local), local, ""),
            Figure("s3", "lakeload run, append, the same files from the in-process S3 server (seconds)",
                   statistics.median(remote), remote, "this / s3-local: " + verdict(ratio, 1.10))]


def memory_scenario(args, work, server):
    """Target 4: peak RSS of the CLI loading about 2 GB, as 1 file and as 100 files: <= 512 MB, flat."""
    figures, peaks = [], {}
    generator = os.path.join(ROOT, "bench", "generate-dms-orders.py")
    for count in (1, 100):
        lake = os.path.join(work, "memory")
        shutil.rmtree(lake, ignore_errors=True)
        subprocess.run([sys.executable, generator, os.path.join(lake, "full"), str(args.memory_rows), str(count)],
                       check=True)
        size = sum(os.path.getsize(f) for f in files(lake, "full"))
        with open(os.path.join(lake, "memory.yaml"), "w") as manifest:
            manifest.write(MANIFEST % {"lake": "full", "port": args.port, "mode": "append", "direct": "auto"})
        fresh(server)
        start = time.monotonic()
        peaks[count] = run_lakeload(["run", os.path.join(lake, "memory.yaml")], peak_rss=True)
        seconds = time.monotonic() - start
        shutil.rmtree(lake, ignore_errors=True)
        figures.append(Figure("memory-%d" % count, "peak RSS (MB) of lakeload run, %d rows, %.2f GB in %d file(s), "
                              "%.0f s" % (args.memory_rows, size / 1e9, count, seconds), peaks[count],
                              [peaks[count]], "this / 512 MB: " + verdict(peaks[count] / 512, 1.0)))
    figures[-1].ratio += "; this / memory-1: %.2f" % (peaks[100] / peaks[1])
    fresh(server)
    return figures


def startup_scenario(args, work, server):
    """Target 6: lakeload --version and validate, whole process, under 1 s."""
    figures = []
    for id, arguments in [("version", ["--version"]), ("validate", ["validate", os.path.join(work, "append.yaml")])]:
        seconds = timed(lambda: run_lakeload(arguments), max(args.repeat, 5))
        figures.append(Figure(id, "lakeload %s (seconds)" % " ".join(arguments[:1]), statistics.median(seconds),
                              seconds, "this / 1 s: " + verdict(statistics.median(seconds), 1.0)))
    return figures


SCENARIOS = {"s3": s3_scenario, "memory": memory_scenario, "startup": startup_scenario}


def report_scenarios(figures):
    if not figures:
        return
    print()
    print("| id | scenario | value (median) | runs | ratio |")
    print("|---|---|---|---|---|")
    for f in figures:
        print("| %s | %s | %.2f | %s | %s |" % (f.id, f.label, f.value, " ".join("%.2f" % r for r in f.runs),
                                              f.ratio))


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
