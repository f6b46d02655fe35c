#!/usr/bin/env bash
# Loopback load benchmark of `assay serve` with wrk (Debian: apt-get install -y wrk).
# Bounded: DURATION seconds per phase (default 10), loopback only.
#
#   Scripts/load-bench/run.sh [ASSAY_BINARY]     (default .build/release/assay)
#
# Phases: ingest at 100 and at 1,000 ratings per request (unique ratings, items known), then
# GET /v1/annotators/{id}. Lookups need a recorded run: the script runs `assay clean` on the
# ingested store when the binary has it and LOOKUP_DB is not given; LOOKUP_DB=PATH uses a store
# that already has one (with annotators ann-0 … ann-499).
set -euo pipefail
cd "$(dirname "$0")"
BIN="$(realpath "${1:-${ASSAY_BINARY:-../../.build/release/assay}}")"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-4}"
command -v wrk >/dev/null || { echo "load-bench: wrk not installed (apt-get install -y wrk)"; exit 1; }
WORK="$(mktemp -d)"
PID=""
stop() { if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi; }
trap 'stop; rm -rf "$WORK"' EXIT

start() {  # start DB
  "$BIN" serve --db "$1" --port 0 --log-level "${LOG_LEVEL:-warning}" >"$WORK/out" 2>"$WORK/err" &
  PID=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$WORK/out" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/out" | head -1)
  [ -n "$URL" ] || { cat "$WORK/err"; exit 1; }
}

DB="$WORK/bench.sqlite"
TOKEN=$("$BIN" token create --db "$DB" --role ingest --name bench 2>/dev/null)
export TOKEN
start "$DB"
# The items, once (as a platform sends texts on first sight).
python3 - "$WORK/items.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1000):
        f.write(json.dumps({"rating_id": f"seed-{i}", "annotator_id": f"ann-{i % 500}", "item_id": f"item-{i}", "kind": "pairwise",
            "prompt": f"prompt {i}", "responses": [{"id": "a", "text": f"first answer {i}"}, {"id": "b", "text": f"second answer {i}"}],
            "choice": "a", "submitted_at": "2026-11-20T10:00:00Z"}) + "\n")
PY
curl -sS -o /dev/null -w "seed items: %{http_code}\n" -X POST "$URL/v1/ratings" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/items.jsonl"

for BATCH in 100 1000; do
  BODIES=$(( BATCH == 100 ? 4000 : 600 ))
  echo "== ingest, $BATCH ratings per request, $CONNECTIONS connections, ${DURATION}s"
  RUN="b$BATCH" BATCH=$BATCH BODIES=$BODIES wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s -s ingest.lua "$URL" | tee "$WORK/wrk-$BATCH.txt"
  REQS=$(sed -n 's/^Requests\/sec: *//p' "$WORK/wrk-$BATCH.txt")
  python3 -c "print(f'   => {float(\"$REQS\") * $BATCH:,.0f} ratings/s (requests/s x $BATCH)')"
done
curl -sS "$URL/metrics" | grep '^assay_ratings_total' || true
stop

LOOKUP="${LOOKUP_DB:-}"
if [ -z "$LOOKUP" ]; then
  if "$BIN" keygen --private "$WORK/k.pem" --public "$WORK/k.pub" >/dev/null 2>&1 \
     && "$BIN" clean --db "$DB" --out "$WORK/run" --key "$WORK/k.pem" >/dev/null 2>&1; then
    LOOKUP="$DB"
  else
    echo "load-bench: no run to look annotators up in (set LOOKUP_DB)"; exit 0
  fi
fi
"$BIN" token create --db "$LOOKUP" --role ingest --name "bench-lookup-$$" >"$WORK/lt" 2>/dev/null
TOKEN=$(cat "$WORK/lt"); export TOKEN
start "$LOOKUP"
echo "== GET /v1/annotators/{id}, $CONNECTIONS connections, ${DURATION}s"
ANNOTATORS="${ANNOTATORS:-500}" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s lookup.lua "$URL"
