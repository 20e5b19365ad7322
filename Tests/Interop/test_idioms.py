"""The MLP idioms researchers write in PyTorch, as torch 2.13's exporters write them, must read
exactly or be refused in one line naming the node (run with pytest from the interop venv;
skipped without torch).

Each case is exported by the default (dynamo) exporter as a user calls it — opset 20, the
weights as external data in `f.data` — and by the legacy exporter (`dynamo=False`) at opsets
17, 13 and 11 (a case torch cannot export at an opset is skipped with torch's reason). The
legacy exporter writes `torch.chunk` and `x.view(x.size(0), -1)` as Shape/Gather/Div/Slice and
Shape/Gather/Unsqueeze/Concat/Reshape chains with a symbolic batch; the default exporter writes
`Split` (with `num_outputs` from opset 18) and folds shapes for its fixed batch.

Every readable file goes through the binary three ways, compared with onnxruntime on the
original (rtol 1e-4): `predict`; `convert → .npz`, evaluated here in NumPy
(test_interop.ImplicitNPZ, written from the NPZ layout); `convert → .onnx`, checked by onnx's
full checker and run in onnxruntime.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path

import numpy as np
import onnx
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

from test_activations import check, onnxruntime_outputs, run, skip_without_onnxscript  # noqa: E402
from test_interop import ImplicitNPZ  # noqa: E402

RTOL = 1e-4
ATOL = 1e-5
ROWS = 7
SEED = 1313
EXPORTERS = ("dynamo", "legacy17", "legacy13", "legacy11")
WIDTH = 8


class Chunks(nn.Module):
    """Linear → split the features into parts → a Linear and activation per part → cat."""

    def __init__(self, how: str):
        super().__init__()
        self.how = how
        self.inp = nn.Linear(6, WIDTH)
        sizes = {"chunk2": [4, 4], "chunk3": [3, 3, 2], "split_sizes": [2, 5, 1], "split_int": [3, 3, 2],
                 "tensor_split": [3, 3, 2], "unbind_like": [1] * WIDTH}[how]
        self.branches = nn.ModuleList(nn.Linear(s, 3) for s in sizes)
        self.out = nn.Linear(3 * len(sizes), 2)

    def forward(self, x):
        h = self.inp(x)
        if self.how == "chunk2":
            parts = torch.chunk(h, 2, dim=1)
        elif self.how == "chunk3":
            parts = torch.chunk(h, 3, dim=-1)  # 8 = 3 + 3 + 2
        elif self.how == "split_sizes":
            parts = torch.split(h, [2, 5, 1], dim=1)
        elif self.how == "split_int":
            parts = torch.split(h, 3, dim=1)
        elif self.how == "tensor_split":
            parts = torch.tensor_split(h, 3, dim=1)
        else:
            parts = torch.split(h, 1, dim=1)
        joined = torch.cat([torch.relu(b(p)) if k % 2 == 0 else torch.tanh(b(p))
                            for k, (b, p) in enumerate(zip(self.branches, parts))], dim=1)
        return self.out(joined)


class SplitInput(nn.Module):
    """Two groups of input features, each with its own Linear (a split of the input itself)."""

    def __init__(self):
        super().__init__()
        self.a, self.b = nn.Linear(2, 4), nn.Linear(4, 4)
        self.out = nn.Linear(8, 3)

    def forward(self, x):
        u, v = torch.split(x, [2, 4], dim=1)
        return self.out(torch.cat([torch.relu(self.a(u)), torch.relu(self.b(v))], dim=1))


class ViewFlatten(nn.Module):
    def __init__(self, how: str):
        super().__init__()
        self.how = how
        self.fc = nn.Linear(48, 5)
        self.out = nn.Linear(5, 2)

    def forward(self, x):
        if self.how == "view":
            flat = x.view(x.size(0), -1)
        elif self.how == "reshape_shape0":
            flat = x.reshape(x.shape[0], -1)
        else:
            flat = torch.flatten(x, 1)
        return self.out(torch.relu(self.fc(flat)))


class Parameters(nn.Module):
    """`x @ W.T + b`, F.linear, torch.addmm with parameters; scalars and a centring buffer."""

    def __init__(self):
        super().__init__()
        self.W = nn.Parameter(torch.randn(5, 6) * 0.5)
        self.b = nn.Parameter(torch.randn(5))
        self.V = nn.Parameter(torch.randn(4, 5) * 0.5)
        self.c = nn.Parameter(torch.randn(4))
        self.M = nn.Parameter(torch.randn(4, 3) * 0.5)
        self.d = nn.Parameter(torch.randn(3))
        self.register_buffer("mean", torch.randn(6))
        self.register_buffer("scale", torch.rand(6) + 0.5)

    def forward(self, x):
        h = torch.relu((x - self.mean) / self.scale @ self.W.T + self.b)
        h = torch.tanh(F.linear(h, self.V, self.c) * 2.0 - 0.5)
        return torch.addmm(self.d, 0.5 * h + 1.0, self.M, beta=0.5, alpha=2.0)


class Repeats(nn.Module):
    """A per-feature buffer expanded to the batch and a buffer repeated along the features."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 4)
        self.register_buffer("shift", torch.randn(1, 4))
        self.register_buffer("pair", torch.randn(1, 2))
        self.out = nn.Linear(4, 2)

    def forward(self, x):
        h = torch.relu(self.fc(x) + self.pair.repeat(1, 2))
        return self.out(h) + self.shift[:, :2].expand(x.shape[0], 2)


