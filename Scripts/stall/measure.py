"""Load and probe for Scripts/stall/run.sh: two audit pagers, one ingester, one /healthz prober.

Standard library only. The prober and the ingester stop after DURATION seconds (finishing the
request in flight); a verified audit page still in flight then is counted as such and not awaited
(one takes tens of seconds on a 1M-rating store). Prints the prober's latencies and what the load did.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

url, admin, ingest, duration = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
parsed = urllib.parse.urlparse(url)
HOST, PORT = parsed.hostname, parsed.port
BATCH = 5000


def request(method, path, token=None, body=None, content_type=None):
    """One request on a fresh connection: (status, body bytes, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if content_type:
        headers["Content-Type"] = content_type
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data, time.perf_counter() - started


def batch_body(number):
    lines = []
    for i in range(BATCH):
        item = f"stall-{number}-item-{i % 500}"
        lines.append(json.dumps({
            "rating_id": f"stall-{number}-{i}", "annotator_id": f"stall-ann-{i % 97}", "item_id": item, "kind": "pairwise",
            "prompt": f"prompt {item}", "responses": [{"id": "a", "text": f"first {item}"}, {"id": "b", "text": f"second {item}"}],
            "choice": "a" if i % 3 else "b", "submitted_at": "2026-11-20T10:00:00Z"}))
    return ("\n".join(lines) + "\n").encode()


# Bodies made before the clock starts, so the driver's own CPU does not disturb the probes.
bodies = [batch_body(n) for n in range(max(20, int(duration * 4)))]
deadline = time.monotonic() + duration
results = {"probes": [], "probe_errors": 0, "audit": [], "audit_status": {}, "ingest": [], "ingest_status": {}}
lock = threading.Lock()


def pager():
    after = 0
    while time.monotonic() < deadline:
        try:
            status, data, seconds = request("GET", f"/v1/audit?after={after}&limit=100", token=admin)
        except (OSError, http.client.HTTPException):
            status, data, seconds = "error", b"", 0.0
        with lock:
            results["audit"].append(seconds)
            results["audit_status"][status] = results["audit_status"].get(status, 0) + 1
        try:
            after = json.loads(data).get("next_after") or 0
        except ValueError:
            after = 0


def ingester():
    number = 0
    while time.monotonic() < deadline:
        try:
            status, _, seconds = request(
                "POST", "/v1/ratings", token=ingest, body=bodies[number % len(bodies)], content_type="application/x-ndjson")
        except (OSError, http.client.HTTPException):
            status, seconds = "error", 0.0
        number += 1
        with lock:
            results["ingest"].append(seconds)
            results["ingest_status"][status] = results["ingest_status"].get(status, 0) + 1


def prober():
    next_at = time.monotonic()
    while time.monotonic() < deadline:
        try:
            status, _, seconds = request("GET", "/healthz")
            with lock:
                results["probes"].append(seconds)
                if status != 200:
                    results["probe_errors"] += 1
        except (OSError, http.client.HTTPException):
            with lock:
                results["probe_errors"] += 1
        next_at += 0.1
        time.sleep(max(0.0, next_at - time.monotonic()))


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


pagers = [threading.Thread(target=pager, daemon=True) for _ in range(2)]
others = [threading.Thread(target=f, daemon=True) for f in (ingester, prober)]
started = time.monotonic()
for thread in pagers + others:
    thread.start()
for thread in others:
    thread.join()
elapsed = time.monotonic() - started
in_flight = sum(thread.is_alive() for thread in pagers)

probes = results["probes"]
ms = lambda seconds: f"{seconds * 1000:.1f} ms"
print(f"elapsed {elapsed:.1f} s")
print(f"/healthz: {len(probes)} probes ({results['probe_errors']} not 200), "
      f"p50 {ms(percentile(probes, 0.5))}, p99 {ms(percentile(probes, 0.99))}, max {ms(max(probes) if probes else float('nan'))}")
audit = results["audit"]
print(f"GET /v1/audit (verified): {len(audit)} pages done {results['audit_status']}, {in_flight} in flight at the end"
      + (f", p50 {ms(percentile(audit, 0.5))}, max {ms(max(audit))}" if audit else ""))
ingests = results["ingest"]
accepted = results["ingest_status"].get(200, 0) * BATCH
print(f"POST /v1/ratings (5,000 per batch): {len(ingests)} batches {results['ingest_status']}, "
      f"p50 {ms(percentile(ingests, 0.5))}, ~{accepted / duration:,.0f} ratings/s accepted during the load")
target = percentile(probes, 0.99) < 0.05 if probes else False
print(f"target /healthz p99 < 50 ms: {'met' if target else 'NOT met'}")
