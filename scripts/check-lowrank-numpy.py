#!/usr/bin/env python3
"""Independent NumPy check of the low-rank reduction test (ReductionLowRankTests.cyclicRankKPlusNoise).

    REDUCTION_NUMPY_DUMP=/tmp/red-dump swift test --filter cyclicRankKPlusNoise
    python3 scripts/check-lowrank-numpy.py /tmp/red-dump [k]

Truncates A to rank k with NumPy's own SVD, solves x = tanh(A x + B u + b) for the original and the
truncated A by Picard iteration (both are contractions), and compares the largest output deviation
with what the Swift pipeline reported.
"""
import sys
import numpy as np

folder = sys.argv[1]
k = int(sys.argv[2]) if len(sys.argv) > 2 else 3
load = lambda name: np.loadtxt(f"{folder}/{name}.csv", delimiter=",", ndmin=2)
A, B, C, D = load("A"), load("B"), load("C"), load("D")
bx, by = load("bias_x").ravel(), load("bias_y").ravel()
X = load("X")                      # (m, p), one sample per row
reported = load("reported").ravel()

U, s, Vt = np.linalg.svd(A)
A_k = (U[:, :k] * s[:k]) @ Vt[:k]


def outputs(a):
    known = X @ B.T + bx           # (m, n)
    x = np.zeros_like(known)
    for _ in range(10_000):
        nxt = np.tanh(x @ a.T + known)
        step = np.abs(nxt - x).max()
        x = nxt
        if step <= 1e-15:
            break
    return x @ C.T + X @ D.T + by


y, y_k = outputs(A), outputs(A_k)
diff = np.abs(y - y_k)
absolute = diff.max()
relative = (diff.max(axis=1) / np.abs(y).max(axis=1)).max()
print(f"samples {X.shape[0]}, n {A.shape[0]}, rank {k}")
print(f"sigma_1..{k + 1}: {s[:k + 1]}")
print(f"truncation error sigma_{k + 1}: numpy {s[k]:.17g}  swift {reported[2]:.17g}")
print(f"max abs deviation: numpy {absolute:.17g}  swift {reported[0]:.17g}  diff {abs(absolute - reported[0]):.3g}")
print(f"max rel deviation: numpy {relative:.17g}  swift {reported[1]:.17g}  diff {abs(relative - reported[1]):.3g}")
print(f"cost per sweep: n^2 = {A.size} -> 2nk = {2 * A.shape[0] * k}; swift {reported[3]:.0f} -> {reported[4]:.0f}")
ok = abs(absolute - reported[0]) <= 1e-10 and abs(relative - reported[1]) <= 1e-9 and abs(s[k] - reported[2]) <= 1e-14
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
