#!/usr/bin/env python3
"""Writes DMS-style CSV files of `orders` for load benchmarks: quoted text, embedded newlines, NULLs, timestamps.

usage: generate-dms-orders.py OUT_FOLDER ROWS [FILES] [--changes BASE_ROWS]

Without --changes it writes a full load: ids 1..ROWS in LOAD00000001.csv, LOAD00000002.csv, ... (no Op column,
the DMS default). With --changes it writes ROWS change records for a table that holds ids 1..BASE_ROWS, in files
named by time (20260101-000000000.csv, ...), each record starting with its Op: 10 % I of new ids, 75 % U and 15 % D
of ids drawn from the existing ones (so some keys change several times, across files too). A D carries the key
only, its other fields empty, as DMS writes deletes from a PostgreSQL source.
"""
import argparse
import os
import random

INSERT_SHARE, UPDATE_SHARE = 0.10, 0.75  # the rest are deletes
NOTES = ["", None, "Gift wrap, please", 'He said "never again"', "multi\nline", "emoji 🎉", "plain note text"]


def quoted(text):
    """A field as DMS writes it (Rfc4180): NULL empty, quoted only when needed, "" for the empty string."""
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def order(key):
    return "%d,%d,%s,%.2f,%s,%s,2025-%02d-%02d %02d:%02d:%02d.%06d,%s" % (
        key, random.randint(1, 100000), random.choice(["paid", "pending", "refunded"]),
        random.random() * 1000, random.choice(["EUR", "USD", "JPY"]), quoted(random.choice(NOTES)),
        random.randint(1, 12), random.randint(1, 28), random.randint(0, 23), random.randint(0, 59),
        random.randint(0, 59), random.randint(0, 999999), "x" * random.randint(10, 40))


def full_load(rows):
    for key in range(1, rows + 1):
        yield order(key)


def changes(rows, base_rows):
    next_key = base_rows
    for _ in range(rows):
        draw = random.random()
        if draw < INSERT_SHARE:
            next_key += 1
            yield "I," + order(next_key)
        elif draw < INSERT_SHARE + UPDATE_SHARE:
            yield "U," + order(random.randint(1, base_rows))
        else:
            yield "D,%d,,,,,,," % random.randint(1, base_rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("rows", type=int)
    parser.add_argument("files", type=int, nargs="?", default=1)
    parser.add_argument("--changes", type=int, metavar="BASE_ROWS",
                        help="write change files for a table holding ids 1..BASE_ROWS")
    args = parser.parse_args()
    random.seed(42 if args.changes is None else 43)
    folder = os.path.join(args.out, "shop", "orders")
    os.makedirs(folder, exist_ok=True)
    if args.changes is None:
        records, name = full_load(args.rows), lambda f: "LOAD%08X.csv" % f
    else:
        records, name = changes(args.rows, args.changes), lambda f: "20260101-%02d0000000.csv" % f
    per_file = (args.rows + args.files - 1) // args.files
    for f in range(1, args.files + 1):
        with open(os.path.join(folder, name(f)), "w", encoding="utf-8", newline="") as w:
            for _, record in zip(range(per_file), records):
                w.write(record + "\n")


if __name__ == "__main__":
    main()
