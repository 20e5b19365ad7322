"""`implicit lint --json` on smooth and mixed components, checked in NumPy alone (docs/lint.md,
"Slope-box witnesses"): every ill-posed witness's solutions satisfy x = φ(Ax + b) to 1e-10 · scale,
its vertex and Jacobian determinants have the stated sign, and z* = A x¹ + b; every well-posed
verdict has det(I − A·D) of one strict sign over all vertices D of the slope box.

The binary is IMPLICIT_BIN, by default .build/debug/implicit under the repository root.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RESIDUAL = 1e-10
SLOPES = {"tanh": (0.0, 1.0), "sigmoid": (0.0, 0.25), "relu": (0.0, 1.0), "identity": (1.0, 1.0)}


def phi(name, z):
    return {"tanh": np.tanh, "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
            "relu": lambda v: np.maximum(v, 0.0), "identity": lambda v: v}[name](z)


def dphi(name, z):
    return {"tanh": lambda v: 1 - np.tanh(v) ** 2,
            "sigmoid": lambda v: phi("sigmoid", v) * (1 - phi("sigmoid", v)),
            "relu": lambda v: (v > 0).astype(float), "identity": np.ones_like}[name](z)


def apply(names, z, f):
    return np.array([f(n, np.array([v]))[0] for n, v in zip(names, z)])


def lint(tmp_path, A, names):
    n = len(A)
    path = tmp_path / "model.npz"
    np.savez(path, A=A, B=np.zeros((n, 1)), C=np.ones((1, n)), D=np.zeros((1, 1)),
             bias_x=np.zeros(n), bias_y=np.zeros(1), activation=np.array(names))
    binary = os.environ.get("IMPLICIT_BIN", str(REPO_ROOT / ".build/debug/implicit"))
    result = subprocess.run([binary, "lint", str(path), "--json"], capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1, 3), result.stderr
    return result.returncode, json.loads(result.stdout)


def cases():
    rng = np.random.default_rng(18)
    yield "tanh(2x)", np.array([[2.0]]), ["tanh"]
    yield "sigmoid(8x)", np.array([[8.0]]), ["sigmoid"]
    for k in range(12):
        n = 2 + k % 4
        names = [["tanh", "sigmoid", "relu", "identity"][i] for i in rng.integers(0, 4, n)]
        names[0] = "tanh"
        scale = (1.0 if k % 2 else 3.0) / np.sqrt(n)
        yield f"random {k} {names}", rng.normal(0, scale, (n, n)) + 0.05, names


@pytest.mark.parametrize("label,A,names", list(cases()), ids=lambda v: v if isinstance(v, str) else "")
def test_lint_evidence_checks_out_in_numpy(label, A, names, tmp_path):
    status, report = lint(tmp_path, A, names)
    for component in report["components"]:
        S = component["states"]
        a = A[np.ix_(S, S)]
        acts = [names[s] for s in S]
        k = len(S)
        lower = np.array([SLOPES[n][0] for n in acts])
        upper = np.array([SLOPES[n][1] for n in acts])
        if component.get("slopeLower") is not None:
            assert np.allclose(component["slopeLower"], lower) and np.allclose(component["slopeUpper"], upper)
        if component["verdict"] == "wellPosed" and component.get("slopeLower") is not None:
            dets = [np.linalg.det(np.eye(k) - a * np.where(bits, upper, lower))
                    for bits in itertools.product([False, True], repeat=k)]
            assert all(d > 0 for d in dets) or all(d < 0 for d in dets), (label, dets)
        if component["verdict"] == "illPosed":
            w = component["witness"]
            b = np.array(w["b"])
            solutions = [np.array(w["x1"]), np.array(w["x2"])] + [np.array(x) for x in w.get("otherSolutions", [])]
            for x in solutions:
                scale = max(1, np.abs(b).max(), np.abs(x).max())
                assert np.abs(x - apply(acts, a @ x + b, phi)).max() <= RESIDUAL * scale, label
            for p, q in itertools.combinations(solutions, 2):
                assert np.abs(p - q).max() >= 1e-6, label
            if w["reason"] == "slopeBoxVertex":
                vertex = np.linalg.det(np.eye(k) - a * np.array(w["vertexSlopes"]))
                z = np.array(w["jacobianPoint"])
                jacobian = np.linalg.det(np.eye(k) - a * apply(acts, z, dphi))
                assert np.sign(vertex) == np.sign(w["vertexDeterminant"]) == np.sign(jacobian) != 0, label
                assert np.allclose(z, a @ solutions[0] + b, atol=1e-8), label
    assert status == {"wellPosed": 0, "illPosed": 1, "undecided": 3}[report["verdict"]]
    if label.startswith(("tanh(2x)", "sigmoid(8x)")):
        assert report["verdict"] == "illPosed" and report["exact"]
        assert len(report["components"][0]["witness"].get("otherSolutions", [])) == 1
