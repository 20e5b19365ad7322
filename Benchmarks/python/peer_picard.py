"""The NumPy peer of `implicit predict MODEL.npz --input X.npy --tol TOL --raw` for an implicit
ReLU model: the Picard loop a NumPy user writes, with ImplicitKit's stopping rule.

    python peer_picard.py MODEL.npz X.npy --tol 1e-8 --repeat K     # prints JSON timings
    python peer_picard.py MODEL.npz X.npy --tol 1e-8 --out Y.npy    # one run, end to end

Rule (docs: SolverOptions.tolerance): with κ = min(‖A‖∞, ‖A‖₁) (ReLU is 1-Lipschitz), stop when
max |x_{k+1} − x_k| ≤ tol · (1 − κ) · max(1, max |x_{k+1}|); start from x_0 = relu(B u + b).
When κ ≥ 1 nothing proves convergence: the loop then stops when the step is below tol · scale
(the most lenient rule) or gives up after --max-iter sweeps, and says which.
"""
import argparse
import json

import numpy as np

from peer_timing import timed_runs

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("x")
parser.add_argument("--tol", type=float, default=1e-8)
parser.add_argument("--repeat", type=int, default=0)
parser.add_argument("--max-iter", type=int, default=1000)
parser.add_argument("--out")
args = parser.parse_args()

archive = np.load(args.model)
A, B, C, D = (np.ascontiguousarray(archive[k]) for k in "ABCD")
bias_x, bias_y = archive["bias_x"], archive["bias_y"]
assert set(archive["activation"].tolist()) == {"relu"}
U = np.load(args.x)


def predict(u):
    kappa = min(np.abs(A).sum(axis=1).max(), np.abs(A).sum(axis=0).max())
    stop = args.tol * (1 - kappa) if kappa < 1 else args.tol
    const = u @ B.T + bias_x            # samples in rows: (m, n)
    x = np.maximum(const, 0)
    for sweep in range(1, args.max_iter + 1):
        nxt = np.maximum(x @ A.T + const, 0)
        step = np.abs(nxt - x).max()
        scale = max(1.0, np.abs(nxt).max())
        x = nxt
        if not np.isfinite(step):
            return None, {"converged": False, "sweeps": sweep, "step": float(step), "kappa": float(kappa)}
        if step <= stop * scale:
            return x @ C.T + u @ D.T + bias_y, {"converged": True, "sweeps": sweep, "kappa": float(kappa)}
    return None, {"converged": False, "sweeps": args.max_iter, "step": float(step), "kappa": float(kappa)}


if args.out:
    y, info = predict(U)
    if y is None:
        raise SystemExit(f"Picard did not converge: {info}")
    np.save(args.out, y)
else:
    times, info = timed_runs(predict, U, args.repeat)
    print(json.dumps({"times": times, "picard": info, "numpy": np.__version__}))
