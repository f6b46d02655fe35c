#!/usr/bin/env python3
"""Benchmark only: records a fake cleaning run with N annotators (ann-0 … ann-N-1) straight into
a store's runs/annotator_runs tables, so `GET /v1/annotators/{id}` has something to answer
without running `assay clean`. It bypasses the audit log: never use it on a real store.

    seed-standings.py STORE.sqlite [N=500]
"""
import json, sqlite3, sys

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
db = sqlite3.connect(path)
cur = db.execute(
    "INSERT INTO runs (run_id, snapshot, snapshot_digest, started_at, finished_at, actor, output, summary) VALUES (?,?,?,?,?,?,?,?)",
    ("run-bench", "bench", "0" * 64, "2026-11-21T00:00:00.000Z", "2026-11-21T00:00:01.000Z", "bench", "/nonexistent", "{}"))
seq = cur.lastrowid
statuses = ["trusted"] * 8 + ["downweighted", "flagged"]
for i in range(n):
    status = statuses[i % len(statuses)]
    findings = json.dumps([{"rule": "speed", "summary": "median 300 ms per task"}]) if status == "flagged" else "[]"
    db.execute("INSERT INTO annotator_runs (run_seq, annotator_id, weight, status, gold_correct, gold_total, findings) VALUES (?,?,?,?,?,?,?)",
               (seq, f"ann-{i}", 0.5 + (i % 50) / 100, status, i % 10, 10, findings))
db.commit()
print(f"recorded run-bench with {n} annotators in {path}")
