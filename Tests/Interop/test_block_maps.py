"""LayerNorm and an inner Softmax inside torch 2.13 MLPs: block maps (docs/formats.md,
"Block maps"), imported exactly from what both exporters write (run with pytest from the
interop venv; skipped without torch).

The network is `Linear(5, 6) → LayerNorm(6) → Linear(6, 6) → Tanh → Linear(6, 4) → Softmax(-1)
→ Linear(4, 3)`: the softmax is not the head. Exported by the default (dynamo) exporter
(opset 20, with and without external data) and the legacy one at opsets 17 and 20; each file
goes through the binary as in test_activations.py: `predict` against onnxruntime (rtol 1e-4),
`convert → .npz` evaluated here in NumPy from the documented names (`softmax`,
`layer_normalization:ε`, `layer_norm_scale`, `layer_norm_bias`, `state_block_sizes`) by an
evaluator written from the formulas, and `convert → .onnx` through onnx's full checker and
onnxruntime. At opset 14 (legacy), where ONNX has no LayerNormalization, torch writes the
statistics out (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add); that decomposition
must read as the same block map, and look-alikes whose tensors differ must not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest

from test_activations import (ATOL, INPUTS, ROWS, RTOL, SEED, activation_numpy, check, check_predict,
                              check_reexport, export, onnxruntime_outputs, run, skip_without_onnxscript)

torch = pytest.importorskip("torch")
nn = torch.nn

EXPORTERS = ("dynamo", "dynamo-default", "legacy14", "legacy17", "legacy20")
HIDDEN, ATTENTION, OUTPUTS = 6, 4, 3


def network() -> "nn.Module":
    torch.manual_seed(SEED)
    model = nn.Sequential(
        nn.Linear(INPUTS, HIDDEN), nn.LayerNorm(HIDDEN), nn.Linear(HIDDEN, HIDDEN), nn.Tanh(),
        nn.Linear(HIDDEN, ATTENTION), nn.Softmax(dim=-1), nn.Linear(ATTENTION, OUTPUTS)).eval()
    with torch.no_grad():
        # A LayerNorm with non-trivial γ and β, and logits wide enough to make softmax peaked.
        model[1].weight.copy_(torch.linspace(0.5, 2.0, HIDDEN))
        model[1].bias.copy_(torch.linspace(-0.3, 0.4, HIDDEN))
        model[4].weight.mul_(3.0)
    return model


def exported(exporter: str, tmp_path: Path):
    x = torch.randn(ROWS, INPUTS, generator=torch.Generator().manual_seed(SEED)) * 2
    path = tmp_path / f"blockmaps-{exporter}.onnx"
    if exporter == "legacy14":
        import contextlib
        import io
        import warnings
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            torch.onnx.export(network(), (x,), str(path), dynamo=False, opset_version=14,
                              input_names=["input"], output_names=["output"])
    else:
        export(network(), exporter, path, x)
    X = x.numpy().astype(np.float64)
    np.save(tmp_path / "X.npy", X)
    return path, X


def evaluate_npz(path: Path, U: np.ndarray) -> np.ndarray:
    """y = C x + D u + c, x = Φ(A x + B u + b) block by block in order (A feedforward and block
    lower-triangular in the written order), from the documented NPZ names only."""
    with np.load(path, allow_pickle=False) as z:
        A, B, C, D = z["A"], z["B"], z["C"], z["D"]
        bias_x, bias_y, names = z["bias_x"], z["bias_y"], z["activation"]
        sizes = z["state_block_sizes"]
        gamma = z["layer_norm_scale"] if "layer_norm_scale" in z.files else None
        beta = z["layer_norm_bias"] if "layer_norm_bias" in z.files else None
    X = np.zeros((U.shape[0], A.shape[0]))
    start = 0
    for size in map(int, sizes):
        block = slice(start, start + size)
        Z = X @ A[block].T + U @ B[block].T + bias_x[block]
        kind = str(names[start])
        assert all(str(v) == kind for v in names[block]) or not kind.startswith(("softmax", "layer_normalization"))
        if kind == "softmax":
            E = np.exp(Z - Z.max(axis=1, keepdims=True))
            X[:, block] = E / E.sum(axis=1, keepdims=True)
        elif kind.startswith("layer_normalization:"):
            eps = float(kind.partition(":")[2])
            mean = Z.mean(axis=1, keepdims=True)
            var = Z.var(axis=1, keepdims=True)
            X[:, block] = gamma[block] * (Z - mean) / np.sqrt(var + eps) + beta[block]
        else:
            for i in range(start, start + size):
                X[:, i] = activation_numpy(str(names[i]))(Z[:, i - start])
        start += size
    return X @ C.T + U @ D.T + bias_y


@pytest.mark.parametrize("exporter", EXPORTERS)
def test_layernorm_and_inner_softmax_import_exactly(exporter, tmp_path):
    skip_without_onnxscript(exporter)
    path, X = exported(exporter, tmp_path)
    expected = onnxruntime_outputs(path, X)

    check_predict(path, expected, exporter, tmp_path)

    check(run("convert", path, "-o", "model.npz", cwd=tmp_path))
    with np.load(tmp_path / "model.npz") as archive:
        kinds = {str(v).partition(":")[0] for v in archive["activation"]}
        assert {"softmax", "layer_normalization"} <= kinds, kinds
        eps = {float(str(v).partition(":")[2]) for v in archive["activation"] if str(v).startswith("layer_normalization")}
        assert len(eps) == 1 and abs(eps.pop() - 1e-5) <= 1e-12
    np.testing.assert_allclose(evaluate_npz(tmp_path / "model.npz", X), expected, rtol=RTOL, atol=ATOL,
                               err_msg="the NPZ evaluated in NumPy differs from onnxruntime")

    written = check_reexport(path, X, expected, tmp_path)
    assert {"LayerNormalization", "Softmax"} <= {node.op_type for node in written.graph.node}

    lint = run("lint", path, cwd=tmp_path)
    assert lint.returncode == 0 and "well-posed" in lint.stdout, lint.stdout + lint.stderr


def test_the_opset_14_export_is_the_decomposition(tmp_path):
    path, _ = exported("legacy14", tmp_path)
    ops = [node.op_type for node in onnx.load(str(path)).graph.node]
    assert "LayerNormalization" not in ops and {"ReduceMean", "Pow", "Sqrt"} <= set(ops)


def decomposition_model(path: Path, variance_of: str) -> Path:
    """Gemm(x) → z, w; LayerNorm's decomposition of z with the variance taken of `variance_of`'s
    centred tensor; → Gemm. With variance_of='z' it is LayerNorm; with 'w' a look-alike."""
    h = onnx.helper
    rng = np.random.default_rng(SEED)
    weights = [
        h.make_tensor("W1", onnx.TensorProto.FLOAT, (HIDDEN, INPUTS), rng.standard_normal(HIDDEN * INPUTS)),
        h.make_tensor("W2", onnx.TensorProto.FLOAT, (HIDDEN, INPUTS), rng.standard_normal(HIDDEN * INPUTS)),
        h.make_tensor("W3", onnx.TensorProto.FLOAT, (OUTPUTS, HIDDEN), rng.standard_normal(OUTPUTS * HIDDEN)),
        h.make_tensor("two", onnx.TensorProto.FLOAT, (), [2.0]),
        h.make_tensor("eps", onnx.TensorProto.FLOAT, (), [1e-5]),
    ]
    nodes = [
        h.make_node("Gemm", ["x", "W1"], ["z"], transB=1, name="fc1"),
        h.make_node("Gemm", ["x", "W2"], ["w"], transB=1, name="fc2"),
        h.make_node("ReduceMean", ["z"], ["mz"], axes=[-1]),
        h.make_node("Sub", ["z", "mz"], ["cz"], name="centre_z"),
        h.make_node("ReduceMean", ["w"], ["mw"], axes=[-1]),
        h.make_node("Sub", ["w", "mw"], ["cw"], name="centre_w"),
        h.make_node("Pow", ["cz" if variance_of == "z" else "cw", "two"], ["sq"]),
        h.make_node("ReduceMean", ["sq"], ["var"], axes=[-1]),
        h.make_node("Add", ["var", "eps"], ["ve"]),
        h.make_node("Sqrt", ["ve"], ["sd"]),
        h.make_node("Div", ["cz", "sd"], ["a"], name="normalise"),
        h.make_node("Gemm", ["a", "W3"], ["y"], transB=1, name="fc3"),
    ]
    if variance_of == "z":
        nodes = [n for n in nodes if n.output[0] not in ("mw", "cw")]
    graph = h.make_graph(nodes, "decomposition", [h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["N", INPUTS])],
                         [h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["N", OUTPUTS])], weights)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 14)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
    return path


def test_hand_written_decomposition_reads_as_layer_normalization(tmp_path):
    path = decomposition_model(tmp_path / "ln.onnx", "z")
    X = np.random.default_rng(SEED).standard_normal((ROWS, INPUTS)) * 2
    np.save(tmp_path / "X.npy", X)
    check(run("convert", path, "-o", "model.npz", cwd=tmp_path))
    np.testing.assert_allclose(evaluate_npz(tmp_path / "model.npz", X), onnxruntime_outputs(path, X), rtol=RTOL, atol=ATOL)


def test_decomposition_lookalike_with_another_variance_is_refused(tmp_path):
    path = decomposition_model(tmp_path / "lookalike.onnx", "w")
    result = run("convert", path, "-o", "model.npz", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), lines
    assert not (tmp_path / "model.npz").exists()
