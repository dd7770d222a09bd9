#!/usr/bin/env bash
# Run crosscheck's cargo-fuzz targets (fuzz/fuzz_targets/*.rs), each for
# FUZZ_SECONDS (default 600), one after the other.
#
#   scripts/fuzz.sh                 # every target, 10 minutes each
#   FUZZ_SECONDS=60 scripts/fuzz.sh numbers extract
#   FUZZ_JOBS=2 scripts/fuzz.sh     # two targets at a time
#   FUZZ_FRESH=1 scripts/fuzz.sh rules   # start from the seeds only
#
# A corpus grows with every run, and libFuzzer replays all of it before
# mutating: the rules target (one rule compilation per input, ~20 runs/s)
# once spent a whole 120 s budget replaying 4,300 inputs. FUZZ_FRESH=1 uses
# a fresh corpus under fuzz/corpus-fresh/ seeded as below, so the budget
# goes to new inputs; `cargo +nightly fuzz cmin <target>` shrinks a grown
# one instead.
#
# Needs a nightly toolchain (rustup toolchain install nightly); installs
# cargo-fuzz from crates.io if missing. Seeds each target's corpus
# (fuzz/corpus/<target>, not committed) from the bundled articles and
# rules. A crash leaves its input in fuzz/artifacts/<target>/: reproduce with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/crash-…
# and add it as a regression unit test. Logs: fuzz/logs/<target>.log; the
# line "Done N runs in S second(s)" says how many executions ran.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-600}"
jobs="${FUZZ_JOBS:-1}"
corpora="fuzz/corpus"
if [ "${FUZZ_FRESH:-0}" = 1 ]; then
    corpora="fuzz/corpus-fresh"
    rm -rf "$corpora"
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(numbers front_matter rules extract)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz.sh: needs a nightly toolchain: rustup toolchain install nightly" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi

seed() {
    local target="$1" dir="$corpora/$1"
    mkdir -p "$dir"
    if [ -n "$(ls -A "$dir")" ]; then
        return
    fi
    case "$target" in
        rules) cp rules/*.yaml tests/fixtures/bad_rules/*.yaml "$dir"/ ;;
        *) cp corpus/*/*.txt "$dir"/ ;;
    esac
    if [ "$target" = front_matter ]; then
        cp corpus/*/manifest.yaml "$dir"/ 2>/dev/null || true
    fi
}

mkdir -p fuzz/logs
# Release code with debug assertions and overflow checks (-a).
for t in "${targets[@]}"; do
    cargo +nightly fuzz build -a "$t"
done

run() {
    local target="$1"
    seed "$target"
    echo "fuzz.sh: $target for ${seconds}s (log: fuzz/logs/$target.log)"
    if cargo +nightly fuzz run -a "$target" "$corpora/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 >"fuzz/logs/$target.log" 2>&1; then
        echo "fuzz.sh: $target: $(grep -E '^Done [0-9]+ runs' "fuzz/logs/$target.log" | tail -1)"
    else
        echo "fuzz.sh: $target FAILED; see fuzz/logs/$target.log and fuzz/artifacts/$target/" >&2
        return 1
    fi
}

status=0
running=0
for t in "${targets[@]}"; do
    run "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || status=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || status=1
    running=$((running - 1))
done
exit "$status"
