"""The Python peer of `implicit convert MLP.onnx -o OUT.npz`: the Gemm(transB=1)/Relu chain of
`make_workloads.py` in the NPZ layout of docs/formats.md (float64, C order, A dense n x n: one
block below the diagonal per hidden layer after the first), written with np.savez.

    python peer_convert_npz.py MLP.onnx OUT.npz
"""
import sys
import numpy as np
import onnx
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
g = model.graph
w = {t.name: numpy_helper.to_array(t) for t in g.initializer}
gemms = [n for n in g.node if n.op_type == "Gemm"]
layers = [(w[n.input[1]], w[n.input[2]]) for n in gemms]
hidden = layers[:-1]
sizes = [W.shape[0] for W, _ in hidden]
n, p, q = sum(sizes), layers[0][0].shape[1], layers[-1][0].shape[0]
off = np.cumsum([0] + sizes)
A = np.zeros((n, n)); B = np.zeros((n, p)); C = np.zeros((q, n))
B[: sizes[0]] = hidden[0][0]
for k in range(1, len(hidden)):
    A[off[k]:off[k + 1], off[k - 1]:off[k]] = hidden[k][0]
C[:, off[-2]:off[-1]] = layers[-1][0]
np.savez(sys.argv[2], A=A, B=B, C=C, D=np.zeros((q, p)), bias_x=np.concatenate([b for _, b in hidden]).astype(np.float64),
         bias_y=layers[-1][1].astype(np.float64), activation=np.array(["relu"] * n))
