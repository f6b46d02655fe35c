#!/usr/bin/env bash
# Checks that a run's dataset.jsonl loads with Hugging Face `datasets` (what TRL's
# RewardTrainer / DPOTrainer and OpenRLHF read) with prompt/chosen/rejected as strings.
# Usage: Scripts/dataset-loads.sh OUTPUT_DIR
# Installs `datasets` from PyPI into a throwaway virtualenv; if that is not possible, says so
# and exits 0 (skipped) — the Swift tests still check every contract field.
set -euo pipefail
run_dir=${1:?usage: dataset-loads.sh OUTPUT_DIR}
venv=${ASSAY_DATASETS_VENV:-/tmp/assay-datasets-venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import datasets" 2>/dev/null; then
  python3 -m venv "$venv"
  if ! "$venv/bin/pip" install --quiet --disable-pip-version-check datasets >/tmp/assay-datasets-pip.log 2>&1; then
    echo "SKIPPED: could not install 'datasets' from PyPI (see /tmp/assay-datasets-pip.log)"
    exit 0
  fi
fi
HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 "$venv/bin/python" - "$run_dir/dataset.jsonl" <<'PY'
import sys
from datasets import load_dataset, Value
path = sys.argv[1]
ds = load_dataset("json", data_files=path, split="train")
for column in ("prompt", "chosen", "rejected"):
    assert ds.features[column] == Value("string"), (column, ds.features[column])
for column in ("margin", "weight"):
    assert ds.features[column].dtype in ("float64", "float32", "int64"), (column, ds.features[column])
assert len(ds) > 0
assert all(0 < w <= 1 for w in ds["weight"]) and all(m >= 0 for m in ds["margin"])
print(f"OK: datasets.load_dataset('json') read {len(ds)} rows; prompt/chosen/rejected are strings; columns: {sorted(ds.column_names)}")
PY
