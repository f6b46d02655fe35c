#!/usr/bin/env python3
"""One Markdown table of the reference evaluations written by run.sh (Docs/evaluation.md).

Usage: tables.py OUTDIR [SET...]  (default sets: every OUTDIR/*/eval.json, in name order). Standard library only.
Per set: the ratings, the cleaned dataset's correct / wrong / precision / coverage, the same for majority vote and
Dawid-Skene over the raw ratings, then the annotators by status with their mean agreement with the reference. When a
dataset keeps rows below a margin threshold, a second table gives the figures at each threshold.
"""
import json
import os
import sys

STATUSES = ["trusted", "downweighted", "flagged", "excluded"]


def fmt(x):
    return "–" if x is None else f"{x:.3f}"


def count(x):
    return f"{int(x):,}"


def figures(f):
    if f is None:
        return "– | – | – | –"
    return f"{count(f['correct'])} | {count(f['wrong'])} | {fmt(f['precision'])} | {fmt(f['coverage'])}"


def main():
    out = sys.argv[1]
    sets = sys.argv[2:] or sorted(d for d in os.listdir(out) if os.path.exists(os.path.join(out, d, "eval.json")))
    evals = {s: json.load(open(os.path.join(out, s, "eval.json"))) for s in sets}
    print("| set | ratings | cleaned correct | wrong | precision | coverage | majority correct | wrong | precision | coverage "
          "| DS correct | wrong | precision | coverage | " + " | ".join(STATUSES) + " |")
    print("|---" * (14 + len(STATUSES)) + "|")
    for s, e in evals.items():
        groups = {g["status"]: g for g in e["annotators"]}
        cells = []
        for status in STATUSES:
            g = groups.get(status)
            cells.append("0" if g is None or g["count"] == 0 else f"{g['count']} ({fmt(g['mean_agreement'])})")
        ratings = e["ratings"]["ratings"] if e["ratings"] else "–"
        print(f"| {s} | {count(ratings)} | {figures(e['dataset'])} | {figures(e['majority_vote'])} | {figures(e['dawid_skene'])} | "
              + " | ".join(cells) + " |")
    print()
    print("Correct: the row chose the reference's answer; wrong: it rejected it; precision = correct / (correct + wrong);")
    print("coverage = items scored / items with a strict reference answer. Annotators by status: count (mean over them")
    print("of each one's agreement with the reference on their strict choices of strict-reference items); population: "
          + ", ".join(f"{s} {fmt(next(g['mean_agreement'] for g in e['annotators'] if g['status'] == 'all'))}" for s, e in evals.items())
          + ".")
    cut = {s: e for s, e in evals.items() if e["smallest_margin"] is not None
           and e["dataset_by_margin"] and e["smallest_margin"] < max(c["min_margin"] for c in e["dataset_by_margin"])}
    if cut:
        print()
        print("| set | margin ≥ | rows | correct | wrong | precision | coverage |")
        print("|---|---|---|---|---|---|---|")
        for s, e in cut.items():
            for c in e["dataset_by_margin"]:
                print(f"| {s} | {c['min_margin']:g} | {count(c['rows'])} | {figures(c)} |")


if __name__ == "__main__":
    main()
