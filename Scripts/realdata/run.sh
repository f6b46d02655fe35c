#!/usr/bin/env bash
# Reference evaluation on real crowd data (issue 12, Docs/evaluation.md): LLMFAO against GPT-4's verdicts, and the
# binary categorical sets Duck (Zheng et al. 2017), RTE and TEMP (Snow et al. 2008) against their gold labels.
#
# Usage: Scripts/realdata/run.sh [OUTDIR]   (default /tmp/assay-realdata)
#   ASSAY=path/to/assay (default .build/debug/assay; the rule plugins must sit beside it)
#   DATASETS=path/to/shared/datasets (default: ../shared/datasets beside the repository root)
#   CONFIG=path/to/config.json (default: none, the default cleaning configuration)
#   SETS="llmfao duck rte temp"
#
# For every set: import (ratings.jsonl + reference.jsonl), `assay clean` with the default configuration,
# `assay evaluate --reference --ratings --json` (eval.json); then tables.py prints one Markdown table.
# About 50 s in all on a debug build (RTE's clean ~20 s, LLMFAO's ~8 s).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
assay=${ASSAY:-$root/.build/debug/assay}
datasets=${DATASETS:-$root/../shared/datasets}
sets=${SETS:-llmfao duck rte temp}
out=${1:-/tmp/assay-realdata}
mkdir -p "$out"
key="$out/key.pem"
[ -f "$key" ] || "$assay" keygen --private "$key" --public "$out/key.pub" >/dev/null
config=()
[ -n "${CONFIG:-}" ] && config=(--config "$CONFIG")

import_set() { # import_set SET DIR
  local set=$1 dir=$2
  case "$set" in
    llmfao)
      "$assay" import llmfao --dir "$datasets/llmfao" --out "$dir/ratings.jsonl" --reference-out "$dir/reference.jsonl" ;;
    duck)
      "$assay" import crowd --format zheng2017 --prefix duck --answers "$datasets/zheng2017/d_Duck_Identification/answer.csv" \
        --truth "$datasets/zheng2017/d_Duck_Identification/truth.csv" --out "$dir/ratings.jsonl" --reference-out "$dir/reference.jsonl" ;;
    rte | temp)
      "$assay" import crowd --format snow2008 --prefix "$set" --answers "$datasets/snow2008/$set.standardized.tsv" \
        --out "$dir/ratings.jsonl" --reference-out "$dir/reference.jsonl" ;;
    *) echo "unknown set $set" >&2; return 64 ;;
  esac
}

for set in $sets; do
  dir="$out/$set"
  mkdir -p "$dir"
  import_set "$set" "$dir" >/dev/null
  nice -n 10 "$assay" clean --input "$dir/ratings.jsonl" --out "$dir/run" --key "$key" --force "${config[@]}" >"$dir/clean.log" 2>&1
  "$assay" evaluate --run "$dir/run" --reference "$dir/reference.jsonl" --ratings "$dir/ratings.jsonl" --json >"$dir/eval.json"
  "$assay" evaluate --run "$dir/run" --reference "$dir/reference.jsonl" --ratings "$dir/ratings.jsonl" >"$dir/eval.txt"
done
# shellcheck disable=SC2086
python3 "$root/Scripts/realdata/tables.py" "$out" $sets
