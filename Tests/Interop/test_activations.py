"""Every activation PyTorch users put inside an MLP, as torch 2.13's exporters write it, must
import exactly (run with pytest from the interop venv; skipped without torch).

Each case is `Linear(5, 6) → activation → Linear(6, 3)`, exported four ways:

- `dynamo`: the default exporter (opset 20) with `external_data=False`, so the operators are
  tested whether or not external data is read;
- `dynamo-default`: the plain `torch.onnx.export(m, (x,), f)` a user types, which puts the
  weights in `f.data`; skipped while the binary refuses external data;
- `legacy17`, `legacy20`: `dynamo=False` at opsets 17 and 20 (GELU, tanh-GELU, Mish,
  Softsign and Softplus(β) arrive decomposed into Erf/Tanh/Softplus/Abs/Mul/Div patterns).

Each file goes through the binary three ways and is compared with onnxruntime (rtol 1e-4):
`predict`; `convert → .npz`, evaluated here in NumPy from the documented activation names
(docs/formats.md, "Activations") by an evaluator written from the formulas, independent of the
Swift code; `convert → .onnx`, checked by onnx's full checker and run in onnxruntime. The NPZ
`activation` strings must also name the activation the module is (a pattern recognised as the
wrong activation would fail here even if it happened to be close).

The first Linear's weights are scaled by 4 so the pre-activations reach ±50: both sides of
Softplus's threshold 20, the saturated tails of GELU and Mish, the flat parts of Hardsigmoid.
"""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

REPO_ROOT = Path(__file__).resolve().parents[2]
RTOL = 1e-4
ATOL = 1e-5
COMMAND_TIMEOUT_SECONDS = 300
INPUTS, HIDDEN, OUTPUTS, ROWS = 5, 6, 3, 16
WEIGHT_SCALE = 4.0
SEED = 13
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
GELU_TANH_SCALE = math.sqrt(2 / math.pi)
GELU_TANH_CUBIC = 0.044715
# PReLU(num_parameters=6) slopes, as float32: negative, zero-crossing and above 1.
PER_UNIT_SLOPES = np.linspace(-0.5, 1.5, 6).astype(np.float32)

# name → (module factory, the NPZ activation names the hidden layer must carry).
CASES = {
    "gelu": (lambda: nn.GELU(), {"gelu"}),
    "gelu_tanh": (lambda: nn.GELU("tanh"), {"gelu_tanh"}),
    "silu": (lambda: nn.SiLU(), {"silu"}),
    "mish": (lambda: nn.Mish(), {"mish"}),
    "elu": (lambda: nn.ELU(0.5), {"elu:0.5"}),
    "selu": (lambda: nn.SELU(), {"selu"}),
    "celu": (lambda: nn.CELU(2.0), {"celu:2.0"}),
    "softplus": (lambda: nn.Softplus(), {"softplus"}),
    "softplus_beta2": (lambda: nn.Softplus(beta=2.0), {"softplus"}),
    "softsign": (lambda: nn.Softsign(), {"softsign"}),
    "hardsigmoid": (lambda: nn.Hardsigmoid(), {"hardsigmoid:0.1666666716337204,0.5"}),
    "hardswish": (lambda: nn.Hardswish(), {"hardswish"}),
    "relu6": (lambda: nn.ReLU6(), {"clip:0.0,6.0"}),
    "hardtanh": (lambda: nn.Hardtanh(-2.0, 3.0), {"clip:-2.0,3.0"}),
    "prelu": (lambda: nn.PReLU(), {"leaky_relu:0.25"}),
    "prelu_shared_channels": (lambda: nn.PReLU(num_parameters=HIDDEN), {"leaky_relu:0.25"}),
    "prelu_negative": (lambda: negative_prelu(), {"leaky_relu:-0.5"}),
    "prelu_per_unit": (lambda: per_unit_prelu(), {f"leaky_relu:{float(s)!r}" for s in PER_UNIT_SLOPES}),
}
EXPORTERS = ("dynamo", "dynamo-default", "legacy17", "legacy20")


def negative_prelu():
    module = nn.PReLU()
    with torch.no_grad():
        module.weight.fill_(-0.5)
    return module


