#!/usr/bin/env bash
# report-screenshot.sh REPORT.html OUT.png
#
# Takes a screenshot of an Assay report with headless Chromium (Debian's `chromium` package,
# installed with apt-get if missing and this runs as root), then fails unless the page rendered
# its summary: the DOM Chromium built must hold the summary section (id="summary") with its
# "N excluded" line, and the PNG must be 1280x2000 and not blank. Prints the PNG's path.
#
# REPORT_COLOR_SCHEME=dark renders with prefers-color-scheme: dark (default: light).
set -euo pipefail

usage() { echo "usage: $0 REPORT.html OUT.png" >&2; exit 2; }
[ $# -eq 2 ] || usage
REPORT=$1
OUT=$2
WIDTH=1280
HEIGHT=2000
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

[ -f "$REPORT" ] || { echo "FAILED: $REPORT: no such file" >&2; exit 1; }
REPORT_ABS=$(realpath "$REPORT")
mkdir -p "$(dirname "$OUT")"
OUT_ABS=$(realpath -m "$OUT")

find_chromium() { command -v chromium || command -v chromium-browser || true; }
CHROMIUM=$(find_chromium)
if [ -z "$CHROMIUM" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
        echo "chromium not found; installing Debian's chromium package" >&2
        if ! apt-cache policy chromium 2> /dev/null | grep -q 'Candidate: [0-9]'; then
            apt-get update -qq
        fi
        apt-cache policy chromium | grep -q 'Candidate: [0-9]' || { echo "FAILED: no chromium package in apt's sources" >&2; exit 1; }
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
        CHROMIUM=$(find_chromium)
    fi
    [ -n "$CHROMIUM" ] || { echo "FAILED: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Offline, no profile of the user's, no first-run UI; the page itself forbids network access by CSP.
FLAGS=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
    --disable-extensions --disable-background-networking --disable-sync --mute-audio
    --user-data-dir="$WORK/profile" --force-prefers-reduced-motion)
case "${REPORT_COLOR_SCHEME:-light}" in
    light) FLAGS+=(--blink-settings=preferredColorScheme=1) ;;
    dark) FLAGS+=(--blink-settings=preferredColorScheme=0 --force-dark-mode) ;;
    *) echo "REPORT_COLOR_SCHEME must be light or dark" >&2; exit 2 ;;
esac
URL="file://$REPORT_ABS"

rm -f "$OUT_ABS"
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --screenshot="$OUT_ABS" --window-size="$WIDTH,$HEIGHT" "$URL" \
    > "$WORK/screenshot.log" 2>&1 || { cat "$WORK/screenshot.log" >&2; echo "FAILED: chromium could not take the screenshot" >&2; exit 1; }
[ -s "$OUT_ABS" ] || { cat "$WORK/screenshot.log" >&2; echo "FAILED: chromium wrote no PNG" >&2; exit 1; }

timeout 120 "$CHROMIUM" "${FLAGS[@]}" --dump-dom "$URL" > "$WORK/dom.html" 2> "$WORK/dom.log" \
    || { cat "$WORK/dom.log" >&2; echo "FAILED: chromium could not load the page" >&2; exit 1; }
grep -q 'id="summary"' "$WORK/dom.html" || { echo "FAILED: the rendered page has no summary section (id=\"summary\")" >&2; exit 1; }
grep -Eq '[0-9,]+ excluded</strong>' "$WORK/dom.html" || { echo "FAILED: the rendered summary has no 'N excluded' line" >&2; exit 1; }

SIZE=$(stat -c %s "$OUT_ABS")
[ "$SIZE" -ge 20000 ] || { echo "FAILED: $OUT_ABS is only $SIZE bytes: the page did not render" >&2; exit 1; }
python3 "$HERE/report-screenshot/check_png.py" "$OUT_ABS" "$WIDTH" "$HEIGHT" >&2

echo "$OUT_ABS"
