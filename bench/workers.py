#!/usr/bin/env python3
"""Times N `lakeload run` worker processes on one manifest and one PostgreSQL server: 4 tables of --rows rows each
loaded by 1, 2 and 4 workers, and one append table of 40 files loaded by 1 and by 2 workers. Run it through
bench/workers.sh, which builds the CLI first.

Every scenario starts from the same state (tables and ledger dropped, VACUUM, CHECKPOINT); the workers start at
the same moment with `--wait 0`, so a table another worker holds is left to it at once (status busy) and the worker
takes the next one. A scenario's time is the wall time until the last worker exits, the median of --repeat runs.
After each run the benchmark checks that every worker exited 0, that every table holds all its rows, and that the
ledger recorded every file exactly once: a figure must measure a complete, correct load.
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the side-by-side benchmark's server, generator and columns)

TABLES = ["orders_%d" % n for n in range(1, 5)]
BIG = "orders_40"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows per table (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per scenario; the median counts (default 3)")
    parser.add_argument("--files", type=int, default=4, help="files of each of the 4 tables (default 4)")
    parser.add_argument("--big-files", type=int, default=40, help="files of the one large table (default 40)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts for the 4 tables (default 1,2,4)")
    parser.add_argument("--port", type=int, default=55442, help="the server's TCP port on localhost")
    parser.add_argument("--run-args", default="",
                        help="more options for every worker's `lakeload run` (for example '--parallel 2')")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (files, reports, server data)")
    parser.add_argument("--pg-bin", required=True, help="folder of initdb, pg_ctl and postgres")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lakeload-workers-")
    os.chmod(work, 0o755)  # the server runs as user postgres when this runs as root
    server = compare.Server(args.pg_bin, work, args.port, False)
    try:
        server.start()
        run(args, work, server)
    finally:
        server.stop()
        if args.keep:
            print("work folder kept: " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, work, server):
    generate(work, args)
    load_before = os.getloadavg()[0]
    scenarios = [Scenario("4 tables x %d rows" % args.rows, "four.yaml", TABLES, int(n), args.files)
                 for n in args.workers.split(",")]
    # The large table is split by file between the workers (--split-files); without it one worker loads it all.
    split = ["--split-files", str(SPLIT_BATCH)]
    scenarios += [Scenario("1 table, %d files, append, --split-files %d" % (args.big_files, SPLIT_BATCH), "big.yaml",
                           [BIG], n, args.big_files, split) for n in (1, 2)]
    for scenario in scenarios:
        for attempt in range(args.repeat):
            reset(server)
            scenario.run(server, work, args)
        print("  %-28s %d worker(s): %s" % (scenario.label, scenario.workers,
                                            " ".join("%.2f" % s for s in scenario.seconds)),
              file=sys.stderr, flush=True)
    report(args, server, scenarios, load_before)


def generate(work, args):
    """The 4 tables share one generated set of files (hard links: each table still has its own files); the large
    table has its own, split into --big-files files."""
    print("generating %d rows in %d files, and %d rows in %d files..." % (
        args.rows, args.files, args.rows, args.big_files), file=sys.stderr, flush=True)
    generator = os.path.join(compare.ROOT, "bench", "generate-dms-orders.py")
    for name, files in [("base", args.files), ("big", args.big_files)]:
        subprocess.run([sys.executable, generator, os.path.join(work, "gen", name), str(args.rows), str(files)],
                       check=True)
    lake = os.path.join(work, "lake", "shop")
    for table in TABLES:
        os.makedirs(os.path.join(lake, table))
        for path in glob.glob(os.path.join(work, "gen", "base", "shop", "orders", "*")):
            os.link(path, os.path.join(lake, table, os.path.basename(path)))
    shutil.move(os.path.join(work, "gen", "big", "shop", "orders"), os.path.join(lake, BIG))
    for manifest, tables in [("four.yaml", TABLES), ("big.yaml", [BIG])]:
        with open(os.path.join(work, manifest), "w") as out:
            out.write(MANIFEST % args.port + "".join(TABLE % (t, t) for t in tables))


# Files per batch of the split table: 40 files make 8 batches, so 2 workers can take turns promoting.
SPLIT_BATCH = 5

MANIFEST = """source: { local: { path: lake } }
target: { postgres: { url: "jdbc:postgresql://localhost:%d/bench", user: postgres } }
tables:
"""
TABLE = """  - name: %s
    from: shop/%s/
    mode: append
    primaryKey: [id]
    columns:
