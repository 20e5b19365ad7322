#!/usr/bin/env bash
# Runs one libFuzzer target for a number of seconds, seeded from samples/ and the malformed corpus.
#
#   scripts/fuzz.sh FuzzYAML|FuzzProtobuf|FuzzONNX|FuzzNumPy|FuzzCSV [SECONDS=60] [extra libFuzzer flags]
#
# Builds the target in release mode with libFuzzer and AddressSanitizer in its own scratch folder
# (.build-fuzz, so the normal builds stay valid), and keeps its growing corpus, crash inputs and
# log under .build-fuzz/work/TARGET/. Importers run with a 256 MiB memory limit, and libFuzzer
# refuses any single allocation over 1 GiB: an allocation the limit did not vet is a crash.
# To replay a crash input: .build-fuzz/release/TARGET CRASH-FILE. (A plain `swift build` also
# builds the targets, as executables that do nothing: their main.swift holds only the entry.)
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh FuzzYAML|FuzzProtobuf|FuzzONNX|FuzzNumPy|FuzzCSV [SECONDS] [libFuzzer flags]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no   # a crash report can otherwise take minutes
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# swiftc honours only the last -sanitize= flag, and SwiftPM emits `--sanitize=fuzzer --sanitize=address`
# in an order that changes from run to run: the Swift code got either coverage or AddressSanitizer,
# never both, and every change of order rebuilt everything. One SwiftPM sanitizer (fuzzer: it makes
# main.swift a library and links libFuzzer's main) plus both for every compiler is stable.
swift build -c release --product "$target" --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
    -Xcc -fsanitize=address --scratch-path .build-fuzz
fuzzer=.build-fuzz/release/$target

work=.build-fuzz/work/$target
mkdir -p "$work/corpus" "$work/seeds" "$work/crashes"
corpus=Tests/CLITests/MalformedCorpus

# Seeds in the target's formats: the samples as they are, and converted by the CLI.
implicit=.build/debug/implicit
[ -x "$implicit" ] || swift build --product implicit
convert_samples() {   # [--form implicit] EXTENSION...
    local form=() tag=""
    if [ "$1" = --form ]; then form=(--form "$2"); tag=".$2"; shift 2; fi
    for sample in samples/*.yaml; do
        for ext in "$@"; do
            "$implicit" convert "$sample" -o "$work/seeds/$(basename "$sample" .yaml)$tag.$ext" --force "${form[@]}" \
                >/dev/null 2>&1 || true
        done
    done
}
# Long one-line flow documents: Yams' tree costs about 150 bytes a value, which the
# reader charges against the memory limit before composing; these sit well under the 256 MiB the
# target allows, so mutations explore both sides of the charge without each run taking seconds.
one_line_seeds() {
    awk -v n=150 -v v=0 'BEGIN { printf "{kind: network, input: {name: u, size: %d}, layers: [{name: h, activation: relu, size: %d, inputs: [{from: u, weight: [", n, n;
        for (i = 0; i < n; i++) { printf "%s[", (i ? "," : ""); for (j = 0; j < n; j++) printf "%s%s", (j ? "," : ""), v; printf "]" }
        print "]}]}], output: {name: y, size: 1}}" }' > "$work/seeds/one-line-network.yaml"
    awk -v n=100 -v v=0.123456789012345 'BEGIN { printf "{kind: implicit, input: {name: u, size: 1}, output: {name: y, size: 1}, states: [{name: s, size: %d, activation: tanh}], A: [{row: s, col: s, weight: [", n;
        for (i = 0; i < n; i++) { printf "%s[", (i ? ", " : ""); for (j = 0; j < n; j++) printf "%s%s", (j ? ", " : ""), v / n; printf "]" }
        print "]}]}" }' > "$work/seeds/one-line-implicit.yaml"
    awk -v n=30000 'BEGIN { printf "kind: network\ninput: {name: u, size: 1}\nlayers:\n  - {name: h, activation: relu, size: %d, bias: [", n;
        for (i = 0; i < n; i++) printf "%s%d", (i ? "," : ""), i % 10; print "]}\noutput: {name: y, size: 1}" }' > "$work/seeds/one-line-bias.yaml"
}
case $target in
    FuzzYAML)
        cp samples/*.yaml "$work/seeds/"; convert_samples --form implicit yaml
        cp "$corpus"/*.yaml "$work/seeds/"; one_line_seeds ;;
    FuzzProtobuf)
        convert_samples pb txtpb; convert_samples --form implicit pb txtpb
        cp "$corpus"/*.pb "$corpus"/*.txtpb "$work/seeds/" ;;
    FuzzONNX)
        convert_samples onnx
        # Models whose weights are external data (the form PyTorch's default exporter writes):
        # the target reads bytes, so these exercise the external_data entries' parsing and the
        # refusal without a folder; the corpus adds the hostile locations, offsets and lengths.
        external=$(mktemp -d)
        for sample in samples/*.yaml; do
            "$implicit" convert "$sample" -o "$external/$(basename "$sample" .yaml).external.onnx" --external-data \
                >/dev/null 2>&1 || true
        done
        cp "$external"/*.onnx "$work/seeds/" 2>/dev/null || true
        rm -rf "$external"
        cp "$corpus"/*.onnx "$work/seeds/"
        # PyTorch exports of the MLP idioms (Split, the legacy exporter's shape chains, Expand,
        # Tile, 3-D Softmax heads), weights inline; skipped with a note without torch.
        python=${IMPLICIT_VENV:-.venv}/bin/python
        if [ -x "$python" ]; then { "$python" scripts/make-onnx-fuzz-seeds.py "$work/seeds" 2>/dev/null || true; } \
            | grep '^make-onnx-fuzz-seeds:' || true   # torch prints failed exports' graphs on stdout
        else echo "fuzz.sh: no Python venv at ${IMPLICIT_VENV:-.venv}: PyTorch idiom seeds skipped"; fi ;;
    FuzzNumPy)
        convert_samples npz
        cp "$corpus"/*.npy "$corpus"/*.npz Tests/ImplicitFormatsTests/Fixtures/*.np? "$work/seeds/" ;;
    FuzzCSV)
        cp samples/*.csv "$corpus"/*.csv "$work/seeds/" ;;
    *) echo "unknown fuzz target $target" >&2; exit 2 ;;
esac

dictionary=()
if [ -f "scripts/fuzz-dictionaries/$target.dict" ]; then dictionary=(-dict="scripts/fuzz-dictionaries/$target.dict"); fi

echo "fuzzing $target for $seconds s; log in $work/log"
set +e
"$fuzzer" "$work/corpus" "$work/seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$work/crashes/" "${dictionary[@]}" "$@" 2>&1 | tee "$work/log" \
    | grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::|ERROR|SUMMARY|Test unit written"
status=${PIPESTATUS[0]}
set -e
echo "exit status $status; crash inputs: $(ls "$work/crashes" | wc -l) in $work/crashes"
exit "$status"
