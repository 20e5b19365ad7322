"""Writes every benchmark input, with fixed seeds, into OUTDIR.

    python make_workloads.py OUTDIR

- mlp.onnx            784 -> 4 x 4096 -> 10 ReLU MLP, float32, Gemm(transB=1) as PyTorch exports
  (the convert workload)
- mlp_predict.onnx    784 -> 3 x 2048 -> 10, float32; mlp_predict_x.npy (4096, 784) float32
- implicit.npz        dense ReLU implicit model, n = 1000, p = 64, q = 10, ||A||_inf = 0.95
- implicit99.npz      the same with ||A||_inf = 0.99 (Gaussian A)
- implicit_slow95.npz, implicit_slow99.npz   the same with A >= 0 and ||A||_inf = 0.95, 0.99
- mlp_predict.npz     the MLP of mlp_predict.onnx in the NPZ layout, float64 (its weights
                      widened): the feedforward model a NumPy user keeps, A strictly block
                      lower-triangular with state_block_sizes (3 x 2048), 341 MB
- implicit_x.npy      (1024, 64) float64 inputs for it
- monotone.npz        well-posed, not contractive: A = -M with M symmetric positive
                      semidefinite, ||M||_2 = 3, n = 200, p = 64, q = 10 (I - A = I + M is
                      positive definite, so a P-matrix; Picard's linearisation has eigenvalue -3)
- monotone_x.npy      (1024, 64) float64 inputs for it
- lint.npz            dense n = 2000 ReLU model with ||A||_inf = 4, ||A||_2 about 0.2: the
                      cheap norms fail, the spectral norm certifies well-posedness

The NPZ layout is the one docs/formats.md specifies (float64, C order).
"""
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)


def mlp_weights(widths, seed):
    """PyTorch's nn.Linear layout, float32: [(weight (out, in), bias (out,)), ...]."""
    rng = np.random.default_rng(seed)
    layers = []
    for k in range(len(widths) - 1):
        fan_in, fan_out = widths[k], widths[k + 1]
        w = (rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in)).astype(np.float32)
        b = (0.1 * rng.standard_normal(fan_out)).astype(np.float32)
        layers.append((w, b))
    return layers


def mlp(path, widths, seed):
    inits, nodes = [], []
    source = "input"
    for k, (w, b) in enumerate(mlp_weights(widths, seed)):
        # Gemm with transB = 1, as PyTorch exports nn.Linear.
        inits += [numpy_helper.from_array(w, f"fc{k}.weight"), numpy_helper.from_array(b, f"fc{k}.bias")]
        last = k == len(widths) - 2
        gemm_out = "logits" if last else f"fc{k}_out"
        nodes.append(helper.make_node("Gemm", [source, f"fc{k}.weight", f"fc{k}.bias"], [gemm_out],
                                      name=f"fc{k}", transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [gemm_out], [f"relu{k}"], name=f"relu{k}"))
            source = f"relu{k}"
    graph = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", widths[0]])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", widths[-1]])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="bench")
    model.ir_version = 8
    onnx.save(model, path)
    return sum(int(np.prod(t.dims)) for t in inits)


def mlp_npz(path, widths, seed):
    # The implicit form of the ReLU chain: states are the hidden layers, A holds W_k below the
    # diagonal, B the first layer, C the last (docs/formats.md, NPZ layout).
    layers = [(w.astype(np.float64), b.astype(np.float64)) for w, b in mlp_weights(widths, seed)]
    hidden = widths[1:-1]
    edges = np.cumsum([0] + hidden)
    n, p, q = edges[-1], widths[0], widths[-1]
    a = np.zeros((n, n))
    b = np.zeros((n, p))
    b[:hidden[0]] = layers[0][0]
    for k in range(1, len(hidden)):
        a[edges[k]:edges[k + 1], edges[k - 1]:edges[k]] = layers[k][0]
    c = np.zeros((q, n))
    c[:, edges[-2]:] = layers[-1][0]
    np.savez(path, A=a, B=b, C=c, D=np.zeros((q, p)), bias_x=np.concatenate([l[1] for l in layers[:-1]]),
             bias_y=layers[-1][1], activation=np.array(["relu"] * n), head=np.array("none"),
             state_block_sizes=np.array(hidden, dtype=np.int64))


def npz(path, a, b, c, bias_x, bias_y):
    n, p = b.shape
    q = c.shape[0]
    np.savez(path, A=a, B=b, C=c, D=np.zeros((q, p)), bias_x=bias_x, bias_y=bias_y,
             activation=np.array(["relu"] * n), head=np.array("none"))


def implicit_contractive(seed, n=1000, p=64, q=10, norm_inf=0.95, nonnegative=False, name="implicit.npz"):
    # Gaussian A: ρ(A) is far below ‖A‖∞ and Picard contracts fast. |Gaussian| A (nonnegative):
    # ρ(A) is about ‖A‖∞ (Perron–Frobenius), the slow case an accelerated solver is for.
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n))
    if nonnegative:
        a = np.abs(a)
    a *= norm_inf / np.abs(a).sum(axis=1).max()
    b = rng.standard_normal((n, p)) / np.sqrt(p)
    c = rng.standard_normal((q, n)) / np.sqrt(n)
    npz(out / name, a, b, c, 0.1 * rng.standard_normal(n), np.zeros(q))


def monotone(seed, n=200, p=64, q=10, norm2=3.0):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((n, n // 2))
    m = g @ g.T
    m *= norm2 / np.linalg.eigvalsh(m)[-1]
    b = rng.standard_normal((n, p)) / np.sqrt(p)
    c = rng.standard_normal((q, n)) / np.sqrt(n)
    npz(out / "monotone.npz", -m, b, c, 0.1 * rng.standard_normal(n), np.zeros(q))


def lint_model(seed, n=2000, p=16, q=4, norm_inf=4.0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n))
    a *= norm_inf / np.abs(a).sum(axis=1).max()
    npz(out / "lint.npz", a, rng.standard_normal((n, p)), rng.standard_normal((q, n)),
        np.zeros(n), np.zeros(q))


params = mlp(out / "mlp.onnx", [784, 4096, 4096, 4096, 4096, 10], seed=7)
implicit_contractive(seed=11)
implicit_contractive(seed=11, norm_inf=0.99, name="implicit99.npz")
implicit_contractive(seed=11, nonnegative=True, name="implicit_slow95.npz")
implicit_contractive(seed=11, norm_inf=0.99, nonnegative=True, name="implicit_slow99.npz")
mlp(out / "mlp_predict.onnx", [784, 2048, 2048, 2048, 10], seed=8)
mlp_npz(out / "mlp_predict.npz", [784, 2048, 2048, 2048, 10], seed=8)
np.save(out / "mlp_predict_x.npy", np.random.default_rng(18).standard_normal((4096, 784)).astype(np.float32))
np.save(out / "implicit_x.npy", np.random.default_rng(12).standard_normal((1024, 64)))
monotone(seed=13)
np.save(out / "monotone_x.npy", np.random.default_rng(14).standard_normal((1024, 64)))
lint_model(seed=15)
print(params)
