#!/usr/bin/env python3
"""Writes a MongoDB `devices` collection as AWS DMS writes it in document mode, for flattening benchmarks.

usage: generate-mongo-devices.py OUT_FOLDER ROWS [FILES]

OUT_FOLDER/lake/mongo/devices/LOAD00000001.csv, ...: one document per line, `_id,_doc` (extractDocID=true), the
document in relaxed Extended JSON as DMS's libbson writes it: ObjectIds, dates, decimals and longs as `$oid`,
`$date`, `$numberDecimal`, `$numberLong`, nested objects three levels deep, an array of strings and an array of
objects, unicode, quotes and commas in strings. OUT_FOLDER/flat/devices/LOAD... holds the same documents already
flattened into the 25 columns that `flatten: { arrays: jsonb }` makes (FLAT_COLUMNS, in order), as CSV, for the
`\\copy` the benchmark compares with. ~0.6 KB per document.
"""
import csv
import datetime
import json
import os
import random
import sys

# The flattened columns and their PostgreSQL types, as lakeload infers them, in the order paths first appear.
FLAT_COLUMNS = [
    ("_id", "text"), ("name", "text"), ("active", "boolean"), ("installed", "timestamptz"),
    ("owner_name", "text"), ("owner_email", "text"), ("owner_address_street", "text"),
    ("owner_address_city", "text"), ("owner_address_zip", "text"), ("owner_address_country", "text"),
    ("price", "numeric"), ("readings", "bigint"), ("firmware_version", "text"), ("firmware_channel", "text"),
    ("firmware_updated", "timestamptz"), ("location_lat", "double precision"),
    ("location_lon", "double precision"), ("status", "text"), ("model", "text"), ("serial", "text"),
    ("battery", "bigint"), ("tags", "jsonb"), ("sensors", "jsonb"), ("config_mode", "text"),
    ("config_interval", "bigint"),
]
CITIES = ["Berlin", "München", "Zürich", "São Paulo", "Kraków", "Reykjavík", "Osaka", "Lyon"]
NAMES = ["Ann Example", "Bo \"the fixer\" Li", "Chloé Martin", "Dan O'Neil", "Eve, Ltd."]
TAGS = ["heating", "wifi", "zigbee", "battery", "outdoor", "legacy", "beta"]
EPOCH = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def document(n):
    oid = "64b7f0a1%016x" % n
    installed = EPOCH + datetime.timedelta(milliseconds=random.randint(0, 10**11))
    updated = installed + datetime.timedelta(milliseconds=random.randint(0, 10**9))
    city = random.choice(CITIES)
    doc = {
        "_id": {"$oid": oid},
        "name": "Thermostat %d, %s" % (n, random.choice(["hall", "kitchen", "office", "attic"])),
        "active": random.random() < 0.8,
        "installed": {"$date": iso(installed)},
        "owner": {"name": random.choice(NAMES), "email": "owner%d@example.com" % (n % 5000),
                  "address": {"street": "%d Long Street" % random.randint(1, 999), "city": city,
                              "zip": "%05d" % random.randint(0, 99999), "country": "DE"}},
        "price": {"$numberDecimal": "%d.%02d" % (random.randint(10, 999), random.randint(0, 99))},
        "readings": {"$numberLong": str(random.randint(0, 10**12))},
        "firmware": {"version": "%d.%d.%d" % (random.randint(1, 5), random.randint(0, 20), random.randint(0, 99)),
                     "channel": random.choice(["stable", "beta"]), "updated": {"$date": iso(updated)}},
        "location": {"lat": round(random.uniform(-90, 90), 6), "lon": round(random.uniform(-180, 180), 6)},
        "status": random.choice(["ok", "offline", "maintenance"]),
        "model": "TX-%d" % random.randint(100, 999),
        "serial": "SN%012d" % random.randint(0, 10**12),
        "battery": random.randint(0, 100),
        "tags": random.sample(TAGS, random.randint(0, 3)),
        "sensors": [{"type": kind, "unit": unit, "value": round(random.uniform(0, 100), 2)}
                    for kind, unit in random.sample([("temp", "°C"), ("humidity", "%"), ("co2", "ppm")],
                                                    random.randint(1, 3))],
        "config": {"mode": random.choice(["eco", "comfort", "away"]), "interval": random.randint(10, 3600)},
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(", ", " : "))
    flat = [oid, doc["name"], "t" if doc["active"] else "f", doc["installed"]["$date"], doc["owner"]["name"],
            doc["owner"]["email"], doc["owner"]["address"]["street"], city, doc["owner"]["address"]["zip"],
            "DE", doc["price"]["$numberDecimal"], doc["readings"]["$numberLong"], doc["firmware"]["version"],
            doc["firmware"]["channel"], doc["firmware"]["updated"]["$date"], repr(doc["location"]["lat"]),
            repr(doc["location"]["lon"]), doc["status"], doc["model"], doc["serial"], str(doc["battery"]),
            json.dumps(doc["tags"], ensure_ascii=False), json.dumps(doc["sensors"], ensure_ascii=False),
            doc["config"]["mode"], str(doc["config"]["interval"])]
    return oid, text, flat


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    out, rows = sys.argv[1], int(sys.argv[2])
    files = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    random.seed(44)
    raw_folder = os.path.join(out, "lake", "mongo", "devices")
    flat_folder = os.path.join(out, "flat", "devices")
    os.makedirs(raw_folder, exist_ok=True)
    os.makedirs(flat_folder, exist_ok=True)
    per_file = (rows + files - 1) // files
    n = 0
    for f in range(1, files + 1):
        name = "LOAD%08X.csv" % f
        with open(os.path.join(raw_folder, name), "w", encoding="utf-8", newline="") as raw, \
                open(os.path.join(flat_folder, name), "w", encoding="utf-8", newline="") as flat:
            raw_csv, flat_csv = csv.writer(raw, lineterminator="\n"), csv.writer(flat, lineterminator="\n")
            for _ in range(min(per_file, rows - n)):
                n += 1
                oid, text, values = document(n)
                raw_csv.writerow([oid, text])
                flat_csv.writerow(values)


if __name__ == "__main__":
    main()
