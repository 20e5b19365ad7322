"""The NumPy peer of `implicit predict MODEL.npz --input X.npy -o Y.npy` for a feedforward
model stored in our NPZ layout (docs/formats.md): the float64 forward pass a NumPy user writes
from the archive, block by block in the order of `state_block_sizes`.

    python peer_forward_npz.py MODEL.npz X.npy --repeat K     # prints JSON timings
    python peer_forward_npz.py MODEL.npz X.npy --out Y.npy    # one run, end to end

A is strictly block lower-triangular in that order (a feedforward network), so the states are
x_k = φ_k(B_k u + Σ_{j<k} A_kj x_j + b_k) in one pass; blocks of A and B that are all zero are
skipped, as a user who looked at the archive would (and as ImplicitKit's block-sparse reading
does). The head is applied unless --raw.
"""
import argparse
import json

import numpy as np

from peer_timing import timed_runs

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("x")
parser.add_argument("--raw", action="store_true")
parser.add_argument("--repeat", type=int, default=0)
parser.add_argument("--out")
args = parser.parse_args()

archive = np.load(args.model)
A, B, C, D = (archive[k] for k in "ABCD")
bias_x, bias_y = archive["bias_x"], archive["bias_y"]
sizes = archive["state_block_sizes"].tolist()
names = archive["activation"].tolist()
head = str(archive["head"]) if "head" in archive.files else "none"
U = np.load(args.x).astype(np.float64)
edges = np.cumsum([0] + sizes)
blocks = [slice(edges[k], edges[k + 1]) for k in range(len(sizes))]
activation = {"relu": lambda z: np.maximum(z, 0, out=z), "identity": lambda z: z,
              "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
# Which blocks are stored (nonzero), found once, as the model is loaded.
a_blocks = {(k, j): np.ascontiguousarray(A[bk, bj]) for k, bk in enumerate(blocks)
            for j, bj in enumerate(blocks[:k]) if np.any(A[bk, bj])}
b_blocks = {k: np.ascontiguousarray(B[bk]) for k, bk in enumerate(blocks) if np.any(B[bk])}
c_blocks = {k: np.ascontiguousarray(C[:, bk]) for k, bk in enumerate(blocks) if np.any(C[:, bk])}
phis = []
for k, bk in enumerate(blocks):
    kinds = set(names[bk])
    assert len(kinds) == 1 and kinds <= activation.keys(), f"block {k}: activations {kinds}"
    phis.append(activation[kinds.pop()])


def predict(u):
    x = []
    for k, bk in enumerate(blocks):
        z = u @ b_blocks[k].T if k in b_blocks else np.zeros((len(u), sizes[k]))
        for (i, j), w in a_blocks.items():
            if i == k:
                z += x[j] @ w.T
        z += bias_x[bk]
        x.append(phis[k](z))
    y = u @ D.T + bias_y
    for k, w in c_blocks.items():
        y += x[k] @ w.T
    if not args.raw and head == "softmax":
        e = np.exp(y - y.max(axis=1, keepdims=True))
        y = e / e.sum(axis=1, keepdims=True)
    elif not args.raw and head == "sigmoid":
        y = 1 / (1 + np.exp(-y))
    return y, {"blocks": len(sizes), "stored_a_blocks": len(a_blocks)}


if args.out:
    y, _ = predict(U)
    np.save(args.out, y)
else:
    times, info = timed_runs(predict, U, args.repeat)
    print(json.dumps({"times": times, "forward": info, "numpy": np.__version__}))
