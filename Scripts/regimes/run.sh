#!/usr/bin/env bash
# Scores today's rules on every simulator regime of real crowds (issue 12, Docs/regimes.md) and prints one table.
#
# Usage: Scripts/regimes/run.sh [OUTDIR]
#   ASSAY=path/to/assay (default .build/debug/assay; the rule plugins must sit beside it)
#   SEEDS="1 2 3"  REGIMES="baseline campaign-launch …" (a subset of the names below)
#
# For every regime (alone, and all together with gold-aware spam at 5%) and seed: `assay simulate` (--truth,
# --reference-out), `assay clean` with the default configuration, `assay evaluate --truth … --json` (truth-based:
# recall per attack kind, honest annotators excluded / flagged / downweighted, accuracy against majority vote), and
# `assay evaluate --reference … --json` when this assay has --reference. tables.py then prints the Markdown table.
# Runs under `nice -n 10`; the default-size simulator, so about 10–20 s per run for a debug build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
assay=${ASSAY:-$root/.build/debug/assay}
work=${1:-/tmp/assay-regimes}
seeds=${SEEDS:-1 2 3}
all_regimes="baseline campaign-launch position-imbalance position-imbalance-small tie-rate sparse-pool sparse1-pool repeat-exposure gold-aware combined"
regimes=${REGIMES:-$all_regimes}
mkdir -p "$work"
key="$work/key.pem"
[ -f "$key" ] || "$assay" keygen --private "$key" --public "$work/key.pub" >/dev/null
reference=0
if "$assay" evaluate --help 2>&1 | grep -q -- '--reference'; then reference=1; fi

flags() { # flags REGIME: the assay simulate options of one regime
  case $1 in
    baseline) ;;
    campaign-launch) echo "--campaign-launch 0.1" ;;
    position-imbalance) echo "--position-imbalance 0.65" ;;
    # A smaller crowd (about 80 ratings per annotator, like the real MTurk set's heavier workers) and a stronger imbalance.
    position-imbalance-small) echo "--position-imbalance 0.75 --annotators 80" ;;
    tie-rate) echo "--tie-rate 0.5" ;;
    sparse-pool) echo "--response-pool 4 --ratings-per-item 2" ;;
    sparse1-pool) echo "--response-pool 4 --ratings-per-item 1" ;;
    repeat-exposure) echo "--repeat-exposure 0.05" ;;
    gold-aware) echo "--attack gold-aware=0.05" ;;
    combined)
      echo "--campaign-launch 0.1 --position-imbalance 0.65 --tie-rate 0.5 --response-pool 4 --ratings-per-item 2" \
        "--repeat-exposure 0.05 --attack gold-aware=0.05" ;;
    *) echo "unknown regime $1 (one of: $all_regimes)" >&2; exit 2 ;;
  esac
}

for regime in $regimes; do
  options=$(flags "$regime")
  for seed in $seeds; do
    dir="$work/$regime/seed-$seed"
    mkdir -p "$dir"
    echo "$regime seed $seed: assay simulate $options" >&2
    # shellcheck disable=SC2086
    nice -n 10 "$assay" simulate --seed "$seed" $options --out "$dir/ratings.jsonl" --truth "$dir/truth.json" \
      --reference-out "$dir/reference.jsonl" >/dev/null
    nice -n 10 "$assay" clean --input "$dir/ratings.jsonl" --out "$dir/run" --key "$key" --force >/dev/null 2>"$dir/clean.log"
    nice -n 10 "$assay" evaluate --run "$dir/run" --truth "$dir/truth.json" --ratings "$dir/ratings.jsonl" --json >"$dir/eval.json"
    if [ "$reference" = 1 ]; then
      nice -n 10 "$assay" evaluate --run "$dir/run" --reference "$dir/reference.jsonl" --ratings "$dir/ratings.jsonl" --json \
        >"$dir/reference-eval.json" || { echo "$regime seed $seed: assay evaluate --reference failed" >&2; rm -f "$dir/reference-eval.json"; }
    fi
  done
done
python3 "$root/Scripts/regimes/tables.py" "$work"
