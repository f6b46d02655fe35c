#!/usr/bin/env bash
# console-browser/run.sh [ASSAY_BINARY] [OUT_DIR]
#
# The reviewers' console in a real browser (issue 16 item 2): Debian's headless Chromium driven by
# Selenium (PyPI) through chromium-driver, with JavaScript turned off. Prepares a store as the demo
# does (the demo's attacked ratings, a signed cleaning run with flagged annotators, tokens from
# `assay token create`), starts `assay serve` on a loopback port, then drive.py signs in, opens the
# queue and an annotator, confirms them with a note, checks the decision through the API and
# GET /v1/audit, checks that a POST without the CSRF token and a reviewer's approval are refused,
# walks the two-person release, signs out, and checks that a signed-out browser gets the login page.
# Saves a screenshot of each page into OUT_DIR (default out/console-browser) and fails on a blank one.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${1:-$(cd "$ROOT" && swift build --show-bin-path)/assay}
OUT=${2:-$ROOT/out/console-browser}
[ -x "$BIN" ] || { echo "FAILED: $BIN is not an executable (build first: swift build)" >&2; exit 1; }

# Debian's chromium and its driver (same version, from the same source package).
need=()
command -v chromium > /dev/null || need+=(chromium)
command -v chromedriver > /dev/null || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || { echo "FAILED: missing ${need[*]} (apt-get install -y ${need[*]})" >&2; exit 1; }
    echo "installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null
fi

# Selenium and Pillow in a venv of their own.
VENV=${CONSOLE_BROWSER_VENV:-/tmp/assay-console-browser-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import selenium, PIL' 2> /dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check selenium pillow
fi

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2> /dev/null || true; wait "$SERVER" 2> /dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

DB=$WORK/assay.sqlite
echo "== store: the demo's ratings, a signed cleaning run, tokens" >&2
"$BIN" ingest "$ROOT/Fixtures/demo/ratings.jsonl" --db "$DB" > "$WORK/ingest.log"
"$BIN" clean --db "$DB" --out "$WORK/run" --key "$ROOT/Fixtures/keys/test-ed25519-private.pem" > "$WORK/clean.log" 2>&1 \
    || { cat "$WORK/clean.log" >&2; echo "FAILED: the cleaning run" >&2; exit 1; }
REVIEWER=$("$BIN" token create --db "$DB" --role reviewer --name alice 2> /dev/null | tail -1)
ADMIN=$("$BIN" token create --db "$DB" --role admin --name ops 2> /dev/null | tail -1)
ADMIN2=$("$BIN" token create --db "$DB" --role admin --name ops2 2> /dev/null | tail -1)
INGEST=$("$BIN" token create --db "$DB" --role ingest --name platform 2> /dev/null | tail -1)

echo "== assay serve on a loopback port" >&2
"$BIN" serve --db "$DB" --host 127.0.0.1 --port 0 --log-level warning > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVER=$!
PORT=""
for _ in $(seq 1 300); do
    PORT=$(sed -n 's|^assay serve: listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$WORK/serve.out" | head -1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVER" 2> /dev/null || { cat "$WORK/serve.err" >&2; echo "FAILED: assay serve exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAILED: assay serve did not report its port" >&2; exit 1; }

mkdir -p "$OUT"
CONSOLE_REVIEWER=$REVIEWER CONSOLE_ADMIN=$ADMIN CONSOLE_ADMIN2=$ADMIN2 CONSOLE_INGEST=$INGEST \
    timeout 300 "$VENV/bin/python" "$HERE/drive.py" "http://127.0.0.1:$PORT" "$OUT"
