"""ONNX import and export must agree with onnxruntime (run with pytest from the interop venv).

Every model that make_models.py writes goes through the `implicit` binary three ways and is
compared with onnxruntime's output on the same input:

- `implicit predict MODEL.onnx --input X.npy -o Y.npy` (the head, e.g. softmax, applied);
- `implicit convert MODEL.onnx -o model.npz`, evaluated here in NumPy, independently of the Swift
  solvers, from the NPZ layout of docs/formats.md;
- `implicit convert MODEL.onnx -o out.onnx` (weights inline, and with `--external-data` in
  `out.onnx.data`), checked by onnx's full checker from its path and run in onnxruntime.

Models include PyTorch 2.13's exports from its default (dynamo) exporter, which stores weights as
external data, and from the legacy exporter at opsets 17 and 20 (torch_exports.py).

The binary is IMPLICIT_BIN, by default .build/debug/implicit under the repository root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import make_models  # noqa: E402

# The tolerances of docs/formats.md ("Verification against onnx and onnxruntime"): float32 models computed in float64 by implicit differ from
# onnxruntime's float32 arithmetic by a few ulps of float32 per layer.
RTOL = 1e-4
ATOL = 1e-5
COMMAND_TIMEOUT_SECONDS = 300
PLANNED = make_models.planned_models()
MODEL_IDS = [name for name, _ in PLANNED]


# MARK: - NumPy evaluation of the NPZ layout

NPZ_MATRICES = ("A", "B", "C", "D")
NPZ_REQUIRED = NPZ_MATRICES + ("bias_x", "bias_y", "activation")
HEADS = ("none", "softmax", "sigmoid")
DEFAULT_LEAKY_SLOPE = 0.01


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def activation_function(name: str):
    """The elementwise map for one `activation` entry: relu, tanh, sigmoid, identity,
    leaky_relu or leaky_relu:SLOPE."""
    kind, _, argument = name.partition(":")
    if kind == "relu" and not argument:
        return lambda z: np.maximum(z, 0.0)
    if kind == "tanh" and not argument:
        return np.tanh
    if kind == "sigmoid" and not argument:
        return sigmoid
    if kind == "identity" and not argument:
        return lambda z: z
    if kind == "leaky_relu":
        slope = float(argument) if argument else DEFAULT_LEAKY_SLOPE
        return lambda z: np.where(z >= 0.0, z, slope * z)
    raise ValueError(f"unknown activation {name!r}")


class ImplicitNPZ:
    """An implicit model read from the NPZ layout, checked for shape and dtype."""

    def __init__(self, arrays):
        missing = [key for key in NPZ_REQUIRED if key not in arrays]
        if missing:
            raise ValueError(f"NPZ lacks {missing}")
        # Optional members that keep our block partition and port names (docs/formats.md).
        optional = {"head", "state_block_sizes", "state_block_names", "input_name", "output_name",
                    "input_shape"}
        unknown = set(arrays) - set(NPZ_REQUIRED) - optional
        if unknown:
            raise ValueError(f"NPZ has unexpected arrays {sorted(unknown)}")
        for key in NPZ_MATRICES + ("bias_x", "bias_y"):
            array = arrays[key]
            if array.dtype != np.float64:
                raise ValueError(f"{key} is {array.dtype}, not float64")
            if array.ndim == 2 and array.size and not array.flags.c_contiguous:
                raise ValueError(f"{key} is not in C order")
        self.A, self.B, self.C, self.D = (np.asarray(arrays[k]) for k in NPZ_MATRICES)
        self.bias_x = np.asarray(arrays["bias_x"])
        self.bias_y = np.asarray(arrays["bias_y"])
        self.activation = np.asarray(arrays["activation"])
        head = np.asarray(arrays.get("head", np.array("none")))
        if head.shape != () or head.dtype.kind != "U":
            raise ValueError(f"head must be a 0-d unicode array, got {head.dtype} {head.shape}")
        self.head = str(head[()])
        self.input_shape = (tuple(int(d) for d in arrays["input_shape"])
                            if "input_shape" in arrays else None)

        n, p, q = self.B.shape[0], self.B.shape[1], self.C.shape[0]
        shapes = {"A": (n, n), "B": (n, p), "C": (q, n), "D": (q, p), "bias_x": (n,),
                  "bias_y": (q,), "activation": (n,)}
        for key, shape in shapes.items():
            if getattr(self, key).shape != shape:
                raise ValueError(f"{key} has shape {getattr(self, key).shape}, expected {shape}")
        if n and self.activation.dtype.kind != "U":
            raise ValueError(f"activation has dtype {self.activation.dtype}, not unicode")
        if self.head not in HEADS:
            raise ValueError(f"unknown head {self.head!r}")
        self.states, self.inputs, self.outputs = n, p, q
        self.depth = longest_dependency_chain(self.A)

    @classmethod
    def load(cls, path: Path) -> "ImplicitNPZ":
        with np.load(path, allow_pickle=False) as archive:
            return cls({key: archive[key] for key in archive.files})

    def phi(self, z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        for name in np.unique(self.activation):
            columns = self.activation == name
            out[:, columns] = activation_function(str(name))(z[:, columns])
        return out

    def predict(self, U: np.ndarray, raw: bool = False) -> np.ndarray:
        """Rows of U are samples. Picard iteration x ← φ(A x + B u + b_x) from x = 0 is exact
        after depth + 1 steps when A's dependency graph is acyclic (A nilpotent): step k fixes
        every state whose longest chain of predecessors has length < k."""
        U = np.asarray(U, dtype=np.float64)
        drive = U @ self.B.T + self.bias_x
        X = np.zeros((U.shape[0], self.states))
        for _ in range(self.depth + 1):
            X = self.phi(X @ self.A.T + drive)
        if not np.array_equal(self.phi(X @ self.A.T + drive), X):
            raise AssertionError("fixed-point iteration did not settle on a feedforward model")
        Y = X @ self.C.T + U @ self.D.T + self.bias_y
        if raw or self.head == "none":
            return Y
        if self.head == "sigmoid":
            return sigmoid(Y)
        shifted = np.exp(Y - Y.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)


def longest_dependency_chain(A: np.ndarray) -> int:
    """Length of the longest path in the graph j → i for A[i, j] ≠ 0; ValueError on a cycle
    (the model is then not feedforward and fixed-point iteration proves nothing)."""
    n = A.shape[0]
    depends = A != 0
    indegree = depends.sum(axis=1)
    level = np.zeros(n, dtype=int)
    ready = deque(np.flatnonzero(indegree == 0))
    visited = 0
    while ready:
        j = ready.popleft()
        visited += 1
        for i in np.flatnonzero(depends[:, j]):
            level[i] = max(level[i], level[j] + 1)
            indegree[i] -= 1
            if indegree[i] == 0:
                ready.append(i)
    if visited != n:
        raise ValueError(f"A has a cycle through {n - visited} states: not feedforward")
    return int(level.max()) if n else 0


# MARK: - Fixtures

@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("interop-models")
    result = subprocess.run([sys.executable, str(HERE / "make_models.py"), str(outdir)],
                            capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS)
    if result.returncode != 0:
        pytest.fail(f"make_models.py failed:\n{result.stdout}\n{result.stderr}")
    if result.stderr.strip():
        print(result.stderr, file=sys.stderr)
    return outdir


@pytest.fixture(scope="session")
def manifest(models_dir) -> dict:
    return json.loads((models_dir / "manifest.json").read_text())


@pytest.fixture(scope="session")
def implicit_bin() -> Path:
    configured = os.environ.get("IMPLICIT_BIN")
    path = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "implicit"
    path = path.resolve()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"implicit binary not found at {path}: run `swift build` or set IMPLICIT_BIN")
    return path


@pytest.fixture
def case(request, manifest, models_dir) -> dict:
    name = request.param
    entries = {entry["name"]: entry for entry in manifest["models"]}
    if name not in entries:
        source = dict(PLANNED)[name]
        reasons = [s["reason"] for s in manifest["skipped"] if s["source"] == source]
        if reasons:
            pytest.skip(reasons[0])
        pytest.fail(f"make_models.py wrote no model {name}")
    entry = dict(entries[name])
    entry["path"] = models_dir / entry["file"]
    entry["x"] = np.load(models_dir / entry["input_file"])
    entry["expected"] = np.load(models_dir / entry["expected_file"]).astype(np.float64)
    return entry


def run_implicit(binary: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=COMMAND_TIMEOUT_SECONDS)


def assert_succeeded(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (
        f"{' '.join(result.args)} exited {result.returncode}\nstderr: {result.stderr}")


def assert_matches(actual, case: dict, what: str) -> None:
    actual = np.asarray(actual, dtype=np.float64)
    expected = case["expected"]
    note = f" ({case['note']})" if "note" in case else ""
    assert actual.shape == expected.shape, (
        f"{what}: shape {actual.shape}, onnxruntime gives {expected.shape}{note}")
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL,
                               err_msg=f"{what} differs from onnxruntime")


# MARK: - Tests against the binary

def test_generator_wrote_every_planned_model(manifest):
    written = {entry["name"] for entry in manifest["models"]}
    skipped_sources = {s["source"] for s in manifest["skipped"]}
    missing = [name for name, source in PLANNED
               if name not in written and source not in skipped_sources]
    assert not missing
    assert manifest["unsupported"], "no unsupported-operator model"


def test_torch_exports_are_what_users_get(manifest):
    """The default exporter writes opset 20, IR 10 and external data; the legacy exporter the
    opset asked for. Otherwise the tests below would not test what they claim."""
    entries = {e["name"]: e for e in manifest["models"] if e["name"].startswith("torch_")}
    if not entries:
        pytest.skip("no PyTorch exports (see the skipped reasons)")
    for name, entry in entries.items():
        if "_dynamo_" in name:
            assert (entry["opset"], entry["ir_version"]) == (20, 10), name
            assert entry["external_initializers"], f"{name} has no external data"
        elif "_legacy17_" in name or "_legacy20_" in name:
            assert entry["opset"] == (17 if "_legacy17_" in name else 20), name
            assert not entry["external_initializers"], name


@pytest.mark.parametrize("precision", ["auto", "float64"])
@pytest.mark.parametrize("case", MODEL_IDS, indirect=True)
def test_predict_matches_onnxruntime(case, precision, implicit_bin, tmp_path):
    # auto (the default) runs float32 ONNX files in float32 as onnxruntime does; float64 is the
    # exact path. Both must agree with onnxruntime to the same tolerance.
    out = tmp_path / "out.npy"
    flags = [] if precision == "auto" else ["--precision", precision]
    result = run_implicit(implicit_bin, "predict", case["path"], "--input",
                          case["path"].parent / case["input_file"], "-o", out, *flags, cwd=tmp_path)
    assert_succeeded(result)
    assert_matches(np.load(out), case, f"implicit predict ({precision})")


@pytest.mark.parametrize("case", MODEL_IDS, indirect=True)
def test_converted_npz_matches_onnxruntime(case, implicit_bin, tmp_path):
    out = tmp_path / "model.npz"
    assert_succeeded(run_implicit(implicit_bin, "convert", case["path"], "-o", out, cwd=tmp_path))
    model = ImplicitNPZ.load(out)
    x = case["x"]
    assert model.inputs == int(np.prod(x.shape[1:]))
    # An image-shaped input keeps its sample shape; samples flatten in C order, as Flatten does.
    assert model.input_shape == (tuple(x.shape[1:]) if x.ndim > 2 else None)
    assert_matches(model.predict(x.reshape(len(x), -1)), case, "NumPy evaluation of the converted NPZ")


@pytest.mark.parametrize("via", ["direct", "external-data", "pb", "txtpb"])
@pytest.mark.parametrize("case", MODEL_IDS, indirect=True)
def test_exported_onnx_runs_in_onnxruntime(case, via, implicit_bin, tmp_path):
    """ONNX → ONNX directly (weights inline, or with --external-data in out.onnx.data), and
    through our protobuf formats (ONNX → .pb/.txtpb → ONNX)."""
    out = tmp_path / "out.onnx"
    source = case["path"]
    if via in ("pb", "txtpb"):
        middle = tmp_path / f"model.{via}"
        assert_succeeded(run_implicit(implicit_bin, "convert", source, "-o", middle, cwd=tmp_path))
        source = middle
    flags = ["--external-data"] if via == "external-data" else []
    assert_succeeded(run_implicit(implicit_bin, "convert", source, "-o", out, *flags, cwd=tmp_path))
    onnx.checker.check_model(str(out), full_check=True)
    exported = onnx.load(str(out))
    stored_outside = [t.name for t in onnx.load(str(out), load_external_data=False).graph.initializer
                      if t.data_location == onnx.TensorProto.EXTERNAL]
    if via == "external-data":
        data = tmp_path / "out.onnx.data"
        assert data.is_file() and stored_outside, "no weight went to out.onnx.data"
        assert all(t.data_location == onnx.TensorProto.EXTERNAL
                   for t in onnx.load(str(out), load_external_data=False).graph.initializer
                   if t.data_type == onnx.TensorProto.FLOAT)
    else:
        assert not stored_outside and not (tmp_path / "out.onnx.data").exists()

    inputs = [i for i in exported.graph.input
              if i.name not in {t.name for t in exported.graph.initializer}]
    assert [i.name for i in inputs] == [case["input_name"]]
    outputs = [o.name for o in exported.graph.output]
    assert case["output_name"] in outputs

    elem_type = inputs[0].type.tensor_type.elem_type
    x = case["x"].astype(onnx.helper.tensor_dtype_to_np_dtype(elem_type))
    dims = inputs[0].type.tensor_type.shape.dim
    # Every format keeps an image-shaped input's sample shape (NPZ input_shape, YAML input.shape,
    # protobuf Port.shape; docs/formats.md), so the exported ONNX declares (N, C, H, W) again,
    # flattened inside.
    assert [d.dim_value for d in dims[1:]] == list(x.shape[1:])
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    (y,) = session.run([case["output_name"]], {case["input_name"]: x})
    assert_matches(y, case, "onnxruntime on the exported ONNX")


IMAGE_MODEL_IDS = [name for name in MODEL_IDS if name.endswith("image_flatten")]


@pytest.mark.parametrize("case", IMAGE_MODEL_IDS, indirect=True)
def test_predict_takes_image_samples_flattened_too(case, implicit_bin, tmp_path):
    """An image-shaped input reads X as (m, C, H, W) (test_predict_matches_onnxruntime) and as
    (m, C·H·W) in C order; a sample shape that is not the model's is one line, exit 2."""
    x = case["x"]
    assert x.ndim == 4, "the image models take (N, C, H, W) or, from Keras, (N, H, W, C)"
    info = run_implicit(implicit_bin, "info", case["path"], "--json", cwd=tmp_path)
    assert_succeeded(info)
    assert json.loads(info.stdout)["input"] == {"name": case["input_name"], "size": int(np.prod(x.shape[1:])),
                                                "shape": list(x.shape[1:])}
    flat, out = tmp_path / "flat.npy", tmp_path / "out.npy"
    np.save(flat, x.reshape(len(x), -1))
    assert_succeeded(run_implicit(implicit_bin, "predict", case["path"], "--input", flat, "-o", out,
                                  cwd=tmp_path))
    assert_matches(np.load(out), case, "implicit predict on flattened samples")
    wrong = tmp_path / "wrong.npy"
    np.save(wrong, x.reshape(len(x), x.shape[1], -1))
    result = run_implicit(implicit_bin, "predict", case["path"], "--input", wrong, "-o",
                          tmp_path / "never.npy", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"but the model's input has ({', '.join(map(str, x.shape[1:]))})" in result.stderr
    assert not (tmp_path / "never.npy").exists()


UNSUPPORTED_COMMANDS = {
    "convert-npz": ("convert", "{model}", "-o", "{out}.npz"),
    "convert-onnx": ("convert", "{model}", "-o", "{out}.onnx"),
    "predict": ("predict", "{model}", "--input", "{input}", "-o", "{out}.npy"),
}


@pytest.mark.parametrize("command", UNSUPPORTED_COMMANDS)
def test_unsupported_operator_is_one_line_error(command, manifest, models_dir, implicit_bin,
                                                tmp_path):
    entry = manifest["unsupported"][0]
    input_path = tmp_path / "x.npy"
    np.save(input_path, np.zeros((2, 3), dtype=np.float32))
    template = UNSUPPORTED_COMMANDS[command]
    args = [a.format(model=models_dir / entry["file"], out=tmp_path / "out", input=input_path)
            for a in template]
    result = run_implicit(implicit_bin, *args, cwd=tmp_path)

    assert result.returncode == 2, f"exit {result.returncode}, stderr: {result.stderr}"
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, f"expected one line on stderr, got {lines}"
    assert entry["node_name"] in lines[0] and entry["op_type"] in lines[0], lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.npy"], "an output file was written"


# MARK: - Tests of the NumPy evaluator itself (no binary needed)

def save_npz(path: Path, **arrays) -> Path:
    np.savez(path, **{key: np.array(a, order="C") for key, a in arrays.items()})
    return path


def permuted(perm, A, B, C, bias_x, activation):
    """The same model with its states listed in the order perm, so A is not triangular."""
    return A[np.ix_(perm, perm)], B[perm], C[:, perm], bias_x[perm], activation[perm]


def test_evaluator_matches_direct_forward_pass(tmp_path):
    """A two-layer net with skips (input → layer 2, layer 1 → output), leaky ReLU(0.1) and a
    softmax head, its states shuffled: the NPZ evaluation equals the layer-by-layer pass."""
    rng = np.random.default_rng(7)
    p, h1, h2, q, m = 3, 4, 3, 2, 5
    W1, b1 = rng.standard_normal((h1, p)), rng.standard_normal(h1)
    W2, V2, b2 = rng.standard_normal((h2, h1)), rng.standard_normal((h2, p)), rng.standard_normal(h2)
    W3, S3, D, c = (rng.standard_normal((q, h2)), rng.standard_normal((q, h1)),
                    rng.standard_normal((q, p)), rng.standard_normal(q))
    U = rng.standard_normal((m, p))

    z1 = np.maximum(U @ W1.T + b1, 0.0)
    a2 = z1 @ W2.T + U @ V2.T + b2
    z2 = np.where(a2 >= 0, a2, 0.1 * a2)
    logits = z2 @ W3.T + z1 @ S3.T + U @ D.T + c
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)

    n = h1 + h2
    A = np.zeros((n, n))
    A[h1:, :h1] = W2
    B = np.vstack([W1, V2])
    C = np.hstack([S3, W3])
    bias_x = np.concatenate([b1, b2])
    activation = np.array(["relu"] * h1 + ["leaky_relu:0.1"] * h2)
    perm = rng.permutation(n)
    A, B, C, bias_x, activation = permuted(perm, A, B, C, bias_x, activation)
    assert np.any(np.triu(A) != 0), "the permutation should break triangularity"

    path = save_npz(tmp_path / "m.npz", A=A, B=B, C=C, D=D, bias_x=bias_x, bias_y=c,
                    activation=activation, head=np.array("softmax"))
    model = ImplicitNPZ.load(path)
    assert model.depth == 1
    np.testing.assert_allclose(model.predict(U), expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(model.predict(U, raw=True), logits, rtol=1e-12, atol=1e-14)


def test_evaluator_mixed_activations_and_sigmoid_head(tmp_path):
    """A three-layer chain whose layers mix tanh, sigmoid and identity states; sigmoid head."""
    rng = np.random.default_rng(11)
    p, widths, m = 2, (3, 3, 2), 4
    U = rng.standard_normal((m, p))
    kinds = np.array(["tanh", "sigmoid", "identity"])
    layers, previous, h = [], p, U
    for width in widths:
        W, b = rng.standard_normal((width, previous)), rng.standard_normal(width)
        names = kinds[rng.integers(0, 3, width)]
        z = h @ W.T + b
        h = np.column_stack([activation_function(str(k))(z[:, i]) for i, k in enumerate(names)])
        layers.append((W, b, names))
        previous = width
    Wo, co = rng.standard_normal((1, previous)), rng.standard_normal(1)
    expected = sigmoid(h @ Wo.T + co)

    n = sum(widths)
    A, B = np.zeros((n, n)), np.zeros((n, p))
    offsets = np.cumsum((0,) + widths)
    for k, (W, _, _) in enumerate(layers):
        rows = slice(offsets[k], offsets[k + 1])
        if k == 0:
            B[rows] = W
        else:
            A[rows, offsets[k - 1]:offsets[k]] = W
    C = np.zeros((1, n))
    C[:, offsets[-2]:] = Wo
    bias_x = np.concatenate([b for _, b, _ in layers])
    activation = np.concatenate([names for _, _, names in layers])
    path = save_npz(tmp_path / "m.npz", A=A, B=B, C=C, D=np.zeros((1, p)), bias_x=bias_x,
                    bias_y=co, activation=activation, head=np.array("sigmoid"))
    model = ImplicitNPZ.load(path)
    assert model.depth == 2
    np.testing.assert_allclose(model.predict(U), expected, rtol=1e-12, atol=1e-14)


def test_evaluator_linear_model_without_states(tmp_path):
    D, c = np.array([[1.0, -2.0]]), np.array([0.5])
    path = save_npz(tmp_path / "m.npz", A=np.zeros((0, 0)), B=np.zeros((0, 2)),
                    C=np.zeros((1, 0)), D=D, bias_x=np.zeros(0), bias_y=c,
                    activation=np.array([], dtype="<U1"))
    U = np.array([[1.0, 1.0], [3.0, 0.0]])
    np.testing.assert_array_equal(ImplicitNPZ.load(path).predict(U), [[-0.5], [3.5]])


def test_evaluator_rejects_a_cycle():
    A = np.array([[0.0, 0.5], [0.5, 0.0]])
    with pytest.raises(ValueError, match="cycle"):
        longest_dependency_chain(A)
    with pytest.raises(ValueError, match="cycle"):
        longest_dependency_chain(np.array([[0.2]]))


def test_evaluator_rejects_inconsistent_layout():
    arrays = dict(A=np.zeros((2, 2)), B=np.zeros((2, 3)), C=np.zeros((1, 2)), D=np.zeros((1, 4)),
                  bias_x=np.zeros(2), bias_y=np.zeros(1), activation=np.array(["relu"] * 2))
    with pytest.raises(ValueError, match="D has shape"):
        ImplicitNPZ(arrays)
    arrays["D"] = np.zeros((1, 3), dtype=np.float32)
    with pytest.raises(ValueError, match="float64"):
        ImplicitNPZ(arrays)
    arrays["D"] = np.asfortranarray(np.arange(6.0).reshape(2, 3))[:1]
    with pytest.raises(ValueError, match="C order"):
        ImplicitNPZ(arrays)
    arrays["D"] = np.zeros((1, 3))
    arrays["activation"] = np.array(["relu", "swash"])
    with pytest.raises(ValueError, match="swash"):
        ImplicitNPZ(arrays).predict(np.zeros((1, 3)))


def test_evaluator_agrees_with_onnxruntime_on_a_generated_model(models_dir, manifest):
    """fixed_batch (Gemm, Relu, Gemm) translated by hand to the NPZ layout: guards the evaluator
    against transposition mistakes on real weights (Gemm without transB: y = x W + c)."""
    entry = next(e for e in manifest["models"] if e["name"] == "fixed_batch")
    graph = onnx.load(str(models_dir / entry["file"])).graph
    weights = {t.name: onnx.numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer}
    W1, c1, W2, c2 = (weights[k] for k in ("W1", "c1", "W2", "c2"))  # Gemm without transB
    h, p = W1.shape[1], W1.shape[0]
    model = ImplicitNPZ(dict(A=np.zeros((h, h)), B=np.ascontiguousarray(W1.T),
                             C=np.ascontiguousarray(W2.T), D=np.zeros((W2.shape[1], p)),
                             bias_x=c1, bias_y=c2, activation=np.array(["relu"] * h)))
    x = np.load(models_dir / entry["input_file"])
    expected = np.load(models_dir / entry["expected_file"])
    np.testing.assert_allclose(model.predict(x), expected, rtol=RTOL, atol=ATOL)