class ViewedSoftmax(nn.Module):
    """Softmax over the last axis of the six outputs viewed as (N, groups, 6 / groups), flattened:
    one group is a softmax over all six outputs (a classifier head); two groups are not a head."""

    def __init__(self, groups):
        super().__init__()
        self.groups = groups
        self.fc = nn.Linear(6, 6)

    def forward(self, x):
        return torch.softmax(self.fc(x).view(-1, self.groups, 6 // self.groups), dim=-1).flatten(1)


def nested():
    return nn.Sequential(nn.Sequential(nn.Linear(6, 5), nn.Identity(), nn.ReLU()),
                         nn.Sequential(nn.Identity(), nn.Sequential(nn.Linear(5, 4), nn.Tanh())), nn.Linear(4, 2))


def cat_branches():
    class Cat(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(6, 3), nn.Linear(6, 2)

        def forward(self, x):
            return torch.cat((torch.relu(self.a(x)), self.b(x), x), dim=-1)
    return Cat()


# name → (module factory, sample shape)
CASES = {
    "chunk2": (lambda: Chunks("chunk2"), (6,)),
    "chunk3_uneven": (lambda: Chunks("chunk3"), (6,)),
    "split_sizes": (lambda: Chunks("split_sizes"), (6,)),
    "split_int_uneven": (lambda: Chunks("split_int"), (6,)),
    "split_per_feature": (lambda: Chunks("unbind_like"), (6,)),
    "tensor_split": (lambda: Chunks("tensor_split"), (6,)),
    "split_input": (SplitInput, (6,)),
    "view_size0": (lambda: ViewFlatten("view"), (3, 4, 4)),
    "reshape_shape0": (lambda: ViewFlatten("reshape_shape0"), (3, 4, 4)),
    "flatten_3d": (lambda: ViewFlatten("flatten"), (6, 8)),
    "nn_flatten_4d": (lambda: nn.Sequential(nn.Flatten(start_dim=1), nn.Linear(48, 5), nn.ReLU(), nn.Linear(5, 2)),
                      (3, 4, 4)),
    "nested_sequential_identity": (nested, (6,)),
    "cat_branches_and_input": (cat_branches, (6,)),
    "parameters_linear_addmm": (Parameters, (6,)),
    "expand_and_repeat": (Repeats, (6,)),
    "softmax_head_3d": (lambda: ViewedSoftmax(groups=1), (6,)),
}

# Read by the default exporter but not from the legacy one's graph, with the node refused.
LEGACY_REFUSED = {
    # c.expand(x.shape[0], k): Where/Equal on the shape with the symbolic batch.
    "expand_and_repeat": "(Equal)",
}

# name → (module factory, sample shape, the operator named in the refusal)
REFUSED = {
    "bilinear": (lambda: BilinearNet(), (6,), "MatMul"),
    "grouped_softmax_head": (lambda: ViewedSoftmax(groups=2), (6,), "Softmax"),
}


class BilinearNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.bil = nn.Bilinear(6, 6, 3)

    def forward(self, x):
        return self.bil(x, x)


def export(factory, shape, exporter: str, path: Path) -> np.ndarray:
    """Exports the case to `path`; returns the input X (float32 values, as float64)."""
    torch.manual_seed(SEED)
    model = factory().eval()
    x = torch.randn(ROWS, *shape, generator=torch.Generator().manual_seed(SEED))
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            if exporter == "dynamo":
                torch.onnx.export(model, (x,), str(path))
            else:
                torch.onnx.export(model, (x,), str(path), dynamo=False, opset_version=int(exporter[-2:]),
                                  input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
        except torch.onnx.errors.UnsupportedOperatorError as error:
            pytest.skip(f"torch cannot export this at {exporter}: {str(error).splitlines()[0]}")
    return x.numpy().astype(np.float64)


def assert_close(actual, expected, what: str) -> None:
    assert np.shape(actual) == expected.shape, f"{what}: shape {np.shape(actual)}, onnxruntime gives {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL, err_msg=f"{what} differs from onnxruntime")


def assert_refused(path: Path, operator: str, tmp_path: Path) -> None:
    result = run("convert", path, "-o", "model.npz", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}") and "node '" in lines[0] and operator in lines[0], lines
    assert not (tmp_path / "model.npz").exists()


@pytest.mark.parametrize("exporter", EXPORTERS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_idiom_imports_exactly(name, exporter, tmp_path):
    factory, shape = CASES[name]
    skip_without_onnxscript(exporter)
    path = tmp_path / f"{name}-{exporter}.onnx"
    X = export(factory, shape, exporter, path)
    if exporter == "dynamo":
        assert onnx.load(str(path), load_external_data=False).opset_import[0].version == 20
    if exporter != "dynamo" and name in LEGACY_REFUSED:
        assert_refused(path, LEGACY_REFUSED[name], tmp_path)
        return
    np.save(tmp_path / "X.npy", X)
    expected = onnxruntime_outputs(path, X)

    check(run("predict", path, "--input", "X.npy", "-o", "Y.npy", cwd=tmp_path))
    assert_close(np.load(tmp_path / "Y.npy"), expected, "implicit predict")

    check(run("convert", path, "-o", "model.npz", cwd=tmp_path))
    model = ImplicitNPZ.load(tmp_path / "model.npz")
    assert_close(model.predict(X.reshape(len(X), -1)), expected, "the NPZ evaluated in NumPy")

    check(run("convert", path, "-o", "out.onnx", cwd=tmp_path))
    onnx.checker.check_model(str(tmp_path / "out.onnx"), full_check=True)
    assert_close(onnxruntime_outputs(tmp_path / "out.onnx", X), expected, "the exported ONNX in onnxruntime")


@pytest.mark.parametrize("exporter", ("dynamo", "legacy17", "legacy11"))
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_not_affine_idiom_is_refused_with_the_node_named(name, exporter, tmp_path):
    factory, shape, operator = REFUSED[name]
    skip_without_onnxscript(exporter)
    path = tmp_path / f"{name}-{exporter}.onnx"
    export(factory, shape, exporter, path)
    assert_refused(path, operator, tmp_path)
