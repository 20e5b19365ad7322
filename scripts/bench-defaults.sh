#!/usr/bin/env bash
# The default commands measured against their peers, short enough for a shared machine: whole
# processes, ROUNDS rounds with the sides alternating, /usr/bin/time per process.
# Prints one line per run (label, seconds, peak KiB, user and system CPU seconds) and the median
# of the per-round ratios.
# docs/benchmarks.md ("The commands users type") records a run of it.
#
#   PEER_PYTHON  Python with numpy, onnx, onnxruntime (and torch + torchdeq for its rows)
#                (default .venv/bin/python, as scripts/setup-python.sh makes it)
#   IMPLICIT     our binary (default .build/release/implicit, built here when absent)
#   WORK         inputs (default .build/bench, written by Benchmarks/python/make_workloads.py)
#   ROUNDS       default 3
#   ONLY         predict, convert or both (default predict,convert)
#   BEFORE       another build of `implicit` to run beside ours in the convert rows (e.g. main's)
set -euo pipefail
cd "$(dirname "$0")/.."
py="${PEER_PYTHON:-.venv/bin/python}"
work="${WORK:-.build/bench}"
rounds="${ROUNDS:-3}"
only="${ONLY:-predict,convert}"
implicit="${IMPLICIT:-.build/release/implicit}"
[[ -x "$implicit" ]] || swift build -c release --product implicit
mkdir -p "$work"
[[ -f "$work/implicit99.npz" && -f "$work/mlp_predict.npz" ]] || "$py" Benchmarks/python/make_workloads.py "$work" >/dev/null
export OPENBLAS_NUM_THREADS="${THREADS:-2}" OMP_NUM_THREADS="${THREADS:-2}"
# As scripts/bench.sh: the machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set for older OpenBLAS
# builds) are unset for both sides.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
log="$work/defaults-times.txt"
: > "$log"
# Each process starts with no dirty pages pending: the convert rows leave up to 2 GB a round for
# the kernel to write back, which otherwise lands on whichever process runs next.
# The predict rows write a new output each time (removed first), so they run without --force.
fresh() { rm -f "$1"; }
run() { local label=$1; shift; sync; /usr/bin/time -f "$label %e %M %U %S" "$@" >/dev/null 2>>"$log"; tail -1 "$log"; }
peers=Benchmarks/python
for r in $(seq "$rounds"); do
  if [[ ",$only," == *,predict,* ]]; then
  for m in implicit implicit99 implicit_slow95 implicit_slow99; do
    fresh "$work/$m.y.npy"; run "ours:$m" "$implicit" predict "$work/$m.npz" --input "$work/implicit_x.npy" -o "$work/$m.y.npy"
    run "numpy:$m" "$py" "$peers/peer_picard.py" "$work/$m.npz" "$work/implicit_x.npy" --tol 1e-8 --out "$work/$m.peer.npy"
  done
  fresh "$work/mlp.y.npy"; run "ours:predict-mlp" "$implicit" predict "$work/mlp_predict.onnx" --input "$work/mlp_predict_x.npy" -o "$work/mlp.y.npy"
  run "ort:predict-mlp" "$py" "$peers/peer_predict_onnx.py" "$work/mlp_predict.onnx" "$work/mlp_predict_x.npy" --threads "${THREADS:-2}" --out "$work/mlp.peer.npy"
  run "extra:predict-mlp-float64" "$implicit" predict "$work/mlp_predict.onnx" --input "$work/mlp_predict_x.npy" -o "$work/mlp.y64.npy" --precision float64 --force
  fresh "$work/mlp.npz.y.npy"; run "ours:predict-npz" "$implicit" predict "$work/mlp_predict.npz" --input "$work/mlp_predict_x.npy" -o "$work/mlp.npz.y.npy"
  run "numpy:predict-npz" "$py" "$peers/peer_forward_npz.py" "$work/mlp_predict.npz" "$work/mlp_predict_x.npy" --out "$work/mlp.npz.peer.npy"
  fi
  [[ ",$only," == *,convert,* ]] || continue
  # Every output format; the sides in an order rotating with the round.
  sides=(ours numpy cp ${BEFORE:+before})
  k=$(( (r - 1) % ${#sides[@]} ))
  for f in pb npz onnx yaml; do
    for side in "${sides[@]:$k}" "${sides[@]:0:$k}"; do
      rm -rf "$work/convert/$side" && mkdir -p "$work/convert/$side"
      case $side in
        ours) run "ours:convert-$f" "$implicit" convert "$work/mlp.onnx" -o "$work/convert/ours/mlp.$f" ;;
        numpy) run "numpy:convert-$f" "$py" "$peers/peer_convert.py" "$work/mlp.onnx" "$work/convert/numpy/mlp.$f" ;;
        cp) run "cp:convert-$f" cp "$work/mlp.onnx" "$work/convert/cp/mlp.onnx" ;;
        before) run "before:convert-$f" "$BEFORE" convert "$work/mlp.onnx" -o "$work/convert/before/mlp.$f" ;;
      esac
    done
  done
  rm -f "$work/mlp.implicit.pb"
  run "extra:convert-implicit" "$implicit" convert "$work/mlp.onnx" -o "$work/mlp.implicit.pb" --form implicit
