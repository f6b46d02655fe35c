#!/usr/bin/env bash
# Peer comparison: Assay's consensus methods against crowd-kit and krippendorff (PyPI) on the
# same files. Fails (exit 1) if Assay falls behind; skips (exit 0, with a message) when the
# Python packages cannot be installed.
#
#   Scripts/peer-compare/run.sh PATH/TO/assay        (or: ASSAY=PATH/TO/assay Scripts/peer-compare/run.sh)
#
# Environment: PEER_SPEED_LABELS=N sets the size of the synthetic speed check (default
# 1000000 labels; 0 skips it).
set -euo pipefail

ASSAY_BIN="${1:-${ASSAY:-}}"
if [[ -z "$ASSAY_BIN" || ! -x "$ASSAY_BIN" ]]; then
    echo "usage: $0 PATH/TO/assay   (or set ASSAY); got '${ASSAY_BIN}'" >&2
    exit 2
fi
ASSAY_BIN="$(cd "$(dirname "$ASSAY_BIN")" && pwd)/$(basename "$ASSAY_BIN")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/assay-peer.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if ! python3 -m venv "$WORK/venv" >"$WORK/venv.log" 2>&1; then
    echo "SKIP: peer comparison not run: python3 -m venv failed ($(tail -1 "$WORK/venv.log"))"
    exit 0
fi
if ! "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "crowd-kit==1.4.2" "krippendorff==0.9.0" >"$WORK/pip.log" 2>&1; then
    echo "SKIP: peer comparison not run: pip could not install crowd-kit 1.4.2 and krippendorff 0.9.0 from PyPI"
    tail -3 "$WORK/pip.log" | sed 's/^/  pip: /'
    exit 0
fi

status=0
"$WORK/venv/bin/python" "$HERE/compare.py" \
    --assay "$ASSAY_BIN" --fixtures "$ROOT/Fixtures/reference" --work "$WORK" \
    --speed-labels "${PEER_SPEED_LABELS:-1000000}" || status=$?
exit "$status"
