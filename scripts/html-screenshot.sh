#!/usr/bin/env bash
# Renders the HTML report of the bundled corpus in headless Chromium, with
# networking disabled, and writes the screenshot the README shows.
#
#   scripts/html-screenshot.sh [OUT.png]        (default: docs/report.png)
#
# Needs Debian's chromium (apt-get install chromium); nothing else is fetched.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-docs/report.png}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "error: $chromium not found (apt-get install chromium, or set CHROMIUM)" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release -- report --format html --output "$work/report.html" corpus/kazakhstan-2022

mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --proxy-server=127.0.0.1:9 \
    --user-data-dir="$work/profile" --window-size=1280,1600 \
    --screenshot="$out" "file://$work/report.html" 2>"$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
echo "wrote $out ($(wc -c <"$out") bytes) from a $(wc -c <"$work/report.html")-byte page"