def per_unit_prelu():
    module = nn.PReLU(num_parameters=HIDDEN)
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(PER_UNIT_SLOPES))
    return module


# MARK: - NumPy evaluation of the documented activation names

def erf(z):
    return np.vectorize(math.erf, otypes=[float])(z)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def softplus(z):
    return np.logaddexp(0.0, z)


def activation_numpy(name: str):
    """The elementwise map an NPZ `activation` entry names (docs/formats.md)."""
    kind, _, argument = name.partition(":")
    p = [float(v) for v in argument.split(",")] if argument else []
    table = {
        "relu": lambda z: np.maximum(z, 0.0),
        "tanh": np.tanh,
        "sigmoid": sigmoid,
        "identity": lambda z: z,
        "leaky_relu": lambda z: np.where(z > 0, z, (p[0] if p else 0.01) * z),
        "gelu": lambda z: 0.5 * z * (1.0 + erf(z / math.sqrt(2.0))),
        "gelu_tanh": lambda z: 0.5 * z * (1.0 + np.tanh(GELU_TANH_SCALE * (z + GELU_TANH_CUBIC * z**3))),
        "silu": lambda z: z * sigmoid(z),
        "swish": lambda z: z * sigmoid(p[0] * z),
        "hardsigmoid": lambda z: np.clip(p[0] * z + p[1], 0.0, 1.0),
        "hardswish": lambda z: z * np.clip(z / 6.0 + 0.5, 0.0, 1.0),
        "elu": lambda z: np.where(z > 0, z, p[0] * np.expm1(np.minimum(z, 0.0))),
        "selu": lambda z: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0))),
        "celu": lambda z: np.maximum(z, 0.0) + np.minimum(0.0, p[0] * np.expm1(np.minimum(z, 0.0) / p[0])),
        "softplus": softplus,
        "softsign": lambda z: z / (1.0 + np.abs(z)),
        "clip": lambda z: np.clip(z, p[0], p[1]),
        "thresholded_relu": lambda z: np.where(z > p[0], z, 0.0),
        "mish": lambda z: z * np.tanh(softplus(z)),
    }
    if kind not in table:
        raise ValueError(f"unknown activation {name!r}")
    return table[kind]


def evaluate_npz(path: Path, U: np.ndarray) -> np.ndarray:
    """y = C x + D u + c with x = φ(A x + B u + b), for a feedforward A: n + 1 Picard steps
    from 0 are exact when A is nilpotent (each step fixes one more level of the chain)."""
    with np.load(path, allow_pickle=False) as z:
        A, B, C, D = z["A"], z["B"], z["C"], z["D"]
        bias_x, bias_y, names = z["bias_x"], z["bias_y"], z["activation"]
        head = str(z["head"][()]) if "head" in z.files else "none"
    assert head == "none"
    n = A.shape[0]
    assert np.allclose(np.linalg.matrix_power(np.abs(A), n + 1) if n else 0, 0), "A is not feedforward"
    drive = U @ B.T + bias_x
    X = np.zeros((U.shape[0], n))
    for _ in range(n + 1):
        Z = X @ A.T + drive
        X = np.empty_like(Z)
        for name in np.unique(names):
            columns = names == name
            X[:, columns] = activation_numpy(str(name))(Z[:, columns])
    return X @ C.T + U @ D.T + bias_y


# MARK: - Exports

def network(factory) -> "nn.Module":
    torch.manual_seed(SEED)
    model = nn.Sequential(nn.Linear(INPUTS, HIDDEN), factory(), nn.Linear(HIDDEN, OUTPUTS)).eval()
    with torch.no_grad():
        model[0].weight.mul_(WEIGHT_SCALE)
    return model


def export(model, exporter: str, path: Path, x) -> None:
    import contextlib
    import io
    import warnings

    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        if exporter == "dynamo":
            torch.onnx.export(model, (x,), str(path), external_data=False)
        elif exporter == "dynamo-default":
            torch.onnx.export(model, (x,), str(path))
        else:
            torch.onnx.export(model, (x,), str(path), dynamo=False, opset_version=int(exporter[-2:]),
                              input_names=["input"], output_names=["output"])


