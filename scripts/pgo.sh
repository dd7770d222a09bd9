#!/usr/bin/env bash
# Profile-guided build of crosscheck: optional, for whoever runs it on large
# corpora. The default `cargo build --release` does not need it, and CI does
# not run it. The same code and rules; LLVM lays the machine code out by a
# profile of a training run (the README's Performance section has what it
# gained here).
#
#   scripts/pgo.sh build            ->  target/pgo/use/release/crosscheck
#   scripts/pgo.sh bench [ARGS...]  ->  the pipeline benchmark built with a
#                                       profile, run with ARGS (as after
#                                       `cargo bench --bench pipeline --`)
#
# Training never sees the benchmark's corpora: it runs over 10,000 documents
# generated with seed 2 (the benchmark's are seed 1) and, for `build`, the
# bundled articles. Each mode builds twice (instrumented, then with the
# profile) into folders of its own under target/pgo, so the normal build is
# left as it is. Needs the `llvm-tools` component of the toolchain (for
# `llvm-profdata` of rustc's own LLVM version); installed with rustup if
# missing.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
build | bench) shift ;;
*)
    echo "usage: scripts/pgo.sh build | scripts/pgo.sh bench [BENCH ARGS...]" >&2
    exit 2
    ;;
esac

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    if ! command -v rustup > /dev/null; then
        echo "pgo: $profdata missing, and no rustup to install it with (the llvm-tools component of rustc's version)" >&2
        exit 2
    fi
    echo "pgo: llvm-profdata missing; installing it: rustup component add llvm-tools" >&2
    rustup component add llvm-tools
fi

target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target=$PWD/$target ;; esac
work=$target/pgo
raw=$work/profraw-$mode
train=$work/train-seed2-10000
base_flags=${RUSTFLAGS:-}
gen_flags="$base_flags -Cprofile-generate=$raw"
mkdir -p "$work"

# Merges the training's profiles into one named by its content, so that a
# new profile changes the flags and cargo rebuilds with it (cargo does not
# watch the file a flag names); prints the flags that use it.
merge_profile() {
    local merged=$work/$mode.profdata.new sum
    "$profdata" merge -o "$merged" "$raw" >&2
    sum=$(cksum < "$merged" | cut -d ' ' -f 1)
    rm -f "$work/$mode"-*.profdata
    mv "$merged" "$work/$mode-$sum.profdata"
    echo "$base_flags -Cprofile-use=$work/$mode-$sum.profdata"
}

# The executable `cargo bench --no-run` built, from its "Executable" line.
bench_executable() {
    sed -n 's/^ *Executable benches\/pipeline\.rs (\(.*\))$/\1/p' "$1" | tail -n 1
}

if [ "$mode" = build ]; then
    echo "pgo: building the instrumented binary ($work/gen)" >&2
    RUSTFLAGS=$gen_flags cargo build --release --bin crosscheck --target-dir "$work/gen"
    gen=$work/gen/release/crosscheck
    if [ ! -e "$train/.complete" ]; then
        rm -rf "$train"
        "$gen" generate --docs 10000 --seed 2 --out "$train" > /dev/null
        touch "$train/.complete"
    fi
    rm -rf "$raw" # build scripts and the generator wrote profiles too
    echo "pgo: training on $train and corpus/" >&2
    for threads in 1 2; do
        "$gen" -j "$threads" report "$train" --format json > /dev/null
    done
    "$gen" report "$train" > /dev/null
    "$gen" report corpus > /dev/null
    "$gen" claims "$train" --format jsonl > "$work/train-claims.jsonl"
    "$gen" align "$work/train-claims.jsonl" > /dev/null
    rm -f "$work/train-claims.jsonl"
    use_flags=$(merge_profile)
    echo "pgo: building with the profile ($work/use)" >&2
    RUSTFLAGS=$use_flags cargo build --release --bin crosscheck --target-dir "$work/use"
    echo "pgo: built $work/use/release/crosscheck" >&2
else
    export CROSSCHECK_BENCH_CORPORA=$target/tmp
    log=$work/cargo-bench.log
    echo "pgo: building the instrumented benchmark ($work/bench-gen)" >&2
    RUSTFLAGS=$gen_flags cargo bench --bench pipeline --no-run --target-dir "$work/bench-gen" 2>&1 | tee "$log" >&2
    gen=$(bench_executable "$log")
    if [ ! -x "$gen" ]; then
        echo "pgo: no benchmark executable named in cargo's output ($log)" >&2
        exit 1
    fi
    rm -rf "$raw"
    echo "pgo: training: the benchmark over 10,000 documents of seed 2" >&2
    "$gen" --bench --sizes 10000 --seed 2 --threads 1,2 > /dev/null
    use_flags=$(merge_profile)
    echo "pgo: the benchmark built with the profile ($work/bench-use)" >&2
    RUSTFLAGS=$use_flags cargo bench --bench pipeline --target-dir "$work/bench-use" -- "$@"
fi
