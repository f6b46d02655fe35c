"""Runs crowd-kit / krippendorff and `assay aggregate` on the same files and fails if Assay is behind.

Checks (all on Fixtures/reference, the copies of shared/datasets):
  * Dawid-Skene accuracy against gold on Duck, Dog, RTE, TEMP, WSD: Assay within 0.5 pp of
    crowd-kit on every set and at least as good on average; one-coin within 0.5 pp on every set.
  * Krippendorff's alpha (nominal, ordinal, interval, ratio) on codings.csv and nominal alpha on
    the five crowd sets: equal to the `krippendorff` package at 1e-9.
  * Speed: `assay aggregate --method ds` (including CSV parsing) against crowd-kit's
    DawidSkene.fit_predict on the same synthetic CSV; Assay must be faster.
Prints a table and ends with "N passed, N failed".
"""
import argparse
import csv
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import krippendorff
from crowdkit.aggregation import DawidSkene, MajorityVote, OneCoinDawidSkene

RESULTS = []


def check(name, ok, detail):
    RESULTS.append((name, ok))
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")


def load(fixtures, name):
    """Returns (answers DataFrame task,worker,label as strings, gold Series task -> label)."""
    if name in ("Duck", "Dog"):
        folder = {"Duck": "duck", "Dog": "dog"}[name]
        a = pd.read_csv(os.path.join(fixtures, "zheng2017", folder, "answer.csv"), dtype=str)
        t = pd.read_csv(os.path.join(fixtures, "zheng2017", folder, "truth.csv"), dtype=str)
        df = a.rename(columns={"question": "task", "answer": "label"})[["task", "worker", "label"]]
        gold = t.set_index("question")["truth"]
    else:
        s = pd.read_csv(os.path.join(fixtures, "snow2008", f"{name.lower()}.standardized.tsv"), sep="\t", dtype=str)
        df = s.rename(columns={"orig_id": "task", "!amt_worker_ids": "worker", "response": "label"})[["task", "worker", "label"]]
        gold = s.groupby("orig_id")["gold"].first()
    return df, gold


def accuracy(pred, gold):
    common = gold.index.intersection(pred.index)
    return float((pred.loc[common].astype(str) == gold.loc[common].astype(str)).mean())