def onnxruntime_outputs(path: Path, X: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: X.astype(np.float32)})[0].astype(np.float64)


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    binary = Path(os.environ.get("IMPLICIT_BIN", REPO_ROOT / ".build" / "debug" / "implicit")).resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"implicit binary not found at {binary}: run `swift build` or set IMPLICIT_BIN")
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=COMMAND_TIMEOUT_SECONDS)


def exported(name: str, factory, exporter: str, tmp_path: Path):
    x = torch.randn(ROWS, INPUTS, generator=torch.Generator().manual_seed(SEED))
    path = tmp_path / f"{name}-{exporter}.onnx"
    export(network(factory), exporter, path, x)
    X = x.numpy().astype(np.float64)
    np.save(tmp_path / "X.npy", X)
    return path, X


def skip_without_onnxscript(exporter: str) -> None:
    import importlib.util

    if exporter.startswith("dynamo") and importlib.util.find_spec("onnxscript") is None:
        pytest.skip("onnxscript is not installed: torch's default (dynamo) exporter needs it")


def skip_if_external_data_unsupported(result: subprocess.CompletedProcess, exporter: str) -> None:
    if exporter == "dynamo-default" and result.returncode != 0 and "external" in result.stderr:
        pytest.skip(f"this binary does not read external data yet: {result.stderr.strip()}")


def check(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, f"{' '.join(result.args)} exited {result.returncode}: {result.stderr}"


def check_predict(path: Path, expected: np.ndarray, exporter: str, tmp_path: Path) -> None:
    """`predict` on X.npy matches onnxruntime's `expected` (skipped for external data the binary refuses)."""
    predicted = run("predict", path, "--input", "X.npy", "-o", "Y.npy", cwd=tmp_path)
    skip_if_external_data_unsupported(predicted, exporter)
    check(predicted)
    np.testing.assert_allclose(np.load(tmp_path / "Y.npy"), expected, rtol=RTOL, atol=ATOL,
                               err_msg="predict differs from onnxruntime")


def check_reexport(path: Path, X: np.ndarray, expected: np.ndarray, tmp_path: Path) -> "onnx.ModelProto":
    """`convert → out.onnx` passes onnx's full checker and matches `expected` in onnxruntime."""
    check(run("convert", path, "-o", "out.onnx", cwd=tmp_path))
    onnx.checker.check_model(str(tmp_path / "out.onnx"), full_check=True)
    np.testing.assert_allclose(onnxruntime_outputs(tmp_path / "out.onnx", X), expected, rtol=RTOL, atol=ATOL,
                               err_msg="the exported ONNX differs from onnxruntime on the original")
    return onnx.load(str(tmp_path / "out.onnx"))


# MARK: - Tests

@pytest.mark.parametrize("exporter", EXPORTERS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_activation_imports_exactly(name, exporter, tmp_path):
    factory, names = CASES[name]
    skip_without_onnxscript(exporter)
    path, X = exported(name, factory, exporter, tmp_path)
    expected = onnxruntime_outputs(path, X)

    check_predict(path, expected, exporter, tmp_path)

    check(run("convert", path, "-o", "model.npz", cwd=tmp_path))
    with np.load(tmp_path / "model.npz") as archive:
        assert set(map(str, archive["activation"])) == names
    np.testing.assert_allclose(evaluate_npz(tmp_path / "model.npz", X), expected, rtol=RTOL, atol=ATOL,
                               err_msg="the NPZ evaluated in NumPy differs from onnxruntime")

    check_reexport(path, X, expected, tmp_path)


# MARK: - Patterns that only look like activations

def pattern_model(nodes, path: Path, extra_initializers=()) -> Path:
    """Gemm(x) → nodes → Gemm, the nodes reading 'z' (and 'w', a second Gemm of x)."""
    rng = np.random.default_rng(SEED)
    h = onnx.helper
    weights = [
        h.make_tensor("W1", onnx.TensorProto.FLOAT, (HIDDEN, INPUTS), rng.standard_normal(HIDDEN * INPUTS)),
        h.make_tensor("W2", onnx.TensorProto.FLOAT, (HIDDEN, INPUTS), rng.standard_normal(HIDDEN * INPUTS)),
        h.make_tensor("W3", onnx.TensorProto.FLOAT, (OUTPUTS, HIDDEN), rng.standard_normal(OUTPUTS * HIDDEN)),
        h.make_tensor("one", onnx.TensorProto.FLOAT, (), [1.0]),
        h.make_tensor("half", onnx.TensorProto.FLOAT, (), [0.5]),
        h.make_tensor("root2", onnx.TensorProto.FLOAT, (), [math.sqrt(2.0)]),
        *extra_initializers,
    ]
    graph = h.make_graph(
        [h.make_node("Gemm", ["x", "W1"], ["z"], transB=1, name="fc1"),
         h.make_node("Gemm", ["x", "W2"], ["w"], transB=1, name="fc2"),
         *nodes,
         h.make_node("Gemm", ["a", "W3"], ["y"], transB=1, name="fc3")],
        "pattern", [h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["N", INPUTS])],
        [h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["N", OUTPUTS])], weights)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
    return path


