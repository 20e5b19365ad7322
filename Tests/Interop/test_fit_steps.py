"""`implicit fit`'s convex steps against scipy.optimize, from the points `fit --trace-steps` writes.

Each block of a BCD sweep minimizes the relaxed objective (docs/training.md) over one group of
variables with the others fixed. The trace holds the point after every block; the point before a
block is the previous file. For every step the problem is rebuilt here in NumPy and solved by a
general-purpose scipy optimiser from the point *before* the step; the binary's result must reach
the same optimum (its objective no higher than scipy's beyond the tolerance, and the minimiser
the same where the problem is strictly convex). J is recomputed in NumPy from each file and
must never rise. The written model's `predict` reproduces fit's figure to 1e-9 and lints
well-posed with a certificate."""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("IMPLICIT_BIN", str(REPO_ROOT / ".build/debug/implicit"))

# Optimal values agree to this (relative): the binary's inner solvers stop at 1e-9 to 1e-12,
# scipy's at its own tolerances set below.
VALUE_TOLERANCE = 1e-7
# Minimisers of strictly convex blocks agree to this (absolute, entries of order 1).
POINT_TOLERANCE = 1e-4


def run(args):
    result = subprocess.run([BIN] + args, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def data(folder, m=30, p=3, q=2, seed=0):
    rng = np.random.default_rng(seed)
    u = rng.normal(size=(m, p))
    w1 = rng.normal(size=(4, p))
    y = np.tanh(u @ w1.T) @ rng.normal(size=(4, q)) + 0.1 * u[:, :q]
    np.save(folder / "u.npy", u)
    np.save(folder / "y.npy", y)
    return u, y


def traced_fit(folder, extra):
    trace = folder / "trace"
    model = folder / "model.npz"
    out = run(["fit", "--input", str(folder / "u.npy"), "--target", str(folder / "y.npy"), "-o", str(model), "--force",
               "--iterations", "2", "--refine", "0", "--trace-steps", str(trace), "--json"] + extra)
    files = sorted(trace.glob("*.npz"), key=lambda f: (int(f.name.split("-")[0][5:]), int(f.name.split("-")[1])))
    points = [dict(np.load(f)) | {"block": f.stem.split("-", 2)[2]} for f in files]
    return points, json.loads(out), model


# ---------------------------------------------------------------- the relaxed objective in NumPy

def potential(act, z):
    return 0.5 * np.maximum(z, 0) ** 2 if act == "relu" else np.logaddexp(z, -z) - np.log(2)


def conjugate(act, x):
    if act == "relu":
        return np.where(x >= 0, 0.5 * x ** 2, np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = 0.5 * ((1 + x) * np.log1p(x) + (1 - x) * np.log1p(-x))
    return np.where(np.abs(x) < 1, v, np.inf)


def phi(act, z):
    return np.maximum(z, 0) if act == "relu" else np.tanh(z)


def relaxed_objective(pt, u, y, act):
    """J = (1/m)[½‖Y − (CP + DU + c)‖² + Σᵢ λᵢ Σⱼ F(Pᵢⱼ, Zᵢⱼ) + (μ/2)‖X − P‖²] + l1(‖B‖₁ + ‖C‖₁ + ‖D‖₁)."""
    U, Y, m = u.T, y.T, u.shape[0]
    z = pt["A"] @ pt["X"] + pt["B"] @ U + pt["bias_x"][:, None]
    yhat = pt["C"] @ pt["P"] + pt["D"] @ U + pt["bias_y"][:, None]
    divergence = conjugate(act, pt["P"]) + potential(act, z) - pt["P"] * z
    penalty = float(pt["l1"]) * sum(np.abs(pt[k]).sum() for k in "BCD")
    return (0.5 * ((Y - yhat) ** 2).sum() + (pt["lambda"][:, None] * divergence).sum()
            + 0.5 * float(pt["mu"]) * ((pt["X"] - pt["P"]) ** 2).sum()) / m + penalty


def assert_same_minimizer(name, ours, reference, f_ours, f_reference, sigma):
    """Where scipy stopped short (its value above ours), σ-strong convexity bounds how far its point
    may be from the minimiser: ‖x − x*‖ ≤ √(2 (f(x) − f*) / σ)."""
    slack = np.sqrt(2 * max(0.0, f_reference - f_ours) / sigma)
    distance = np.abs(ours - reference).max()
    assert distance <= POINT_TOLERANCE + slack, (name, distance, slack)


def steps(points, block):
    return [(before, after) for before, after in zip(points, points[1:]) if after["block"] == block]


CONFIGS = {
    "relu-implicit-l1": (["--states", "4", "--activation", "relu", "--kappa", "0.3", "--l1", "0.01"], "relu"),
    "tanh-implicit": (["--states", "4", "--activation", "tanh", "--kappa", "0.3"], "tanh"),
    "tanh-feedforward": (["--structure", "feedforward:3,2", "--activation", "tanh", "--lambda", "0.1"], "tanh"),
    "relu-implicit-newton": (["--states", "4", "--activation", "relu", "--kappa", "0.9", "--mu", "0.2"], "relu"),
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def traced(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    u, y = data(folder)
    extra, act = CONFIGS[request.param]
    points, report, model = traced_fit(folder, extra)
    return request.param, act, u, y, points, report, model


def test_objective_recomputed_in_numpy_never_rises(traced):
    name, act, u, y, points, _, _ = traced
    assert [p["block"] for p in points[:5]] == ["start", "output", "proxies", "states", "state-map"]
    values = [relaxed_objective(p, u, y, act) for p in points]
    for p, v in zip(points, values):
        assert abs(v - float(p["J"])) <= 1e-10 * max(1, abs(v)), (name, p["block"], v, float(p["J"]))
    for before, after, p in zip(values, values[1:], points[1:]):
        assert after <= before + 1e-10 * max(1, abs(before)), (name, p["block"], before, after)
    assert values[-1] < values[0]


def test_output_step_is_scipys_optimum(traced):
    """(C, D, c) = argmin (1/2m)‖Y − (C P + D U + c)‖² + l1(‖C‖₁ + ‖D‖₁): with l1 as a bound-constrained
    smooth problem in (θ⁺, θ⁻) by L-BFGS-B, else the least-squares solution by numpy's lstsq."""
    name, act, u, y, points, _, _ = traced
    implicit = "feedforward" not in name
    for before, after in steps(points, "output"):
        U, Y, m = u.T, y.T, u.shape[0]
        states = after["P"] if implicit else after["P"][-2:]
        feats = np.vstack([states] + ([U] if implicit else []) + [np.ones((1, m))])
        q, k = Y.shape[0], feats.shape[0]
        l1 = float(after["l1"])
        penalized = np.ones((q, k), bool)
        penalized[:, -1] = False

        def value(theta):
            r = Y - theta @ feats
            return 0.5 * (r ** 2).sum() / m + l1 * np.abs(theta[penalized]).sum()

        if l1 == 0:
            theta_ref = np.linalg.lstsq(feats.T, Y.T, rcond=None)[0].T
        else:
            def split(v):
                return v[:q * k].reshape(q, k) - v[q * k:].reshape(q, k)

            def f(v):
                theta = split(v)
                r = Y - theta @ feats
                g = -(r @ feats.T) / m
                pen = np.where(penalized, l1, 0.0)
                val = 0.5 * (r ** 2).sum() / m + (pen * (v[:q * k].reshape(q, k) + v[q * k:].reshape(q, k))).sum()
                return val, np.concatenate([(g + pen).ravel(), (-g + pen).ravel()])

            res = minimize(f, np.zeros(2 * q * k), jac=True, method="L-BFGS-B", bounds=[(0, None)] * (2 * q * k),
                           options=dict(ftol=1e-15, gtol=1e-12, maxiter=20000))
            theta_ref = split(res.x)
        theta = np.hstack([after["C"][:, -states.shape[0]:]] + ([after["D"]] if implicit else []) + [after["bias_y"][:, None]])
        assert value(theta) <= value(theta_ref) + VALUE_TOLERANCE * max(1, value(theta_ref)), name
        assert np.abs(theta - theta_ref).max() <= POINT_TOLERANCE, (name, np.abs(theta - theta_ref).max())


def row_objective(act, feats, target, weight):
    def f(coef):
        s = coef @ feats
        return weight * (potential(act, s) - target * s).sum(), weight * feats @ (phi(act, s) - target)
    return f


def test_state_map_row_step_is_scipys_optimum_on_the_l1_ball(traced):
    """Each row of (A, B, b): min (λᵢ/m) Σⱼ [Φ(zᵢⱼ) − Pᵢⱼ zᵢⱼ] + l1‖bᵢ‖₁, ‖aᵢ‖₁ ≤ κ, by SLSQP on
    a = a⁺ − a⁻ with Σ(a⁺ + a⁻) ≤ κ (and b likewise split for the l1 term)."""
    name, act, u, y, points, _, _ = traced
    implicit = "feedforward" not in name
    binding = 0
    for before, after in steps(points, "state-map"):
        U, m = u.T, u.shape[0]
        n = after["A"].shape[0]
        kappa, l1 = float(after["kappa"]), float(after["l1"])
        for i in range(n):
            if implicit:
                cols, reads_u = list(range(n)), True
            else:
                cols, reads_u = ([], True) if i < 3 else (list(range(3)), False)
            feats = np.vstack([after["X"][cols]] + ([U] if reads_u else []) + [np.ones((1, m))])
            na, nb = len(cols), (U.shape[0] if reads_u else 0)
            f = row_objective(act, feats, after["P"][i], after["lambda"][i] / m)
            ours = np.concatenate([after["A"][i, cols], after["B"][i] if reads_u else [], [after["bias_x"][i]]])

            def total(coef):
                return f(coef)[0] + l1 * np.abs(coef[na:na + nb]).sum()

            # Split the constrained/penalized entries into positive parts: v = [a⁺, a⁻, b⁺, b⁻, β].
            def unsplit(v):
                return np.concatenate([v[:na] - v[na:2 * na], v[2 * na:2 * na + nb] - v[2 * na + nb:2 * na + 2 * nb], v[-1:]])

            def fs(v):
                val, g = f(unsplit(v))
                ga, gb, gc = g[:na], g[na:na + nb], g[-1:]
                return (val + l1 * v[2 * na:2 * na + 2 * nb].sum(),
                        np.concatenate([ga, -ga, gb + l1, -gb + l1, gc]))

            start = before
            s0 = np.concatenate([start["A"][i, cols], start["B"][i] if reads_u else [], [start["bias_x"][i]]])
            v0 = np.concatenate([np.maximum(s0[:na], 0), np.maximum(-s0[:na], 0), np.maximum(s0[na:na + nb], 0),
                                 np.maximum(-s0[na:na + nb], 0), s0[-1:]])
            constraints = ([dict(type="ineq", fun=lambda v: kappa - v[:2 * na].sum(), jac=lambda v: np.concatenate(
                [-np.ones(2 * na), np.zeros(len(v) - 2 * na)]))] if implicit and na else [])
            bounds = [(0, None)] * (2 * na + 2 * nb) + [(None, None)]
            res = minimize(fs, v0, jac=True, method="SLSQP", bounds=bounds, constraints=constraints,
                           options=dict(ftol=1e-14, maxiter=2000))
            reference = unsplit(res.x)
            assert total(ours) <= total(reference) + VALUE_TOLERANCE * max(1, abs(total(reference))), (name, i)
            if implicit:
                assert np.abs(ours[:na]).sum() <= kappa * (1 + 1e-12)
                binding += np.abs(ours[:na]).sum() >= kappa * (1 - 1e-9)
    if name in ("relu-implicit-l1", "tanh-implicit"):
        assert binding > 0, "κ = 0.3 should bind on some row"


def test_hidden_state_step_is_scipys_optimum(traced):
    """X = argmin (1/m)[Σᵢ λᵢ Σⱼ (Φ(Zᵢⱼ) − Pᵢⱼ Zᵢⱼ) + (μ/2)‖X − P‖²], Z = AX + BU + b: smooth and
    strictly convex, by BFGS on all of X from the point before the step."""
    name, act, u, y, points, report, _ = traced
    methods = {e.get("hiddenStateMethod") for e in report["fit"]["history"][1:]}
    if name == "relu-implicit-newton":
        assert methods == {"newton"}, methods
    for before, after in steps(points, "states"):
        U, m = u.T, u.shape[0]
        A, lam, mu, P = after["A"], after["lambda"][:, None], float(after["mu"]), after["P"]
        offset = after["B"] @ U + after["bias_x"][:, None]
        shape = P.shape

        def f(v):
            X = v.reshape(shape)
            Z = A @ X + offset
            val = ((lam * (potential(act, Z) - P * Z)).sum() + 0.5 * mu * ((X - P) ** 2).sum()) / m
            g = (A.T @ (lam * (phi(act, Z) - P)) + mu * (X - P)) / m
            return val, g.ravel()

        res = minimize(f, before["X"].ravel(), jac=True, method="BFGS", options=dict(gtol=1e-12, maxiter=20000))
        ours = f(after["X"].ravel())[0]
        assert ours <= res.fun + VALUE_TOLERANCE * max(1, abs(res.fun)), name
        assert_same_minimizer(name, after["X"].ravel(), res.x, ours, res.fun, mu / m)


def test_proxy_step_is_scipys_optimum(traced):
    """P = argmin (1/m)[½‖Y − (CP + DU + c)‖² + Σᵢ λᵢ Σⱼ (Φ*(Pᵢⱼ) − Pᵢⱼ Zᵢⱼ) + (μ/2)‖X − P‖²] on the
    domain of Φ* (P ≥ 0, or |P| < 1), by L-BFGS-B with those bounds."""
    name, act, u, y, points, _, _ = traced
    for before, after in steps(points, "proxies"):
        U, Y, m = u.T, y.T, u.shape[0]
        A, lam, mu, X, C = after["A"], after["lambda"][:, None], float(after["mu"]), after["X"], after["C"]
        Z = A @ X + after["B"] @ U + after["bias_x"][:, None]
        r = Y - after["D"] @ U - after["bias_y"][:, None]
        shape = X.shape

        def f(v):
            P = v.reshape(shape)
            res = C @ P - r
            with np.errstate(divide="ignore"):
                slope = P if act == "relu" else np.arctanh(P)
            val = 0.5 * (res ** 2).sum() + (lam * (conjugate(act, P) - P * Z)).sum() + 0.5 * mu * ((X - P) ** 2).sum()
            g = C.T @ res + lam * (slope - Z) + mu * (P - X)
            return val / m, g.ravel() / m

        edge = 1 - 1e-8
        bounds = [(0, None)] * X.size if act == "relu" else [(-edge, edge)] * X.size
        start = np.clip(before["P"].ravel(), 0 if act == "relu" else -edge, None if act == "relu" else edge)
        res = minimize(f, start, jac=True, method="L-BFGS-B", bounds=bounds, options=dict(ftol=1e-15, gtol=1e-11, maxiter=50000))
        ours = f(after["P"].ravel())[0]
        assert ours <= res.fun + VALUE_TOLERANCE * max(1, abs(res.fun)), name
        # (Φ*)'' ≥ 1 for ReLU and tanh: the block is (min λ + μ)/m strongly convex.
        assert_same_minimizer(name, after["P"].ravel(), res.x, ours, res.fun, (lam.min() + mu) / m)


@pytest.mark.parametrize("extra", [["--states", "5"], ["--states", "5", "--activation", "tanh", "--refine", "20"],
                                   ["--structure", "feedforward:4,3", "--activation", "tanh", "--refine", "20"],
                                   ["--states", "5", "--lambda-growth", "3", "--refine", "10"]])
def test_predict_reproduces_the_reported_error_and_lint_certifies(tmp_path, extra):
    u, y = data(tmp_path, seed=4)
    model = tmp_path / "m.npz"
    report = json.loads(run(["fit", "--input", str(tmp_path / "u.npy"), "--target", str(tmp_path / "y.npy"), "-o", str(model),
                             "--iterations", "2", "--json"] + extra))
    written = report["writtenFileTraining"]["rmse"]
    expected = (report["fit"].get("refinedTraining") or report["fit"]["readoutRefitTraining"])["rmse"]
    assert abs(written - expected) <= 1e-12
    run(["predict", str(model), "--input", str(tmp_path / "u.npy"), "-o", str(tmp_path / "yhat.npy"), "--raw"])
    rmse = float(np.sqrt(np.mean((np.load(tmp_path / "yhat.npy") - y) ** 2)))
    assert abs(rmse - written) <= 1e-9
    lint = json.loads(run(["lint", str(model), "--json"]))
    assert lint["verdict"] == "wellPosed"
    if lint["acyclicByStructure"]:
        assert "feedforward" in extra[1], lint  # the certificate is the block-triangular order
    else:
        # The certificate's number, checked here: ‖A‖∞ of the file, below 1.
        (component,) = lint["components"]
        certificate = component["certificate"]
        assert certificate["kind"] == "normInf" and certificate["value"] < certificate["bound"]
        with np.load(model) as z:
            assert abs(np.abs(z["A"]).sum(axis=1).max() - certificate["value"]) <= 1e-12
