#!/usr/bin/env python3
"""Writes the bundled samples in samples/ (fixed seed). Needs only NumPy.

Run: python3 scripts/make-samples.py samples
"""
import sys
from pathlib import Path

import numpy as np

rng = np.random.default_rng(20261129)


def num(v):
    s = repr(float(v))
    if "e" in s and "." not in s.split("e")[0]:
        s = s.replace("e", ".0e")
    return s


def vec(v):
    return "[" + ", ".join(num(x) for x in v) + "]"


def mat(m, indent):
    return "".join(f"{indent}  - {vec(row)}\n" for row in m)


def layer(name, act, inputs, bias):
    out = f"  - name: {name}\n    activation: {act}\n    size: {len(bias)}\n    inputs:\n"
    for src, w in inputs:
        out += f"      - from: {src}\n        weight:\n" + mat(w, "        ")
    return out + f"    bias: {vec(bias)}\n"


def network(inp, p, layers, out_name, out_inputs, out_bias, head="none"):
    text = f"kind: network\ninput: {{name: {inp}, size: {p}}}\nlayers:\n"
    text += "".join(layers)
    text += f"output:\n  name: {out_name}\n  size: {len(out_bias)}\n  head: {head}\n  inputs:\n"
    for src, w in out_inputs:
        text += f"    - from: {src}\n      weight:\n" + mat(w, "      ")
    return text + f"  bias: {vec(out_bias)}\n"


def w(r, c, scale=None):
    scale = scale or 1 / np.sqrt(c)
    return np.round(rng.normal(0, scale, (r, c)), 6)


def b(r):
    return np.round(rng.normal(0, 0.1, r), 6)


def csv(path, x):
    np.savetxt(path, x, delimiter=",", fmt="%.6f")


out = Path(sys.argv[1] if len(sys.argv) > 1 else "samples")
out.mkdir(exist_ok=True)

# A two-layer MLP, 4 → 8 (relu) → 8 (relu) → 3, softmax head: a small classifier.
(out / "mlp.yaml").write_text("# A two-layer MLP classifier: 4 features, two ReLU layers of 8, 3 classes.\n" + network(
    "features", 4,
    [layer("hidden1", "relu", [("features", w(8, 4))], b(8)),
     layer("hidden2", "relu", [("hidden1", w(8, 8))], b(8))],
    "probabilities", [("hidden2", w(3, 8))], b(3), head="softmax"))
csv(out / "mlp.input.csv", np.round(rng.normal(0, 1, (5, 4)), 4))

# An MLP with a skip connection: block2 reads block1 and the input; the readout reads both blocks.
(out / "skip.yaml").write_text("# A residual MLP: block2 reads block1 and the input; the output reads both blocks.\n" + network(
    "x", 3,
    [layer("block1", "tanh", [("x", w(6, 3))], b(6)),
     layer("block2", "relu", [("block1", w(6, 6)), ("x", w(6, 3))], b(6))],
    "y", [("block2", w(2, 6)), ("block1", w(2, 6))], b(2)))
csv(out / "skip.input.csv", np.round(rng.normal(0, 1, (4, 3)), 4))

# Mixed activations: tanh, sigmoid and leaky ReLU, with a layer fed by two sources.
(out / "mixed.yaml").write_text("# Mixed activations: tanh, sigmoid and leaky ReLU; 'merge' reads two layers.\n" + network(
    "u", 5,
    [layer("t", "tanh", [("u", w(4, 5))], b(4)),
     layer("s", "sigmoid", [("u", w(4, 5))], b(4)),
     layer("merge", "leaky_relu:0.1", [("t", w(3, 4)), ("s", w(3, 4))], b(3))],
    "y", [("merge", w(1, 3))], b(1)))
csv(out / "mixed.input.csv", np.round(rng.normal(0, 1, (6, 5)), 4))

# A truly implicit model: a cyclic ReLU block whose I − A is a P-matrix (diagonally dominant with
# positive diagonal) while ‖A‖∞, ‖A‖₁, ‖A‖₂ all exceed 1, so Picard iteration is not a contraction.
a = np.array([[-2.0, 0.5, 0.3], [0.2, -1.5, 0.4], [0.1, 0.3, -1.8]])
bmat = np.array([[1.0, -0.5], [0.5, 1.0], [-1.0, 0.25]])
c = np.array([[1.0, 0.5, -0.5]])
(out / "implicit.yaml").write_text(f"""# A truly implicit model: x = relu(A x + B u + b) with a cyclic A that is well-posed
# (I - A is a P-matrix) but not Picard-contractive (every norm of A exceeds 1).
kind: implicit
input: {{name: u, size: 2}}
output:
  name: y
  size: 1
  head: none
  bias: [0.1]
states:
  - name: z
    size: 3
    activation: relu
    bias: [0.2, -0.1, 0.3]
A:
  - row: z
    col: z
    weight:
{mat(a, "    ")}B:
  - row: z
    weight:
{mat(bmat, "    ")}C:
  - col: z
    weight:
{mat(c, "    ")}D:
  - [0.0, 0.5]
""")
csv(out / "implicit.input.csv", np.round(rng.normal(0, 2, (6, 2)), 4))
