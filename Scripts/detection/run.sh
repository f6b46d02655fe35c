#!/usr/bin/env bash
# Measures detection quality (issue 6) and prints the tables of Docs/detection.md.
#
# Usage: Scripts/detection/run.sh [WORKDIR]
#   ASSAY=path/to/assay (default .build/debug/assay; the rule plugins must sit beside it)
#   SEEDS="1 2 3 4 5"  RATES="0.005 0.02 0.1"  KINDS="spam position length ring trigger entity sybil replay"
#   DENSE=15 (ratings per item of the dense configuration; empty to skip it)
#   ALONE=1 (each kind alone at 10%; 0 to skip those runs)
#
# For every configuration and seed: `assay simulate` (with --truth and --honest-out), `assay clean` with the
# default configuration, `assay clean --no-rules` on the honest ratings only (the ceiling), and
# `assay evaluate --json`; then tables.py sums the seeds into one markdown table per configuration.
# Runs under `nice -n 10`; about 2 s per run for the default simulator, 6 s for the dense one (debug build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
assay=${ASSAY:-$root/.build/debug/assay}
work=${1:-/tmp/assay-detection}
seeds=${SEEDS:-1 2 3 4 5}
rates=${RATES:-0.005 0.02 0.1}
kinds=${KINDS:-spam position length ring trigger entity sybil replay}
dense=${DENSE-15}
alone=${ALONE:-1}
mkdir -p "$work"
key="$work/key.pem"
[ -f "$key" ] || "$assay" keygen --private "$key" --public "$work/key.pub" >/dev/null

one() { # one CONFIG SEED RATINGS_PER_ITEM ATTACK...
  local config=$1 seed=$2 per=$3; shift 3
  local dir="$work/$config/seed-$seed"
  mkdir -p "$dir"
  nice -n 10 "$assay" simulate --seed "$seed" --ratings-per-item "$per" --out "$dir/ratings.jsonl" --truth "$dir/truth.json" \
    --honest-out "$dir/honest.jsonl" "$@" >/dev/null
  nice -n 10 "$assay" clean --input "$dir/ratings.jsonl" --out "$dir/run" --key "$key" --force >/dev/null 2>&1
  nice -n 10 "$assay" clean --input "$dir/honest.jsonl" --out "$dir/ceiling" --key "$key" --force --no-rules >/dev/null 2>&1
  nice -n 10 "$assay" evaluate --run "$dir/run" --truth "$dir/truth.json" --ratings "$dir/ratings.jsonl" \
    --ceiling-run "$dir/ceiling" --json >"$dir/eval.json"
  rm -f "$dir/ratings.jsonl" "$dir/honest.jsonl"
}
all() { local rate=$1; for kind in $kinds; do printf -- "--attack %s=%s " "$kind" "$rate"; done; }

for seed in $seeds; do
  for rate in $rates; do
    # shellcheck disable=SC2046
    one "all-$rate" "$seed" 5 $(all "$rate")
  done
  if [ "$alone" != 0 ]; then
    for kind in $kinds; do one "$kind-0.1" "$seed" 5 --attack "$kind=0.1"; done
  fi
  if [ -n "$dense" ]; then
    for rate in $rates; do
      # shellcheck disable=SC2046
      one "dense$dense-all-$rate" "$seed" "$dense" $(all "$rate")
    done
  fi
done
python3 "$root/Scripts/detection/tables.py" "$work"
