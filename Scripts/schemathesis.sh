#!/usr/bin/env bash
# Runs schemathesis (PyPI) against a live `assay serve` on loopback with valid tokens, using
# Docs/openapi.yaml. Fails on any server error (5xx) or response that breaks the schema.
#
#   Scripts/schemathesis.sh [ASSAY_BINARY]      (default: .build/debug/assay)
#
# Installs schemathesis into a throwaway venv; if that is impossible (no PyPI), prints why
# and exits 0 with "skipped". Bounded: SCHEMATHESIS_MAX_EXAMPLES (default 30) per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${ASSAY_BINARY:-.build/debug/assay}}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
[ -x "$BIN" ] || { echo "schemathesis: $BIN not found; build first (swift build)"; exit 1; }

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! python3 -m venv "$WORK/venv" >/dev/null 2>&1 || ! "$WORK/venv/bin/pip" install -q "schemathesis>=4,<5" >"$WORK/pip.log" 2>&1; then
  echo "schemathesis: skipped (cannot install schemathesis from PyPI here):"; tail -3 "$WORK/pip.log" 2>/dev/null || true
  exit 0
fi
ST="$WORK/venv/bin/schemathesis"

DB="$WORK/assay.sqlite"
INGEST=$("$BIN" token create --db "$DB" --role ingest --name st-platform 2>/dev/null)
REVIEWER=$("$BIN" token create --db "$DB" --role reviewer --name st-reviewer 2>/dev/null)
ADMIN=$("$BIN" token create --db "$DB" --role admin --name st-admin 2>/dev/null)

"$BIN" serve --db "$DB" --port 0 --log-level warning >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/server.out" | head -1)
[ -n "$URL" ] || { echo "schemathesis: the server did not start"; cat "$WORK/server.err"; exit 1; }
echo "schemathesis: server at $URL"

status=0
run() {  # run TOKEN TAG...
  local token="$1"; shift
  local filters=()
  for tag in "$@"; do filters+=(--include-tag "$tag"); done
  "$ST" run "$URL/openapi.yaml" --url "$URL" -H "Authorization: Bearer $token" "${filters[@]}" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "$MAX_EXAMPLES" --no-color || status=1
}
run "$INGEST" ingest system
run "$REVIEWER" annotators
run "$ADMIN" audit runs
if [ "$status" -ne 0 ]; then echo "schemathesis: FAILED"; else echo "schemathesis: passed"; fi
exit "$status"
