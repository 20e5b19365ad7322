"""Figures of docs/robustness.md: certified accuracy on scikit-learn's digits (IBP and CROWN),
the CROWN / exact-MILP width ratio on small ReLU networks, CROWN's cost against depth, and IBP
against predict on 1024 rows of a 784-3×2048-10 ReLU network.

    IMPLICIT_BIN=.build/debug/implicit .venv/bin/python scripts/bounds-figures.py
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "Tests/Interop"))
from test_bounds import CROWN_NETS, milp_range, relu_net  # noqa: E402

BIN = os.environ.get("IMPLICIT_BIN", str(REPO_ROOT / ".build/debug/implicit"))


def run(*args):
    start = time.perf_counter()
    result = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{args}: {result.stderr}")
    return result.stdout, elapsed


def digits(folder):
    from skl2onnx import to_onnx
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    data = load_digits()
    x, y = data.data / 16.0, data.target
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(64, 32), max_iter=500, random_state=0).fit(x[:1500], y[:1500])
    onx = to_onnx(clf, x[:1].astype(np.float32), target_opset=17, options={id(clf): {"zipmap": False}})
    (folder / "digits.onnx").write_bytes(onx.SerializeToString())
    np.save(folder / "x.npy", x[1500:]); np.save(folder / "y.npy", y[1500:].astype(np.int64))
    print(f"digits: MLPClassifier(64, 32), {len(y) - 1500} test rows")
    print("| ε | clean | IBP certified | CROWN certified | IBP time | CROWN time |")
    print("|---|---|---|---|---|---|")
    for eps in (0.001, 0.01, 0.03):
        row = {}
        for method in ("ibp", "crown"):
            out, elapsed = run("certify", folder / "digits.onnx", "--input", folder / "x.npy", "--labels", folder / "y.npy",
                               "--eps", eps, "--clip", "0,1", "--method", method, "--json")
            row[method] = (json.loads(out), elapsed)
        clean = row["ibp"][0]["cleanAccuracy"]
        print(f"| {eps} | {100 * clean:.1f}% | {100 * row['ibp'][0]['certifiedAccuracy']:.1f}% | "
              f"{100 * row['crown'][0]['certifiedAccuracy']:.1f}% | {row['ibp'][1]:.2f} s | {row['crown'][1]:.2f} s |")


def milp(folder):
    print("\n| network | rows | CROWN / exact (mean) | IBP / exact (mean) |")
    print("|---|---|---|---|")
    for p, hidden, q in CROWN_NETS:
        rng = np.random.default_rng(21 + len(hidden))
        model, layers, c_last = relu_net(rng, p, hidden, q)
        centres = rng.uniform(-1, 1, size=(3, p))
        eps = 0.25
        np.savez(folder / "m.npz", **model); np.save(folder / "c.npy", centres)
        widths = {}
        for method in ("crown", "ibp"):
            run("bounds", folder / "m.npz", "--input", folder / "c.npy", "--eps", eps, "--method", method,
                "-o", folder / "b.npz", "--force")
            b = np.load(folder / "b.npz"); widths[method] = b["upper"] - b["lower"]
        exact = np.array([np.diff(milp_range(layers, c_last, model["bias_y"], x - eps, x + eps), axis=1)[:, 0]
                          for x in centres])
        print(f"| {p}-{'-'.join(map(str, hidden))}-{q} | {len(centres)} | {np.mean(widths['crown'] / exact):.2f} | "
              f"{np.mean(widths['ibp'] / exact):.2f} |")


def crown_cost(folder):
    print("\n| depth × width 64 | rows | IBP | CROWN | CROWN / IBP width |")
    print("|---|---|---|---|---|")
    rng = np.random.default_rng(3)
    for depth in (2, 4, 8):
        model, _, _ = relu_net(rng, 16, (64,) * depth, 10)
        np.savez(folder / "d.npz", **model); np.save(folder / "c.npy", rng.uniform(-1, 1, size=(100, 16)))
        times, widths = {}, {}
        for method in ("ibp", "crown"):
            out, times[method] = run("bounds", folder / "d.npz", "--input", folder / "c.npy", "--eps", 0.01,
                                     "--method", method, "--json")
            widths[method] = json.loads(out)["meanWidth"]
        print(f"| {depth} | 100 | {times['ibp']:.2f} s | {times['crown']:.2f} s | {widths['crown'] / widths['ibp']:.2g} |")


def large(folder):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    sizes = [784, 2048, 2048, 2048, 10]
    nodes, inits, current = [], [], "x"
    for k in range(4):
        w = (rng.normal(size=(sizes[k + 1], sizes[k])) * np.sqrt(2 / sizes[k])).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"W{k}"), numpy_helper.from_array(np.zeros(sizes[k + 1], np.float32), f"b{k}")]
        nodes.append(helper.make_node("Gemm", [current, f"W{k}", f"b{k}"], [f"g{k}"], transB=1))
        current = f"g{k}"
        if k < 3:
            nodes.append(helper.make_node("Relu", [current], [f"r{k}"])); current = f"r{k}"
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 784])],
                              [helper.make_tensor_value_info(current, TensorProto.FLOAT, [None, 10])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), folder / "big.onnx")
    np.save(folder / "big.npy", rng.uniform(0, 1, size=(1024, 784)))
    _, predict = run("predict", folder / "big.onnx", "--input", folder / "big.npy", "--raw", "-o", folder / "big-y.npy", "--force")
    _, ibp = run("bounds", folder / "big.onnx", "--input", folder / "big.npy", "--eps", 0.01, "--method", "ibp",
                 "-o", folder / "B.npz", "--force")
    print(f"\n784-3×2048-10 ReLU, 1024 rows: predict {predict:.2f} s, bounds --method ibp {ibp:.2f} s, ratio {ibp / predict:.2f}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        parts = sys.argv[1:] or ["digits", "milp", "crown_cost", "large"]
        for part in parts:
            globals()[part](folder)
