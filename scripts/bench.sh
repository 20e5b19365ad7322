#!/usr/bin/env bash
# Benchmarks against what users would pick instead (docs/benchmarks.md): ImplicitKit's release build
# and its Python peers (onnx + NumPy, onnxruntime, a NumPy Picard loop, torchdeq's Broyden solver,
# NumPy norms) side by side in one run. Every main row runs the command as a user types it, with
# default flags; a flag appears only in an extra row.
# Prints a table of ratios (ours / peer, medians over rounds) and writes it to
# docs/benchmarks.md between the bench:begin/bench:end markers, with the machine and command.
#
#   ROUNDS   rounds per comparison (default 5)        THREADS  threads for both sides (default 2)
#   WORK     inputs and outputs (default .build/bench, about 300 MB)
#   BENCH_VENV  the peers' virtual environment (default .build/bench-venv); the torchdeq rows run
#               only when its Python imports torchdeq (e.g. BENCH_VENV=.venv after
#               scripts/setup-python.sh, which installs torch and torchdeq as optional extras)
#   ONLY     comma list of convert,feedforward,implicit,lint (default all; lint takes the longest:
#            NumPy's eigvals(|A|) runs a minute a round)
# Rows (the default commands, as users type them): convert big.onnx -o big.pb; predict of the float32 ONNX MLP
# against onnxruntime and of the same MLP as a float64 NPZ against a NumPy forward pass; predict
# of four implicit models (Gaussian and nonnegative A, ‖A‖∞ = 0.95 and 0.99) against a NumPy
# Picard loop and torchdeq; lint against NumPy's norms.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${WORK:-.build/bench}"
venv="${BENCH_VENV:-.build/bench-venv}"
rounds="${ROUNDS:-5}"
threads="${THREADS:-2}"

bash scripts/setup-system.sh

# The peers' packages, at the versions of scripts/setup-python.sh (threadpoolctl only here).
requirements=(numpy==2.4.6 onnx==1.23.2 onnxruntime==1.32.0 threadpoolctl==3.8.0)
stamp="$venv/.bench-requirements"
if [[ -n "${BENCH_VENV:-}" && -x "$venv/bin/python" ]]; then
  echo "bench: peers run in $venv as it is"
elif [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]]; then
  python3 -m venv --clear "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" > "$stamp"
fi

swift build -c release --product implicit
swift build -c release --product implicit-bench

# Inputs, fixed seeds; made again when the generator changes.
mkdir -p "$work"
generator_hash="$(sha256sum Benchmarks/python/make_workloads.py | cut -d' ' -f1)"
if [[ "$(cat "$work/.generator" 2>/dev/null)" != "$generator_hash" ]]; then
  echo "bench: writing the inputs to $work"
  "$venv/bin/python" Benchmarks/python/make_workloads.py "$work" >/dev/null
  echo "$generator_hash" > "$work/.generator"
fi

# One environment for both sides. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, where this machine sets
# them for older OpenBLAS builds, slow a current NumPy: they are unset together for this command
# alone (never in tests or CI), and the report records the kernel each side then runs.
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" \
  .build/release/implicit-bench --work "$work" --python "$venv/bin/python" --implicit .build/release/implicit \
  --rounds "$rounds" --threads "$threads" --only "${ONLY:-convert,feedforward,implicit,lint}" \
  --doc docs/benchmarks.md --command "${ROUNDS:+ROUNDS=$ROUNDS }${ONLY:+ONLY=$ONLY }${BENCH_VENV:+BENCH_VENV=$BENCH_VENV }bash scripts/bench.sh"
