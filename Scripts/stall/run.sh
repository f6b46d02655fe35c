#!/usr/bin/env bash
# Stall measurement of `assay serve` (issue 15): while two admins page the verified audit log
# (GET /v1/audit, verify on by default) and a client ingests 5,000-rating batches, a prober hits
# /healthz every 100 ms and reports p50/p99/max latency. Target: p99 < 50 ms on a 1M-rating store.
# Loopback only; bounded: DURATION seconds of load (default 20).
#
#   Scripts/stall/run.sh [RATINGS] [ASSAY_BINARY]     (defaults: 1000000, .build/release/assay)
#
# The store is built first with `assay bench ingest --batch-size 5000` (not timed); STALL_DB=PATH
# starts each run from a copy of a store built before (RATINGS is then ignored), e.g.
#   assay bench ingest --ratings 1000000 --batch-size 5000 --workdir /tmp/stall --keep
#   STALL_DB=/tmp/stall/bench.sqlite Scripts/stall/run.sh 0 OLD_BINARY; STALL_DB=… Scripts/stall/run.sh 0 NEW_BINARY
set -euo pipefail
RATINGS="${1:-1000000}"
BIN="$(realpath "${2:-${ASSAY_BINARY:-$(dirname "$0")/../../.build/release/assay}}")"
cd "$(dirname "$0")"
DURATION="${DURATION:-20}"
WORK="$(mktemp -d)"
PID=""
# SIGTERM waits for in-flight requests (a verified audit page takes tens of seconds): 5 s, then SIGKILL.
stop() {
  if [ -n "$PID" ]; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
  fi
}
trap 'stop; rm -rf "$WORK"' EXIT

DB="$WORK/seed/bench.sqlite"
if [ -n "${STALL_DB:-}" ]; then
  # A copy, so every run starts from the same store (the load ingests into it).
  mkdir -p "$WORK/seed"
  cp "$STALL_DB" "$DB"
  for suffix in -wal -shm; do if [ -f "$STALL_DB$suffix" ]; then cp "$STALL_DB$suffix" "$DB$suffix"; fi; done
else
  echo "== building a store of $RATINGS ratings (batches of 5,000)"
  "$BIN" bench ingest --ratings "$RATINGS" --batch-size 5000 --workdir "$WORK/seed" --keep | sed 's/^/   /'
  rm -f "$WORK/seed/ratings.jsonl"
fi
"$BIN" stats --db "$DB" 2>/dev/null | head -3 | sed 's/^/   /' || true
ADMIN=$("$BIN" token create --db "$DB" --role admin --name "stall-admin-$$" 2>/dev/null | tail -1)
INGEST=$("$BIN" token create --db "$DB" --role ingest --name "stall-ingest-$$" 2>/dev/null | tail -1)

"$BIN" serve --db "$DB" --port 0 --log-level "${LOG_LEVEL:-warning}" >"$WORK/out" 2>"$WORK/err" &
PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/out" | head -1)
[ -n "$URL" ] || { cat "$WORK/err"; exit 1; }

echo "== load for ${DURATION}s: 2 admins paging GET /v1/audit (verified), 1 client ingesting 5,000-rating batches, /healthz every 100 ms"
python3 measure.py "$URL" "$ADMIN" "$INGEST" "$DURATION"
stop
