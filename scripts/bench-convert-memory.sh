#!/usr/bin/env bash
# Peak memory of converting a network of 8 layers × 4096 ReLU units (weights in .npy) to its
# implicit form, against the size of its float64 weights. Prints the figures for
# docs/benchmarks.md. Needs about 4 GiB of disk in $WORK (default .build/bench-memory).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-.build/bench-memory}"
python="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
swift build -c release --product implicit >/dev/null
bin=.build/release/implicit
rm -rf "$work" && mkdir -p "$work/out"
weights=$("$python" Benchmarks/python/make_big_network.py "$work" 8 4096 4096 10)
/usr/bin/time -v "$bin" convert "$work/net.yaml" -o "$work/out/net.implicit.yaml" --form implicit 2> "$work/time.txt"
peak_kib=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
seconds=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
"$bin" info "$work/out/net.implicit.yaml" | sed -n 1,5p
python3 - "$weights" "$peak_kib" "$seconds" <<'PY'
import sys
weights, peak_kib, wall = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
peak = peak_kib * 1024
dense = (8 * 4096) ** 2 * 8
print(f"float64 weights: {weights / 2**30:.3f} GiB; dense A would be {dense / 2**30:.1f} GiB")
print(f"peak RSS: {peak / 2**30:.3f} GiB = {peak / weights:.2f} x the weights; wall clock {wall}")
PY
