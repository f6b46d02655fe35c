#!/usr/bin/env python3
"""Prints the Markdown table of Scripts/regimes/run.sh: one row per regime, summed over its seeds.

Usage: tables.py WORKDIR. Per regime: honest annotators excluded / flagged / downweighted and the rules behind the
honest exclusions and flags (from run/annotators.jsonl), honest ratings left out, gold-aware recall, the cleaned
dataset's accuracy against plain majority vote (from the truth-based `assay evaluate --json`; items left out of the
dataset count as wrong, majority ties as half), both on the dataset's own items, and the reference-based figures of
`assay evaluate --reference --json` when run.sh could produce them. Standard library only.
"""
import collections, glob, json, os, sys

work = sys.argv[1]
ORDER = ["baseline", "campaign-launch", "position-imbalance", "position-imbalance-small", "tie-rate", "sparse-pool", "sparse1-pool", "repeat-exposure",
         "gold-aware", "combined"]


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def honest_findings(seed_dir):
    """Over honest annotators: the rules with exclude_annotator / flag_for_review / exclude_ratings findings (annotators
    per rule, whatever their final status), and the honest ratings left out of the dataset: (Counters, out, all)."""
    truth = json.load(open(os.path.join(seed_dir, "truth.json")))
    adversaries = {a["annotator_id"] for a in truth["adversaries"]}
    actions = {"exclude_annotator": collections.Counter(), "flag_for_review": collections.Counter(),
               "exclude_ratings": collections.Counter()}
    left_out = total = 0
    for line in open(os.path.join(seed_dir, "run", "annotators.jsonl")):
        row = json.loads(line)
        if row["annotator_id"] in adversaries:
            continue
        left_out += row.get("excluded_ratings", 0)
        total += row.get("ratings", 0)
        for action, counter in actions.items():
            counter.update({f["rule"] for f in row.get("findings", []) if f.get("action") == action})
    return actions, left_out, total


def scored(node, path=""):
    """Every object with correct / wrong counts in a reference evaluation, by its path: (path, object)."""
    if isinstance(node, dict):
        if "correct" in node and "wrong" in node:
            yield path or "dataset", node
        for key, value in node.items():
            yield from scored(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            name = value.get("method") or value.get("name") if isinstance(value, dict) else None
            yield from scored(value, f"{path}.{name or index}")


def counted(counter):
    return ", ".join(f"{rule} {n}" for rule, n in counter.most_common()) or "–"


rows = []
for regime in sorted(os.listdir(work), key=lambda r: (ORDER.index(r) if r in ORDER else len(ORDER), r)):
    evals = sorted(glob.glob(os.path.join(work, regime, "seed-*", "eval.json")))
    if not evals:
        continue
    acc = collections.Counter()
    actions = collections.defaultdict(collections.Counter)
    reference = collections.defaultdict(collections.Counter)
    for path in evals:
        seed_dir = os.path.dirname(path)
        e = json.load(open(path))
        for key in ("honest_annotators", "honest_excluded", "honest_flagged", "honest_downweighted"):
            acc[key] += int(e[key])
        a = e["all"]
        n = a["attacked_items"]
        kept = n - a["items_missing_from_dataset"]
        acc["items"] += n
        acc["kept"] += kept
        acc["cleaned"] += (a["cleaned_accuracy"] or 0) * n
        acc["majority"] += (a["majority_accuracy"] or 0) * n
        acc["cleaned_kept"] += (a.get("cleaned_accuracy_on_dataset_items") or 0) * kept
        acc["majority_kept"] += (a.get("majority_accuracy_on_dataset_items") or 0) * kept
        for kind in e["kinds"]:
            if kind["kind"] == "gold-aware":
                acc["ga_adversaries"] += kind["adversaries"]
                acc["ga_caught"] += kind["caught"]
        found, out, total = honest_findings(seed_dir)
        for action, counter in found.items():
            actions[action] += counter
        acc["left_out"] += out
        acc["honest_ratings"] += total
        ref_path = os.path.join(seed_dir, "reference-eval.json")
        if os.path.exists(ref_path) and os.path.getsize(ref_path) > 0:
            try:
                document = json.load(open(ref_path))
            except ValueError:
                print(f"warning: {ref_path} is not JSON; left out", file=sys.stderr)
                document = {}
            for name, node in scored(document):
                for key in ("correct", "wrong"):
                    if isinstance(node.get(key), (int, float)):
                        reference[name][key] += node[key]
    seeds = ", ".join(os.path.basename(os.path.dirname(p)).replace("seed-", "") for p in evals)
    items = acc["items"] or 1
    kept = acc["kept"] or 1
    recall = f"{int(acc['ga_caught'])}/{int(acc['ga_adversaries'])} ({fmt(acc['ga_caught'] / acc['ga_adversaries'])})" \
        if acc["ga_adversaries"] else "–"
    ref = "; ".join(f"{name}: {int(c['correct'])} ✓ / {int(c['wrong'])} ✗ ({fmt(c['correct'] / (c['correct'] + c['wrong']) if c['correct'] + c['wrong'] else None)})"
                    for name, c in reference.items()) or "–"
    rows.append([
        regime, seeds, str(acc["honest_annotators"]), str(acc["honest_excluded"]), str(acc["honest_flagged"]),
        str(acc["honest_downweighted"]), counted(actions["exclude_annotator"]), counted(actions["flag_for_review"]),
        counted(actions["exclude_ratings"]),
        f"{acc['left_out']:,} / {acc['honest_ratings']:,} ({fmt(acc['left_out'] / acc['honest_ratings'] if acc['honest_ratings'] else None)})",
        recall, f"{acc['kept']} / {acc['items']}", fmt(acc["cleaned"] / items), fmt(acc["majority"] / items),
        f"{fmt(acc['cleaned_kept'] / kept)} / {fmt(acc['majority_kept'] / kept)}", ref,
    ])

header = ["regime", "seeds", "honest annotators", "honest excluded", "honest flagged", "honest downweighted",
          "honest: exclude_annotator by", "honest: flag_for_review by", "honest: exclude_ratings by", "honest ratings left out", "gold-aware recall",
          "items in dataset", "cleaned acc.", "majority acc.", "dataset's items: cleaned / majority", "reference (correct ✓ / wrong ✗, precision)"]
print("| " + " | ".join(header) + " |")
print("|" + "|".join("---" if i in (0, 1, 6, 7, 8, 15) else "---:" for i in range(len(header))) + "|")
for row in rows:
    print("| " + " | ".join(row) + " |")
print()
print("Counts are summed over the seeds. Accuracy: share of all pairwise items whose dataset row chose the truly better "
      "response (items left out count as wrong); majority: plain majority vote over the raw ratings (ties split). "
      "`honest: … by`: honest annotators carrying a finding with that action, per rule, whatever their final status "
      "(one annotator can count for several rules). Honest ratings left out: the honest annotators' `excluded_ratings` "
      "in annotators.jsonl.")
