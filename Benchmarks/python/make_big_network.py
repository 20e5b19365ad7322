"""Writes a YAML network with .npy weights: LAYERS hidden layers of WIDTH ReLU units (fixed seed).

    python make_big_network.py OUTDIR [LAYERS] [WIDTH] [INPUTS] [OUTPUTS]

The float64 weights of 8 × 4096 with 4096 inputs take 8 · 4096² · 8 B = 1 GiB.
"""
import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1])
layers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
width = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
inputs = int(sys.argv[4]) if len(sys.argv) > 4 else 4096
outputs = int(sys.argv[5]) if len(sys.argv) > 5 else 10
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(8)

text = f"kind: network\ninput: {{name: x, size: {inputs}}}\nlayers:\n"
source, fan_in = "x", inputs
weight_bytes = 0
for k in range(layers):
    w = rng.standard_normal((width, fan_in)) / np.sqrt(fan_in)
    np.save(out / f"w{k}.npy", w)
    np.save(out / f"b{k}.npy", np.zeros(width))
    weight_bytes += w.nbytes
    text += (f"  - name: h{k}\n    activation: relu\n    size: {width}\n"
             f"    inputs: [{{from: {source}, weight: {{npy: w{k}.npy}}}}]\n    bias: {{npy: b{k}.npy}}\n")
    source, fan_in = f"h{k}", width
w = rng.standard_normal((outputs, fan_in)) / np.sqrt(fan_in)
np.save(out / "wout.npy", w)
weight_bytes += w.nbytes
text += f"output:\n  name: y\n  size: {outputs}\n  inputs: [{{from: {source}, weight: {{npy: wout.npy}}}}]\n"
(out / "net.yaml").write_text(text)
print(weight_bytes)