NOT_ACTIVATIONS = {
    # x·Sigmoid(y): SiLU's shape, two different tensors.
    "silu_of_two_tensors": [onnx.helper.make_node("Sigmoid", ["w"], ["s"]),
                            onnx.helper.make_node("Mul", ["z", "s"], ["a"], name="mix")],
    # GELU's pattern with the outer factor read from another tensor.
    "gelu_of_two_tensors": [onnx.helper.make_node("Div", ["z", "root2"], ["d"]),
                            onnx.helper.make_node("Erf", ["d"], ["e"]),
                            onnx.helper.make_node("Add", ["e", "one"], ["p"]),
                            onnx.helper.make_node("Mul", ["w", "p"], ["m"], name="mix"),
                            onnx.helper.make_node("Mul", ["m", "half"], ["a"])],
    # GELU's pattern without the factor ½: x·(1 + erf(x/√2)) = 2·GELU is not in the table.
    "gelu_twice": [onnx.helper.make_node("Div", ["z", "root2"], ["d"]),
                   onnx.helper.make_node("Erf", ["d"], ["e"]),
                   onnx.helper.make_node("Add", ["e", "one"], ["p"]),
                   onnx.helper.make_node("Mul", ["z", "p"], ["a"], name="mix")],
    # Erf alone is no activation.
    "erf_alone": [onnx.helper.make_node("Erf", ["z"], ["a"], name="mix")],
}


@pytest.mark.parametrize("name", sorted(NOT_ACTIVATIONS))
def test_lookalike_patterns_stay_not_affine(name, tmp_path):
    path = pattern_model(NOT_ACTIVATIONS[name], tmp_path / f"{name}.onnx")
    result = run("convert", path, "-o", "model.npz", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}") and "not affine" in lines[0], lines
    assert not (tmp_path / "model.npz").exists()


def test_gelu_pattern_in_another_order_and_constant_form(tmp_path):
    """½ · (x · (1 + erf(0.70710677 · x))), the operands swapped and √2 as a product: still gelu."""
    h = onnx.helper
    inverse_root2 = h.make_tensor("inv_root2", onnx.TensorProto.FLOAT, (1,), [1 / math.sqrt(2.0)])
    nodes = [h.make_node("Mul", ["inv_root2", "z"], ["d"]),
             h.make_node("Erf", ["d"], ["e"]),
             h.make_node("Add", ["one", "e"], ["p"]),
             h.make_node("Mul", ["p", "z"], ["m"]),
             h.make_node("Mul", ["half", "m"], ["a"])]
    path = pattern_model(nodes, tmp_path / "gelu_swapped.onnx", [inverse_root2])
    X = np.random.default_rng(SEED).standard_normal((ROWS, INPUTS)) * 3
    np.save(tmp_path / "X.npy", X)
    check(run("convert", path, "-o", "model.npz", cwd=tmp_path))
    with np.load(tmp_path / "model.npz") as archive:
        assert set(map(str, archive["activation"])) == {"gelu"}
    np.testing.assert_allclose(evaluate_npz(tmp_path / "model.npz", X), onnxruntime_outputs(path, X),
                               rtol=RTOL, atol=ATOL)