done
if [[ ",$only," != *,predict,* ]]; then
  :
elif "$py" -c "import torchdeq" 2>/dev/null; then
  for m in implicit implicit99 implicit_slow95 implicit_slow99; do
    echo "torchdeq:$m $("$py" "$peers/peer_torchdeq.py" "$work/$m.npz" "$work/implicit_x.npy" --solver broyden --tol 1e-12 --repeat 1)"
  done
else
  echo "torchdeq rows skipped: $py cannot import torchdeq"
fi
"$py" - "$log" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, seconds, kib, user, system = line.split()
    runs.setdefault(label, []).append((float(seconds), int(kib), float(user) + float(system)))
def ratio(a, b, k=0):
    return statistics.median(x[k] / y[k] for x, y in zip(runs[a], runs[b]))
if "ours:implicit" in runs:
    for m in ["implicit", "implicit99", "implicit_slow95", "implicit_slow99"]:
        print(f"predict {m}: ours/NumPy Picard to 1e-8 = {ratio('ours:' + m, 'numpy:' + m):.2f}")
    print(f"predict mlp: ours/onnxruntime = {ratio('ours:predict-mlp', 'ort:predict-mlp'):.2f}, "
          f"--precision float64/onnxruntime = {ratio('extra:predict-mlp-float64', 'ort:predict-mlp'):.2f}")
    print(f"predict float64 npz: ours/NumPy forward = {ratio('ours:predict-npz', 'numpy:predict-npz'):.2f}")
weights = 53_600_266 * 8 / 1024  # KiB of float64 weights of mlp.onnx (make_workloads.py prints the count)
for f in ["pb", "npz", "onnx", "yaml"]:
    if f"ours:convert-{f}" not in runs:
        continue
    ours, peer, cp = f"ours:convert-{f}", f"numpy:convert-{f}", f"cp:convert-{f}"
    peak = max(r[1] for r in runs[ours])
    line = (f"convert .{f}: ours/peer = {ratio(ours, peer):.2f} (CPU time {ratio(ours, peer, 2):.2f}), "
            f"ours/cp = {ratio(ours, cp):.1f}, peak {peak / 1024:.0f} MiB = {peak / weights:.2f} x f64 weights "
            f"(peer {max(r[1] for r in runs[peer]) / weights:.2f})")
    if f"before:convert-{f}" in runs:
        before = f"before:convert-{f}"
        line += (f"; ours/before = {ratio(ours, before):.2f} (CPU {ratio(ours, before, 2):.2f}), "
                 f"before peaks at {max(r[1] for r in runs[before]) / weights:.2f} x")
    print(line)
if "extra:convert-implicit" in runs:
    print(f"convert .pb --form implicit/peer = {ratio('extra:convert-implicit', 'numpy:convert-pb'):.2f}")
PY
