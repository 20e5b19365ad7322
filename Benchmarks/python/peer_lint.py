"""The NumPy peer of `implicit lint MODEL.npz`: the three numbers a NumPy user computes to judge
whether x = relu(A x + b) is well-posed, ‖A‖∞, ‖A‖₂ and ρ(|A|), and nothing more (no verdict
when all three are ≥ 1, no certificate a third party can check, no witness).

    python peer_lint.py MODEL.npz --repeat K    # prints JSON timings and the three numbers
    python peer_lint.py MODEL.npz              # one run, end to end
"""
import argparse
import json
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("--repeat", type=int, default=0)
args = parser.parse_args()

A = np.ascontiguousarray(np.load(args.model)["A"])


def three_numbers(a):
    return {
        "norm_inf": float(np.abs(a).sum(axis=1).max()),
        "norm_2": float(np.linalg.norm(a, 2)),
        "rho_abs": float(np.abs(np.linalg.eigvals(np.abs(a))).max()),
    }


if args.repeat == 0:
    print(json.dumps(three_numbers(A)))
else:
    times, numbers = [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        numbers = three_numbers(A)
        times.append(time.perf_counter() - start)
    print(json.dumps({"times": times, "numbers": numbers}))
