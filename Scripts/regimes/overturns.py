#!/usr/bin/env python3
"""How often the cleaned dataset goes against the raw votes, and how often it is right then.

Usage: Scripts/regimes/overturns.py RUNDIR...   (each: ratings.jsonl, reference.jsonl, run/dataset.jsonl, as
Scripts/regimes/run.sh and Scripts/realdata/run.sh leave them; several dirs are summed, e.g. the seeds of a regime)

For every pairwise dataset row whose item has a strict reference answer: the strict votes of all ratings (ties
aside) and majority vote over them. Prints the rows that chose against the strict-vote lean ("overturned") and how
many of those chose the reference's answer; and, on the items majority vote decides (unequal strict counts), the
dataset's correct / wrong beside majority vote's.
"""
import collections
import json
import sys


def rows(directory):
    reference = {}
    with open(f"{directory}/reference.jsonl") as f:
        for line in f:
            r = json.loads(line)
            reference[r["item_id"]] = r["answer"]
    votes = collections.defaultdict(collections.Counter)
    with open(f"{directory}/ratings.jsonl") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") == "pairwise" and r.get("choice") not in (None, "tie"):
                votes[r["item_id"]][r["choice"]] += 1
    with open(f"{directory}/run/dataset.jsonl") as f:
        for line in f:
            row = json.loads(line)
            answer = reference.get(row.get("item_id"))
            if row.get("kind") != "pairwise" or answer in (None, "tie"):
                continue
            count = votes[row["item_id"]]
            lean = count[row["chosen_id"]] - count[row["rejected_id"]]
            majority_right = None if lean == 0 else (row["chosen_id"] == answer) == (lean > 0)
            yield lean, row["chosen_id"] == answer, majority_right


def main(directories):
    total = overturned = right = 0
    decided = collections.Counter()
    for directory in directories:
        for lean, correct, majority_right in rows(directory):
            total += 1
            if lean < 0:
                overturned += 1
                right += correct
            if majority_right is not None:
                decided["cleaned right" if correct else "cleaned wrong"] += 1
                decided["majority right" if majority_right else "majority wrong"] += 1
    print(f"{total} rows; against the strict-vote lean: {overturned}, right on {right}")
    print(
        f"on items majority vote decides: cleaned {decided['cleaned right']} / {decided['cleaned wrong']}, "
        f"majority {decided['majority right']} / {decided['majority wrong']}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
