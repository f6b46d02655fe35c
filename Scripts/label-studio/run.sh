#!/usr/bin/env bash
# The real-Label-Studio test (issue 17 item 3): Label Studio from PyPI in its own venv, on a loopback port with its
# own SQLite, sends its webhooks to a live `assay serve`; then the project's export goes through
# `assay import label-studio` and must give the same ratings (the newest revision of each annotation).
#
#   Scripts/label-studio/run.sh [ASSAY_BINARY]      (default .build/debug/assay)
#
# Env: ASSAY_LS_VENV (default /tmp/assay-ls-venv: created and filled on first use, reused after),
#      ASSAY_LS_VERSION (default 1.23.2), KEEP=1 keeps the work folder.
# Everything it starts listens on 127.0.0.1 only and is stopped on exit (trap).
set -euo pipefail
cd "$(dirname "$0")/../.."
ASSAY=${1:-.build/debug/assay}
ASSAY=$(cd "$(dirname "$ASSAY")" && pwd)/$(basename "$ASSAY")
VENV=${ASSAY_LS_VENV:-/tmp/assay-ls-venv}
VERSION=${ASSAY_LS_VERSION:-1.23.2}
WORK=$(mktemp -d /tmp/assay-ls-test.XXXXXX)
PIDS=()
cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$status" -ne 0 ]; then
        echo "--- label-studio log (tail)"; tail -n 40 "$WORK/ls.log" 2>/dev/null || true
        echo "--- assay serve log (tail)"; tail -n 20 "$WORK/assay.log" 2>/dev/null || true
    fi
    if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT INT TERM
started=$(date +%s)

# 1. Label Studio in its own venv.
if ! "$VENV/bin/label-studio" --version 2>/dev/null | grep -q "$VERSION"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "label-studio==$VERSION"
fi
installed=$(date +%s)
echo "label-studio $VERSION ready in $VENV ($((installed - started)) s)"

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# 2. assay serve with a webhook secret, on a free loopback port.
SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$SECRET" > "$WORK/webhook-secret"
"$ASSAY" serve --db "$WORK/assay.sqlite" --host 127.0.0.1 --port 0 --label-studio-secret-file "$WORK/webhook-secret" \
    --log-level warning > "$WORK/assay.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/assay.log" 2>/dev/null && break; sleep 0.1; done
ASSAY_URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/assay.log" | head -1)
[ -n "$ASSAY_URL" ] || { echo "assay serve did not start"; exit 1; }

# 3. Label Studio on loopback, its own SQLite in the work folder, an admin with a known legacy token. Webhooks go to
#    127.0.0.1, which Label Studio's SSRF protection would refuse: it is turned off for this private instance.
LS_PORT=$(free_port)
LS_TOKEN=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
export SSRF_PROTECTION_ENABLED=false WEBHOOK_TIMEOUT=10 LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK=true \
    LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=false COLLECT_ANALYTICS=false
"$VENV/bin/label-studio" start --no-browser --internal-host 127.0.0.1 --port "$LS_PORT" --data-dir "$WORK/ls-data" \
    --username admin@example.com --password "admin-$LS_TOKEN" --user-token "$LS_TOKEN" --enable-legacy-api-token \
    > "$WORK/ls.log" 2>&1 &
PIDS+=($!)
LS_URL="http://127.0.0.1:$LS_PORT"
for i in $(seq 1 240); do
    "$VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$LS_URL/health" \
        > /dev/null 2>&1 && break
    [ "$i" = 240 ] && { echo "Label Studio did not answer /health within 240 s"; exit 1; }
    sleep 1
done
up=$(date +%s)
echo "label-studio up on $LS_URL ($((up - installed)) s); assay serve on $ASSAY_URL"

# 4. Project, tasks, annotators, webhook, annotations and an edit, through Label Studio's API; checks in the store.
LS_URL=$LS_URL LS_ADMIN_TOKEN=$LS_TOKEN ASSAY_URL=$ASSAY_URL ASSAY_WEBHOOK_SECRET=$SECRET ASSAY_DB="$WORK/assay.sqlite" \
    WORK=$WORK LS_CLI="$VENV/bin/label-studio" LS_DATA="$WORK/ls-data" \
    "$VENV/bin/python" Scripts/label-studio/drive.py

# 5. The export through the importer: the same ratings as the newest revisions the webhook stored.
"$ASSAY" import label-studio "$WORK/export.json" --out "$WORK/imported.jsonl" | tee "$WORK/import.log"
ASSAY_DB="$WORK/assay.sqlite" WORK=$WORK "$VENV/bin/python" Scripts/label-studio/compare.py

# 6. A cleaning run on the webhook's store uses the newest revision and says so in its report.
"$ASSAY" clean --db "$WORK/assay.sqlite" --out "$WORK/run" --key Fixtures/keys/test-ed25519-private.pem --no-rules > "$WORK/clean.log"
grep -q "1 ratings superseded by a later revision" "$WORK/run/report.md" \
    || { echo "FAIL: the run's report does not count the superseded rating"; exit 1; }
echo "assay clean: report.md counts 1 rating superseded by a later revision"
echo "done in $(( $(date +%s) - started )) s (install $((installed - started)) s, Label Studio start $((up - installed)) s)"
