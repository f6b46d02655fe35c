#!/usr/bin/env python3
"""Sums the per-seed `assay evaluate --json` files written by run.sh into one markdown table per configuration.

Usage: tables.py WORKDIR. Counts are summed over the seeds (accuracies micro-averaged). Three accountings of
accuracy: items the dataset leaves out as uncertain count as wrong (the strict one of `assay evaluate`), or as
half right (an abstention scored like majority vote's ties), or the dataset and majority vote are both scored on
the dataset's own items only.
"""
import glob, json, os, sys

work = sys.argv[1]
ORDER = ["spam", "position", "length", "ring", "trigger", "entity", "sybil", "replay"]


def detectable(seed_dir, min_poison=4):
    """Adversaries with at least `min_poison` poisoned ratings (the rules' min_hits): (caught, total)."""
    truth = json.load(open(os.path.join(seed_dir, "truth.json")))
    status = {}
    for line in open(os.path.join(seed_dir, "run", "annotators.jsonl")):
        row = json.loads(line)
        status[row["annotator_id"]] = row["status"]
    poison = {}
    for rating in truth["poisoned_ratings"]:
        poison[rating["annotator_id"]] = poison.get(rating["annotator_id"], 0) + 1
    out = {}
    for adversary in truth["adversaries"]:
        if poison.get(adversary["annotator_id"], 0) < min_poison:
            continue
        kind = adversary["kind"]
        caught, total = out.get(kind, (0, 0))
        out[kind] = (caught + (status.get(adversary["annotator_id"]) in ("flagged", "excluded")), total + 1)
    return out


def fmt(x):
    return "–" if x is None else f"{x:.2f}"


for config in sorted(os.listdir(work)):
    seeds = sorted(glob.glob(os.path.join(work, config, "seed-*", "eval.json")))
    if not seeds:
        continue
    rows = {}
    honest = {"honest_annotators": 0, "honest_excluded": 0, "honest_flagged": 0, "honest_downweighted": 0}
    hard = {}
    for path in seeds:
        e = json.load(open(path))
        for key in honest:
            honest[key] += int(e[key])
        for row in e["kinds"] + [dict(e["all"], kind="all items")]:
            acc = rows.setdefault(row["kind"], dict.fromkeys(
                ["adversaries", "caught", "excluded", "poisoned", "removed", "items", "cleaned", "missing", "majority", "ceiling", "ceiling_missing",
                 "majority_kept"], 0.0))
            n = row["attacked_items"]
            acc["adversaries"] += row["adversaries"]; acc["caught"] += row["caught"]; acc["excluded"] += row["excluded"]
            acc["poisoned"] += row["poisoned_ratings"]; acc["removed"] += row["poisoned_removed"]; acc["items"] += n
            acc["cleaned"] += (row["cleaned_accuracy"] or 0) * n; acc["missing"] += row["items_missing_from_dataset"]
            acc["majority"] += (row["majority_accuracy"] or 0) * n
            acc["majority_kept"] += (row.get("majority_accuracy_on_dataset_items") or 0) * (n - row["items_missing_from_dataset"])
            acc["ceiling"] += (row.get("ceiling_accuracy") or 0) * n; acc["ceiling_missing"] += row.get("ceiling_items_missing", 0)
        for kind, (c, t) in detectable(os.path.dirname(path)).items():
            hc, ht = hard.get(kind, (0, 0))
            hard[kind] = (hc + c, ht + t)
    names = ", ".join(os.path.basename(os.path.dirname(p)).replace("seed-", "") for p in seeds)
    print(f"**{config}** — seeds {names}; honest annotators: {honest['honest_annotators']}, excluded {honest['honest_excluded']}, "
          f"flagged {honest['honest_flagged']}, downweighted {honest['honest_downweighted']}\n")
    print("| kind | adversaries | caught (recall) | recall, ≥ 4 poisoned | excluded | poisoned ratings | removed | attacked items "
          "| cleaned acc. | ceiling acc. | majority acc. | cleaned / ceiling, uncertain = ½ | dataset's items: cleaned / majority |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind in [k for k in ORDER if k in rows] + ["all items"]:
        r = rows[kind]
        items = r["items"] or 1
        kept = r["items"] - r["missing"]
        recall = r["caught"] / r["adversaries"] if r["adversaries"] else None
        if kind == "all items":
            hc = sum(c for c, _ in hard.values()); ht = sum(t for _, t in hard.values())
        else:
            hc, ht = hard.get(kind, (0, 0))
        print(f"| {kind} | {int(r['adversaries'])} | {int(r['caught'])} ({fmt(recall)}) | {hc}/{ht} ({fmt(hc / ht if ht else None)}) "
              f"| {int(r['excluded'])} | {int(r['poisoned'])} | {fmt(r['removed'] / r['poisoned'] if r['poisoned'] else None)} | {int(r['items'])} "
              f"| {fmt(r['cleaned'] / items)} | {fmt(r['ceiling'] / items)} | {fmt(r['majority'] / items)} "
              f"| {fmt((r['cleaned'] + r['missing'] / 2) / items)} / {fmt((r['ceiling'] + r['ceiling_missing'] / 2) / items)} "
              f"| {fmt(r['cleaned'] / kept if kept else None)} / {fmt(r['majority_kept'] / kept if kept else None)} |")
    print()
