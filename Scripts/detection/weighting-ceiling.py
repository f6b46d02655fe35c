#!/usr/bin/env python3
"""How much can annotator weights gain over plain majority vote under the simulator's honest model?

Monte Carlo of `RatingSimulator`'s pairwise model (Sources/AssaySimulator/RatingSimulator.swift): skill s ~ U(0.65,
0.95), qualities ~ U(0, 1), gap Δ = |q₁ − q₂|, P(correct) = 0.5 + (s − 0.5)·min(1, 4Δ), a tie with probability 0.3
when Δ < 0.05, R distinct annotators of 200 per item. Accuracy of the chosen side against the better response
(ties in the vote split ½) for: plain majority; votes weighted by the *true* skill's log-odds log(s / (1 − s));
and the Bayes-optimal vote that knows both the skill and the item's gap (weights log(p / (1 − p)) per vote).
No estimated weight can beat the last column. Usage: weighting-ceiling.py [ITEMS] (needs numpy).
"""
import sys
import numpy as np

items = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
rng = np.random.default_rng(0)
print("| ratings per item | majority | weighted by true skill | Bayes-optimal (skill and gap known) |")
print("|---:|---:|---:|---:|")
for per_item in (5, 9, 15):
    skill = rng.uniform(0.65, 0.95, 200)
    quality = rng.uniform(size=(items, 2))
    gap = np.abs(quality[:, 0] - quality[:, 1])
    who = np.array([rng.choice(200, per_item, replace=False) for _ in range(items)])
    p = 0.5 + (skill[who] - 0.5) * np.minimum(1, 4 * gap)[:, None]
    tie = (gap[:, None] < 0.05) & (rng.uniform(size=who.shape) < 0.3)
    vote = np.where(tie, 0, np.where(rng.uniform(size=who.shape) < p, 1, -1))

    def accuracy(weights):
        total = (vote * weights).sum(axis=1)
        return ((total > 0) + 0.5 * (total == 0)).mean()

    print(f"| {per_item} | {accuracy(1.0):.3f} | {accuracy(np.log(skill / (1 - skill))[who]):.3f} | {accuracy(np.log(p / (1 - p))):.3f} |")
