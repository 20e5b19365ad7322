"""`implicit prune` on a scikit-learn MLP exported by skl2onnx, written back to ONNX: onnxruntime's
output on the pruned file must deviate from onnxruntime's on the original by exactly the
deviation `prune` reported (up to float32 rounding, since onnxruntime computes in float32)."""
import json
import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("IMPLICIT_BIN", str(REPO_ROOT / ".build/debug/implicit"))


@pytest.fixture(scope="module")
def sklearn_mlp(tmp_path_factory):
    from skl2onnx import to_onnx
    from sklearn.datasets import make_regression
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor

    x, y = make_regression(n_samples=200, n_features=6, n_targets=2, noise=0.1, random_state=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPRegressor(hidden_layer_sizes=(16, 12), max_iter=300, random_state=3).fit(x, y)
    folder = tmp_path_factory.mktemp("prune")
    onx = to_onnx(model, x[:1].astype(np.float32), target_opset=17)
    path = folder / "mlp.onnx"
    path.write_bytes(onx.SerializeToString())
    inputs = x[:64].astype(np.float32)
    np.save(folder / "x.npy", inputs)
    return folder, path, inputs


def run_onnx(path, inputs):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    out = session.run(None, {name: inputs})[0]
    return out.reshape(inputs.shape[0], -1)


@pytest.mark.parametrize("threshold", [0.05, 0.2])
def test_pruned_onnx_deviates_exactly_as_reported(sklearn_mlp, threshold):
    folder, path, inputs = sklearn_mlp
    out = folder / f"pruned-{threshold}.onnx"
    result = subprocess.run([BIN, "prune", str(path), "-o", str(out), "--threshold", str(threshold),
                             "--verify-input", str(folder / "x.npy"), "--json", "--force"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["lossy"] and report["after"]["nonzeros"]["A"] < report["before"]["nonzeros"]["A"]
    reported = report["deviation"]["maxAbsolute"]

    onnx.checker.check_model(onnx.load(str(out)), full_check=True)
    original = run_onnx(path, inputs).astype(np.float64)
    pruned = run_onnx(out, inputs).astype(np.float64)
    measured = np.abs(pruned - original).max()
    assert reported > 0
    # float32 evaluation by onnxruntime against our float64: a few float32 ulps of the outputs.
    slack = 1e-5 * max(1.0, np.abs(original).max())
    assert abs(measured - reported) <= slack, (measured, reported)
