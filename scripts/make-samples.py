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

# A small MLP with something for every reduction (docs/pruning.md walks through it). Its own
# generator, so that adding it left the samples above unchanged.
red = np.random.default_rng(59)
w1 = np.round(red.normal(0, 0.8, (8, 5)), 3)
w1[0, :] = 0                                   # constant: relu(0.5)
w1[1, :] = -np.abs(w1[1, :]); w1[1, 4] = 0     # dead over [0, 1]^5 with its negative bias
w1[:, 4] = 0                                   # input x4 read by nothing
w1[2:, 3] = 0                                  # x3 read only by the dead unit
b1 = np.round(red.normal(0.2, 0.2, 8), 3); b1[0] = 0.5; b1[1] = -0.1
w2 = np.round(red.normal(0, 0.5, (8, 2)) @ red.normal(0, 0.5, (2, 8)) + red.normal(0, 0.03, (8, 8)), 3)
b2 = np.round(red.normal(0.2, 0.2, 8), 3)
w3 = np.round(red.normal(0, 0.7, (3, 8)), 3); w3[:, 7] = 0   # hidden2[7] read by nothing
b3 = np.round(red.normal(0, 0.1, 3), 3)
w2[:, 7] = np.round(np.clip(red.normal(0, 0.02, 8), -0.04, 0.04), 3)   # hidden1[7] barely read
(out / "reducible.yaml").write_text("""# A small MLP with something for every reduction (docs/pruning.md walks through it):
# hidden1[0] reads nothing (constant relu(0.5) = 0.5); hidden1[1] has only negative weights and a
# negative bias, so it is dead for inputs in [0, 1]^5; x4 is read by nothing and x3 only by the dead
# unit; hidden2[7] is read by nothing; hidden1[7] is read only through weights below 0.05, so magnitude
# pruning at 0.05 leaves it unread; hidden2's weight is close to rank 2.
""" + network(
    "x", 5,
    [layer("hidden1", "relu", [("x", w1)], b1),
     layer("hidden2", "relu", [("hidden1", w2)], b2)],
    "y", [("hidden2", w3)], b3))

# An ill-posed implicit model (the report's and lint's example of a witness): a tanh encoder
# feeds a cyclic ReLU block whose I − A has the negative 2 × 2 principal minor
# (1 − 0.5)(1 − 0.3) − 1.2 · 1.0 = −0.85, so some b gives two solutions. Fixed numbers, no random draw.
(out / "illposed.yaml").write_text("""# An ill-posed implicit model: 'encoder' (tanh) feeds the cyclic ReLU block 'loop', where
# I - A[loop, loop] has the principal minor (1 - 0.5)(1 - 0.3) - 1.2 * 1.0 = -0.85 < 0 on states
# loop[0], loop[1]: for some bias the fixed point x = relu(A x + b) has two solutions.
kind: implicit
input: {name: u, size: 3}
output:
  name: y
  size: 2
  head: none
  bias: [0.0, 0.1]
states:
  - name: encoder
    size: 4
    activation: tanh
    bias: [0.1, -0.2, 0.0, 0.3]
  - name: loop
    size: 3
    activation: relu
    bias: [0.2, -0.1, 0.05]
A:
  - row: loop
    col: encoder
    weight:
      - [0.5, -0.3, 0.2, 0.1]
      - [0.1, 0.4, -0.6, 0.2]
      - [-0.2, 0.3, 0.1, 0.5]
  - row: loop
    col: loop
    weight:
      - [0.5, 1.2, 0.0]
      - [1.0, 0.3, 0.1]
      - [0.0, 0.2, -0.4]
B:
  - row: encoder
    weight:
      - [1.0, -0.5, 0.2]
      - [0.3, 0.8, -0.4]
      - [-0.6, 0.1, 0.9]
      - [0.2, 0.2, 0.2]
C:
  - col: loop
    weight:
      - [1.0, -0.5, 0.25]
      - [0.0, 0.75, -1.0]
D:
  - [0.1, 0.0, 0.0]
  - [0.0, 0.0, 0.2]
""")
