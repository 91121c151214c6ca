#!/usr/bin/env python3
"""Writes DMS-style full-load CSV files for load benchmarks: orders with quoted text, NULLs, timestamps.

usage: generate-dms-orders.py OUT_FOLDER ROWS [FILES]
"""
import os
import random
import sys

out, rows = sys.argv[1], int(sys.argv[2])
files = int(sys.argv[3]) if len(sys.argv) > 3 else 1
random.seed(42)
folder = os.path.join(out, "shop", "orders")
os.makedirs(folder, exist_ok=True)
notes = ["", None, "Gift wrap, please", 'He said "never again"', "multi\nline", "emoji 🎉", "plain note text"]
per_file = (rows + files - 1) // files
row = 0
for f in range(1, files + 1):
    with open(os.path.join(folder, "LOAD%08X.csv" % f), "w", encoding="utf-8", newline="") as w:
        for _ in range(min(per_file, rows - row)):
            row += 1
            note = random.choice(notes)
            if note is None:
                note_field = ""
            elif note == "" or any(c in note for c in ',"\n'):
                note_field = '"' + note.replace('"', '""') + '"'
            else:
                note_field = note
            w.write("%d,%d,%s,%.2f,%s,%s,2025-%02d-%02d %02d:%02d:%02d.%06d,%s\n" % (
                row, random.randint(1, 100000), random.choice(["paid", "pending", "refunded"]),
                random.random() * 1000, random.choice(["EUR", "USD", "JPY"]), note_field,
                random.randint(1, 12), random.randint(1, 28), random.randint(0, 23), random.randint(0, 59),
                random.randint(0, 59), random.randint(0, 999999), "x" * random.randint(10, 40)))
