"""The torchdeq peer of `implicit predict MODEL.npz --input X.npy --raw` for an implicit ReLU
model: torchdeq's fixed-point solvers (Anderson, Broyden) on z = relu(z Aᵀ + u Bᵀ + b), float64,
the whole batch at once, as a DEQ user would run inference.

    python peer_torchdeq.py MODEL.npz X.npy --solver anderson --tol 1e-12 --repeat K   # JSON timings
    python peer_torchdeq.py MODEL.npz X.npy --solver broyden --tol 1e-12 --out Y.npy   # one run

Stopping: torchdeq's 'rel' mode, ‖f(z) − z‖₂ / ‖f(z)‖₂ < tol for every sample (its own rule; the
nearest to ours, max |f(x) − x| ≤ tol · (1 − κ) · max(1, max |x|)). Start z₀ = relu(u Bᵀ + b),
as ours and the NumPy loop. --max-iter caps the solver's steps (default 200).
"""
import argparse
import json

import numpy as np

from peer_timing import timed_runs
import torch
from torchdeq.solver import get_solver

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("x")
parser.add_argument("--solver", choices=["anderson", "broyden"], default="anderson")
parser.add_argument("--tol", type=float, default=1e-12)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--max-iter", type=int, default=200)
parser.add_argument("--repeat", type=int, default=0)
parser.add_argument("--out")
args = parser.parse_args()
torch.set_num_threads(args.threads)

archive = np.load(args.model)
A, B, C, D = (torch.from_numpy(np.ascontiguousarray(archive[k])) for k in "ABCD")
bias_x, bias_y = torch.from_numpy(archive["bias_x"]), torch.from_numpy(archive["bias_y"])
assert set(archive["activation"].tolist()) == {"relu"}
U = torch.from_numpy(np.load(args.x).astype(np.float64))
solve = get_solver(args.solver)


def predict(u):
    with torch.no_grad():
        const = u @ B.T + bias_x
        z0 = torch.relu(const)
        z, _, info = solve(lambda z: torch.relu(z @ A.T + const), z0, max_iter=args.max_iter,
                           tol=args.tol, stop_mode="rel")
        y = z @ C.T + u @ D.T + bias_y
        residual = (torch.relu(z @ A.T + const) - z).abs().max().item()
        return y, {"steps": int(info["nstep"].max().item()), "residual_inf": residual,
                   "rel": float(info["rel_lowest"].max().item())}


if args.out:
    y, info = predict(U)
    np.save(args.out, y.numpy())
    print(json.dumps({"torchdeq": info}))
else:
    times, info = timed_runs(predict, U, args.repeat)
    print(json.dumps({"times": times, "torchdeq": info, "torch": torch.__version__}))