def assay(binary, *args):
    r = subprocess.run([binary, "aggregate", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"assay aggregate {' '.join(args)} failed: {r.stderr.strip()}")


def assay_labels(binary, path, method, work):
    out = os.path.join(work, f"out-{method}.csv")
    assay(binary, "--answers", path, "--method", method, "--out", out)
    return pd.read_csv(out, dtype=str).set_index("task")["label"]


def assay_agreement(binary, path, work):
    out = os.path.join(work, "agreement.csv")
    assay(binary, "--answers", path, "--method", "mv", "--out", os.path.join(work, "unused.csv"), "--agreement-out", out)
    rows = pd.read_csv(out)
    return {m: float(v) for m, v in zip(rows["metric"], rows["value"])}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--assay", required=True)
    p.add_argument("--fixtures", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--speed-labels", type=int, default=1_000_000)
    a = p.parse_args()

    ours_ds, theirs_ds = [], []
    print(f"{'data':6} {'ck MV':>7} {'ck DS':>7} {'ck 1c':>7} | {'Assay MV':>8} {'Assay DS':>8} {'Assay 1c':>8}")
    for name in ["Duck", "Dog", "RTE", "TEMP", "WSD"]:
        df, gold = load(a.fixtures, name)
        path = os.path.join(a.work, f"{name}.csv")
        df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
        ck = {
            "mv": accuracy(MajorityVote().fit_predict(df), gold),
            "ds": accuracy(DawidSkene(n_iter=100).fit_predict(df), gold),
            "onecoin": accuracy(OneCoinDawidSkene(n_iter=100).fit_predict(df), gold),
        }
        us = {m: accuracy(assay_labels(a.assay, path, m, a.work), gold) for m in ("mv", "ds", "onecoin")}
        print(f"{name:6} {ck['mv']:7.4f} {ck['ds']:7.4f} {ck['onecoin']:7.4f} | {us['mv']:8.4f} {us['ds']:8.4f} {us['onecoin']:8.4f}")
        check(f"{name} Dawid-Skene accuracy", us["ds"] >= ck["ds"] - 0.005, f"Assay {us['ds']:.4f} vs crowd-kit {ck['ds']:.4f}")
        check(f"{name} one-coin accuracy", us["onecoin"] >= ck["onecoin"] - 0.005, f"Assay {us['onecoin']:.4f} vs crowd-kit {ck['onecoin']:.4f}")
        ours_ds.append(us["ds"])
        theirs_ds.append(ck["ds"])
        # Nominal alpha on the crowd data: workers x tasks reliability matrix with NaN for missing.
        tasks = sorted(df["task"].unique())
        workers = sorted(df["worker"].unique())
        labels = sorted(df["label"].unique())
        ti = {t: i for i, t in enumerate(tasks)}
        wi = {w: i for i, w in enumerate(workers)}
        li = {l: i for i, l in enumerate(labels)}
        m = np.full((len(workers), len(tasks)), np.nan)
        for t, w, l in df.itertuples(index=False):
            m[wi[w], ti[t]] = li[l]
        ref = krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
        got = assay_agreement(a.assay, path, a.work)["krippendorff_alpha_nominal"]
        check(f"{name} nominal alpha", abs(got - ref) < 1e-9, f"Assay {got:.12f} vs krippendorff {ref:.12f}")
    check("Dawid-Skene average accuracy", np.mean(ours_ds) >= np.mean(theirs_ds),
          f"Assay {np.mean(ours_ds):.4f} vs crowd-kit {np.mean(theirs_ds):.4f}")

    # Krippendorff (2011) example: observers x units with blanks.
    codings = pd.read_csv(os.path.join(a.fixtures, "evalica", "codings.csv"), header=None)
    rows = []
    for obs in range(codings.shape[0]):
        for unit in range(codings.shape[1]):
            v = codings.iat[obs, unit]
            if not pd.isna(v):
                rows.append((f"u{unit}", f"o{obs}", str(int(v))))
    path = os.path.join(a.work, "codings-long.csv")
    pd.DataFrame(rows, columns=["task", "worker", "label"]).to_csv(path, index=False)
    got = assay_agreement(a.assay, path, a.work)
    for level in ["nominal", "ordinal", "interval", "ratio"]:
        ref = krippendorff.alpha(reliability_data=codings.to_numpy(dtype=float), level_of_measurement=level)
        g = got[f"krippendorff_alpha_{level}"]
        check(f"codings.csv {level} alpha", abs(g - ref) < 1e-9, f"Assay {g:.10f} vs krippendorff {ref:.10f}")

    if a.speed_labels > 0:
        rng = np.random.default_rng(42)
        n_items, per, n_workers, k = a.speed_labels // 10, 10, 2000, 5
        truth = rng.integers(0, k, n_items)
        skill = rng.uniform(0.55, 0.95, n_workers)
        tasks = np.repeat(np.arange(n_items), per)
        workers = rng.integers(0, n_workers, n_items * per)
        correct = rng.random(n_items * per) < skill[workers]
        noise = (truth[tasks] + rng.integers(1, k, n_items * per)) % k
        labels = np.where(correct, truth[tasks], noise)
        df = pd.DataFrame({"task": tasks, "worker": workers, "label": labels})
        path = os.path.join(a.work, "speed.csv")
        df.to_csv(path, index=False)
        t0 = time.perf_counter()
        ck_ds = DawidSkene(n_iter=100)
        ck_ds.fit_predict(df)
        ck = time.perf_counter() - t0
        iters = max(1, len(getattr(ck_ds, "loss_history_", [])))
        print(f"crowd-kit DawidSkene: {ck:.2f} s, {iters} iterations, {ck / iters:.3f} s per iteration")
        t0 = time.perf_counter()
        assay(a.assay, "--answers", path, "--method", "ds", "--out", os.path.join(a.work, "speed-out.csv"))
        us = time.perf_counter() - t0
        check(f"Dawid-Skene speed on {len(df):,} labels", us < ck,
              f"Assay {us:.2f} s (incl. CSV parse and write) vs crowd-kit {ck:.2f} s (fit only)")

    passed = sum(ok for _, ok in RESULTS)
    failed = len(RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