""" + "".join("      - { name: %s, type: \"%s\" }\n" % c for c in compare.COLUMNS)


def reset(server):
    server.psql("bench", "DROP TABLE IF EXISTS %s; DROP SCHEMA IF EXISTS lakeload CASCADE"
                % ", ".join(TABLES + [BIG]))
    server.settle()


class Scenario:
    def __init__(self, label, manifest, tables, workers, files, options=()):
        self.label, self.manifest, self.tables, self.workers, self.files = label, manifest, tables, workers, files
        self.options = list(options)
        self.seconds = []
        self.shares = []  # per run: what each worker loaded, "tables/files"

    def run(self, server, work, args):
        reports = [os.path.join(work, "report-%d.json" % w) for w in range(self.workers)]
        for path in reports:
            if os.path.exists(path):
                os.remove(path)
        command = [os.path.join(compare.ROOT, "bin", "lakeload"), "run", os.path.join(work, self.manifest),
                   "--wait", "0"] + self.options + args.run_args.split()
        start = time.monotonic()
        workers = [subprocess.Popen(command + ["--report", report], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True) for report in reports]
        errors = [w.communicate()[1] for w in workers]
        self.seconds.append(time.monotonic() - start)
        for worker, error in zip(workers, errors):
            if "building the CLI" in error:
                sys.exit("the sources changed during the benchmark, so bin/lakeload rebuilt the CLI inside a timed "
                         "run: run it again without editing the sources meanwhile")
            if worker.returncode != 0:
                sys.stderr.write(error)
                sys.exit("a worker of '%s' exited %d" % (self.label, worker.returncode))
        self.shares.append(" + ".join(share(path) for path in reports))
        self.check(server, args)

    def check(self, server, args):
        for table in self.tables:
            rows = int(server.psql("bench", "SELECT count(*) FROM %s" % table))
            if rows != args.rows:
                sys.exit("%s: %s holds %d rows, expected %d" % (self.label, table, rows, args.rows))
        entries, files = server.psql("bench", "SELECT count(*), count(DISTINCT (target_table, location)) FROM "
                                              "lakeload.files WHERE disposition = 'loaded'").split("|")
        if int(entries) != int(files) or int(files) != len(self.tables) * self.files:
            sys.exit("%s: the ledger has %s loaded entries of %s files, expected %d files each loaded once" % (
                self.label, entries, files, len(self.tables) * self.files))

    def median(self):
        return statistics.median(self.seconds)


def share(report_path):
    """What one worker loaded, from its report: tables loaded / files loaded (busy tables were another's)."""
    with open(report_path) as f:
        tables = json.load(f)["tables"]
    loaded = [t for t in tables if t["status"] == "loaded"]
    return "%d/%d" % (len(loaded), sum(t["files"] for t in loaded))


def report(args, server, scenarios, load_before):
    print()
    print("lakeload workers: N `lakeload run --wait 0` processes on one manifest, median of %d runs (wall time "
          "until the last worker exits, JVM starts included)" % args.repeat)
    print("machine: %d cores (%s); PostgreSQL %s with default settings, on localhost; load average %.1f before, "
          "%.1f after" % (os.cpu_count(), compare.cpu_model(), server.version(), load_before, os.getloadavg()[0]))
    print()
    print("| scenario | workers | seconds | runs | speed-up | tables/files loaded by each worker |")
    print("|---|---|---|---|---|---|")
    for s in scenarios:
        alone = next((o for o in scenarios if o.label == s.label and o.workers == 1), None)
        speedup = "%.2f x" % (alone.median() / s.median()) if alone else ""
        print("| %s | %d | %.2f | %s | %s | %s |" % (s.label, s.workers, s.median(),
                                                    " ".join("%.2f" % x for x in s.seconds), speedup, s.shares[-1]))
    print()
    print("speed-up: the scenario's time with 1 worker / this time. A worker's share is 'tables/files' it loaded "
          "in the last run; the tables it found held by another worker are not counted.")


if __name__ == "__main__":
    main()
