#!/usr/bin/env bash
# HTTP ingest through two `assay serve` nodes on one PostgreSQL database, with wrk (Debian: wrk).
# Bounded: DURATION seconds (default 10), loopback only. The database must exist and be empty:
#
#   PG_URL=postgresql://postgres@127.0.0.1:5432/assay_bench Scripts/load-bench/two-nodes.sh [ASSAY_BINARY]
#
# Both nodes ingest BATCH (default 1000) unique ratings per request of known items at the same time;
# the combined rate is the sum of the two wrk runs. Then `assay audit verify` checks the one chain.
set -euo pipefail
cd "$(dirname "$0")"
BIN="$(realpath "${1:-${ASSAY_BINARY:-../../.build/release/assay}}")"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-4}"
BATCH="${BATCH:-1000}"
: "${PG_URL:?set PG_URL=postgresql://USER@HOST:PORT/DBNAME (an empty database)}"
command -v wrk >/dev/null || { echo "two-nodes: wrk not installed (apt-get install -y wrk)"; exit 1; }
WORK="$(mktemp -d)"
PIDS=()
stop() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }
trap 'stop; rm -rf "$WORK"' EXIT

start() {  # start NAME: sets URL to the node's address (not in a subshell, so that PIDS keeps the node)
  "$BIN" serve --db "$PG_URL" --port 0 --log-level "${LOG_LEVEL:-warning}" >"$WORK/out-$1" 2>"$WORK/err-$1" &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q "listening on" "$WORK/out-$1" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/out-$1" | head -1)
}

TOKEN=$("$BIN" token create --db "$PG_URL" --role ingest --name "bench-$$" 2>/dev/null)
export TOKEN
start a
FIRST=$URL
start b
SECOND=$URL
[ -n "$FIRST" ] && [ -n "$SECOND" ] || { cat "$WORK"/err-*; exit 1; }
python3 - "$WORK/items.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1000):
        f.write(json.dumps({"rating_id": f"seed-{i}", "annotator_id": f"ann-{i % 500}", "item_id": f"item-{i}", "kind": "pairwise",
            "prompt": f"prompt {i}", "responses": [{"id": "a", "text": f"first answer {i}"}, {"id": "b", "text": f"second answer {i}"}],
            "choice": "a", "submitted_at": "2026-11-20T10:00:00Z"}) + "\n")
PY
curl -sS -o /dev/null -w "seed items: %{http_code}\n" -X POST "$FIRST/v1/ratings" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/items.jsonl"

echo "== ingest through $FIRST and $SECOND at once, $BATCH ratings per request, $CONNECTIONS connections each, ${DURATION}s"
RUN="n1" BATCH=$BATCH BODIES=600 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s -s ingest.lua "$FIRST" >"$WORK/wrk-a.txt" &
WRK=$!
RUN="n2" BATCH=$BATCH BODIES=600 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s -s ingest.lua "$SECOND" >"$WORK/wrk-b.txt"
wait "$WRK"
for node in a b; do echo "-- node $node"; cat "$WORK/wrk-$node.txt"; done
A=$(sed -n 's/^Requests\/sec: *//p' "$WORK/wrk-a.txt")
B=$(sed -n 's/^Requests\/sec: *//p' "$WORK/wrk-b.txt")
python3 -c "print(f'   => {(float(\"$A\") + float(\"$B\")) * $BATCH:,.0f} ratings/s combined (requests/s x $BATCH)')"
stop
"$BIN" audit verify --db "$PG_URL"
