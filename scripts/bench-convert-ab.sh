#!/usr/bin/env bash
# Two builds of `implicit` side by side on the convert workload (784 -> 4 x 4096 -> 10 float32 MLP):
# `convert mlp.onnx -o OUT` for each output format, the builds alternating in order by round,
# with the Python peer and `cp mlp.onnx` in every round; and `predict mlp_predict.onnx` when
# PREDICT=1. One line per run (label wall-seconds peak-KiB user sys), then medians of the
# per-round ratios. CPU time is the steadier figure on a loaded machine.
#
#   BEFORE, AFTER  the two binaries (required)
#   PEER_PYTHON    Python with numpy and onnx (default .venv/bin/python)
#   WORK           inputs (default .build/bench, written by Benchmarks/python/make_workloads.py)
#   EXTS           output formats (default "pb onnx npz"); ROUNDS (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?set BEFORE to the old binary}" "${AFTER:?set AFTER to the new binary}"
py="${PEER_PYTHON:-.venv/bin/python}"
work="${WORK:-.build/bench}"
peers=Benchmarks/python
[[ -f "$work/mlp.onnx" && -f "$work/mlp_predict.onnx" ]] || "$py" "$peers/make_workloads.py" "$work" >/dev/null
export OPENBLAS_NUM_THREADS="${THREADS:-2}" OMP_NUM_THREADS="${THREADS:-2}"
log="$work/convert-ab-times.txt"
: > "$log"
run() { local label=$1; shift; /usr/bin/time -f "$label %e %M %U %S" "$@" >/dev/null 2>>"$log"; tail -1 "$log"; }
declare -A binary=([before]="$BEFORE" [after]="$AFTER")
declare -A peer=([pb]=peer_convert.py [onnx]=peer_convert_onnx.py [npz]=peer_convert_npz.py)
for r in $(seq "${ROUNDS:-5}"); do
  if (( r % 2 )); then order="after before"; else order="before after"; fi
  for ext in ${EXTS:-pb onnx npz}; do
    for v in $order; do rm -f "$work/ab.$ext"; run "$v:$ext" "${binary[$v]}" convert "$work/mlp.onnx" -o "$work/ab.$ext"; done
    rm -f "$work/ab.peer.$ext"; run "peer:$ext" "$py" "$peers/${peer[$ext]}" "$work/mlp.onnx" "$work/ab.peer.$ext"
    rm -f "$work/ab.copy.onnx"; run "cp:$ext" cp "$work/mlp.onnx" "$work/ab.copy.onnx"
  done
  if [[ -n "${PREDICT:-}" ]]; then
    for v in $order; do run "$v:predict" "${binary[$v]}" predict "$work/mlp_predict.onnx" --input "$work/mlp_predict_x.npy" -o "$work/ab.y.npy" --force; done
  fi
done
"$py" - "$log" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, wall, kib, user, system = line.split()
    runs.setdefault(label, []).append((float(wall), int(kib), float(user) + float(system)))
def ratio(a, b, k=0):
    return statistics.median(x[k] / y[k] for x, y in zip(runs[a], runs[b]))
for ext in ["pb", "onnx", "npz", "predict"]:
    if f"after:{ext}" not in runs:
        continue
    line = f"{ext}: after/before wall {ratio(f'after:{ext}', f'before:{ext}'):.2f}, CPU {ratio(f'after:{ext}', f'before:{ext}', 2):.2f}"
    if f"peer:{ext}" in runs:
        line += (f"; after/peer {ratio(f'after:{ext}', f'peer:{ext}'):.2f} (before {ratio(f'before:{ext}', f'peer:{ext}'):.2f})"
                 f"; after/cp {ratio(f'after:{ext}', f'cp:{ext}'):.1f} (before {ratio(f'before:{ext}', f'cp:{ext}'):.1f})")
    line += f"; peak after {max(x[1] for x in runs[f'after:{ext}']) / 1024:.0f} MiB"
    if f"peer:{ext}" in runs:
        line += f", peer {max(x[1] for x in runs[f'peer:{ext}']) / 1024:.0f} MiB"
    print(line)
PY
