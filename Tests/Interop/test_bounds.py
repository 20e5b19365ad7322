"""`implicit bounds` and `implicit certify` against independent NumPy computations.

- IBP equals a NumPy interval evaluation (the W⁺l + W⁻h form, layer by layer, activation images
  from the end points and the activation's minimum) to 1e-9 relative.
- Soundness: 10⁵ random points of every row's box, its vertices and a projected-gradient attack,
  evaluated by NumPy (feedforward: the forward pass; cyclic: Picard iteration to 1e-14 on a
  contractive component), never leave the bounds.
- certify on scikit-learn's digits MLP (skl2onnx): certified rows keep their class on samples,
  and certified accuracy never exceeds clean accuracy.
"""
import json
import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import erf

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("IMPLICIT_BIN", str(REPO_ROOT / ".build/debug/implicit"))
SAMPLES = 100_000


def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


ACTIVATIONS = {
    "relu": lambda z: np.maximum(z, 0),
    "leaky_relu:0.1": lambda z: np.where(z > 0, z, 0.1 * z),
    "tanh": np.tanh,
    "sigmoid": sigmoid,
    "gelu": lambda z: 0.5 * z * (1 + erf(z / np.sqrt(2))),
    "silu": lambda z: z * sigmoid(z),
    "softplus": lambda z: np.logaddexp(0, z),
    "elu:1.0": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
}


def minimum_of(name):
    """(argmin, min) of a non-monotone activation, found numerically; None when monotone."""
    if name not in ("gelu", "silu"):
        return None
    f = ACTIVATIONS[name]
    result = minimize_scalar(lambda z: float(f(np.array(z))), bounds=(-3, 0), method="bounded",
                             options={"xatol": 1e-12})
    return result.x, result.fun


def image(name, lo, hi):
    f = ACTIVATIONS[name]
    a, b = f(lo), f(hi)
    low, high = np.minimum(a, b), np.maximum(a, b)
    m = minimum_of(name)
    if m is not None:
        inside = (lo <= m[0]) & (m[0] <= hi)
        low = np.where(inside, np.minimum(low, m[1]), low)
    return low, high


def interval_product(w, lo, hi):
    """W x over x in [lo, hi] (columns are boxes): W⁺ lo + W⁻ hi, W⁺ hi + W⁻ lo."""
    wp, wn = np.maximum(w, 0), np.minimum(w, 0)
    return wp @ lo + wn @ hi, wp @ hi + wn @ lo


def feedforward(rng, activation, sizes=(4, 8, 6, 3)):
    """An NPZ layout of a chain u → h1 → h2 → y, with a skip D."""
    p, n1, n2, q = sizes
    n = n1 + n2
    A = np.zeros((n, n)); B = np.zeros((n, p)); C = np.zeros((q, n))
    B[:n1] = rng.normal(size=(n1, p))
    A[n1:, :n1] = rng.normal(size=(n2, n1)) * 0.6
    C[:, n1:] = rng.normal(size=(q, n2))
    D = rng.normal(size=(q, p)) * 0.3
    return dict(A=A, B=B, C=C, D=D, bias_x=rng.normal(size=n) * 0.5, bias_y=rng.normal(size=q),
                activation=np.array([activation] * n), state_block_sizes=np.array([n1, n2]))


def cyclic(rng, activation, p=3, n=5, q=2, kappa=0.7):
    A = rng.normal(size=(n, n))
    A *= kappa / np.abs(A).sum(axis=1).max()
    return dict(A=A, B=rng.normal(size=(n, p)), C=rng.normal(size=(q, n)), D=np.zeros((q, p)),
                bias_x=rng.normal(size=n) * 0.5, bias_y=rng.normal(size=q),
                activation=np.array([activation] * n), state_block_sizes=np.array([n]))


def numpy_ibp(model, lo, hi):
    """Interval evaluation of the feedforward chain, boxes as columns."""
    sizes = model["state_block_sizes"]; n1 = sizes[0]
    name = str(model["activation"][0])
    z_lo, z_hi = interval_product(model["B"][:n1], lo, hi)
    z_lo += model["bias_x"][:n1, None]; z_hi += model["bias_x"][:n1, None]
    x1 = image(name, z_lo, z_hi)
    z_lo, z_hi = interval_product(model["A"][n1:, :n1], *x1)
    z_lo += model["bias_x"][n1:, None]; z_hi += model["bias_x"][n1:, None]
    x2 = image(name, z_lo, z_hi)
    y_lo, y_hi = interval_product(model["C"][:, n1:], *x2)
    d_lo, d_hi = interval_product(model["D"], lo, hi)
    return y_lo + d_lo + model["bias_y"][:, None], y_hi + d_hi + model["bias_y"][:, None]


def evaluate(model, u):
    """Raw outputs for inputs u (k, p): forward pass, or Picard iteration on a cyclic model."""
    f = ACTIVATIONS[str(model["activation"][0])]
    A, B = model["A"], model["B"]
    x = np.zeros((u.shape[0], A.shape[0]))
    for _ in range(2000):
        new = f(x @ A.T + u @ B.T + model["bias_x"])
        if np.max(np.abs(new - x)) <= 1e-14:
            x = new
            break
        x = new
    return x @ model["C"].T + u @ model["D"].T + model["bias_y"]


def attack(model, lo, hi, output, sign, steps=30):
    u = (lo + hi) / 2
    step = (hi - lo) / 8
    for _ in range(steps):
        probes = np.repeat(u[None], 2 * len(u), axis=0)
        for i in range(len(u)):
            probes[2 * i, i] += 1e-6; probes[2 * i + 1, i] -= 1e-6
        y = evaluate(model, probes)[:, output]
        gradient = sign * (y[0::2] - y[1::2])
        u = np.clip(u + step * np.sign(gradient), lo, hi)
    return u


def run_bounds(tmp_path, model, centres, eps, *extra):
    np.savez(tmp_path / "m.npz", **model)
    np.save(tmp_path / "x.npy", centres)
    out = tmp_path / "b.npz"
    result = subprocess.run([BIN, "bounds", str(tmp_path / "m.npz"), "--input", str(tmp_path / "x.npy"),
                             "--eps", str(eps), "-o", str(out), "--force", *extra],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    archive = np.load(out)
    return archive["lower"], archive["upper"]


def check_sound(model, centres, eps, lower, upper, rng):
    for j, x in enumerate(centres):
        lo, hi = x - eps, x + eps
        points = [rng.uniform(lo, hi, size=(SAMPLES, len(x)))]
        corners = np.array(np.meshgrid(*[[a, b] for a, b in zip(lo, hi)])).reshape(len(x), -1).T
        points.append(corners)
        for output in range(lower.shape[1]):
            for sign in (1, -1):
                points.append(attack(model, lo, hi, output, sign)[None])
        y = evaluate(model, np.vstack(points))
        slack = 1e-9 * np.maximum(1, np.abs(y))
        assert np.all(y >= lower[j] - slack), f"row {j}: {y.min(axis=0)} below {lower[j]}"
        assert np.all(y <= upper[j] + slack), f"row {j}: {y.max(axis=0)} above {upper[j]}"


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_ibp_equals_numpy_interval_evaluation_and_is_sound(tmp_path, activation):
    rng = np.random.default_rng(11)
    model = feedforward(rng, activation)
    centres = rng.uniform(-1, 1, size=(6, 4))
    eps = 0.1
    lower, upper = run_bounds(tmp_path, model, centres, eps, "--method", "ibp")
    ref_lo, ref_hi = numpy_ibp(model, (centres - eps).T, (centres + eps).T)
    scale = np.maximum(1, np.maximum(np.abs(ref_lo), np.abs(ref_hi)))
    assert np.all(np.abs(lower - ref_lo.T) <= 1e-9 * scale.T), np.abs(lower - ref_lo.T).max()
    assert np.all(np.abs(upper - ref_hi.T) <= 1e-9 * scale.T), np.abs(upper - ref_hi.T).max()
    check_sound(model, centres[:2], eps, lower, upper, rng)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "gelu", "elu:1.0"])
def test_cyclic_ibp_is_sound(tmp_path, activation):
    rng = np.random.default_rng(12)
    model = cyclic(rng, activation)
    centres = rng.uniform(-1, 1, size=(2, 3))
    lower, upper = run_bounds(tmp_path, model, centres, 0.2, "--method", "ibp")
    assert np.all(np.isfinite(lower)) and np.all(upper >= lower)
    check_sound(model, centres, 0.2, lower, upper, rng)


def test_box_and_per_feature_forms_agree(tmp_path):
    rng = np.random.default_rng(13)
    model = feedforward(rng, "tanh")
    np.savez(tmp_path / "m.npz", **model)
    boxed = subprocess.run([BIN, "bounds", str(tmp_path / "m.npz"), "--box", "-1,1", "--json"],
                           capture_output=True, text=True, timeout=120)
    assert boxed.returncode == 0, boxed.stderr
    np.save(tmp_path / "lo.npy", -np.ones(4)); np.save(tmp_path / "hi.npy", np.ones(4))
    ends = subprocess.run([BIN, "bounds", str(tmp_path / "m.npz"), "--lower", str(tmp_path / "lo.npy"),
                           "--upper", str(tmp_path / "hi.npy"), "--json"], capture_output=True, text=True, timeout=120)
    assert ends.returncode == 0, ends.stderr
    a, b = json.loads(boxed.stdout), json.loads(ends.stdout)
    assert a["lower"] == b["lower"] and a["upper"] == b["upper"] and a["rows"] == 1


@pytest.fixture(scope="module")
def digits_mlp(tmp_path_factory):
    from skl2onnx import to_onnx
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    digits = load_digits()
    x = digits.data / 16.0
    y = digits.target
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=300, random_state=0).fit(x[:1500], y[:1500])
    folder = tmp_path_factory.mktemp("digits")
    onx = to_onnx(clf, x[:1].astype(np.float32), target_opset=17, options={id(clf): {"zipmap": False}})
    (folder / "digits.onnx").write_bytes(onx.SerializeToString())
    test_x, test_y = x[1500:1700], y[1500:1700]
    np.save(folder / "x.npy", test_x)
    np.save(folder / "y.npy", test_y.astype(np.int64))
    return folder, clf, test_x, test_y


@pytest.mark.parametrize("eps", [0.001, 0.01, 0.03])
def test_certify_digits(digits_mlp, eps):
    folder, clf, test_x, test_y = digits_mlp
    result = subprocess.run([BIN, "certify", str(folder / "digits.onnx"), "--input", str(folder / "x.npy"),
                             "--labels", str(folder / "y.npy"), "--eps", str(eps), "--clip", "0,1", "--json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["count"] == len(test_y)
    assert report["correct"] == int(np.sum(clf.predict(test_x) == test_y))
    assert report["certifiedCount"] <= report["correct"]
    rng = np.random.default_rng(5)
    w = [np.asarray(c, dtype=np.float64) for c in clf.coefs_]
    b = [np.asarray(c, dtype=np.float64) for c in clf.intercepts_]

    def logits(u):
        return np.maximum(u @ w[0] + b[0], 0) @ w[1] + b[1]

    for row in report["rows"]:
        if not row["certified"]:
            continue
        assert row["predicted"] == row["label"] and row["lowestMarginBound"] > 0
        x = test_x[row["row"]]
        u = np.clip(rng.uniform(x - eps, x + eps, size=(2000, x.size)), 0, 1)
        out = logits(u)
        assert np.all(np.argmax(out, axis=1) == row["label"])
        margins = out[:, row["label"]][:, None] - np.delete(out, row["label"], axis=1)
        # The ONNX file holds float32 weights; NumPy uses the float64 ones: 1e-6 covers the difference.
        assert margins.min() >= row["lowestMarginBound"] - 1e-6


def relu_net(rng, p, hidden, q):
    """An NPZ layout of a ReLU chain and its layers (W, b) for the MILP."""
    sizes = [p] + list(hidden)
    n = sum(hidden)
    A = np.zeros((n, n)); B = np.zeros((n, p)); bias = rng.normal(size=n) * 0.2
    layers, offset = [], 0
    for k, size in enumerate(hidden):
        w = rng.normal(size=(size, sizes[k])) / np.sqrt(sizes[k])
        if k == 0:
            B[:size] = w
        else:
            A[offset:offset + size, offset - sizes[k]:offset] = w
        layers.append((w, bias[offset:offset + size]))
        offset += size
    c_last = rng.normal(size=(q, hidden[-1]))
    C = np.zeros((q, n)); C[:, n - hidden[-1]:] = c_last
    model = dict(A=A, B=B, C=C, D=np.zeros((q, p)), bias_x=bias, bias_y=rng.normal(size=q),
                 activation=np.array(["relu"] * n), state_block_sizes=np.array(hidden))
    return model, layers, c_last


def milp_range(layers, c_last, bias_y, lo, hi):
    """The exact range of each output over the box, by a big-M mixed-integer program
    (scipy.optimize.milp); the big-M constants are the NumPy interval bounds."""
    from scipy.optimize import LinearConstraint, milp, Bounds
    p = lo.size
    # Variables: u (p), then per layer z (size), x (size), a (size).
    index, count = [], p
    pre_lo, pre_hi = [], []
    x_lo, x_hi = lo.copy(), hi.copy()
    for w, b in layers:
        size = w.shape[0]
        index.append((count, count + size, count + 2 * size)); count += 3 * size
        z_lo, z_hi = interval_product(w, x_lo[:, None], x_hi[:, None])
        z_lo, z_hi = z_lo[:, 0] + b - 1e-9, z_hi[:, 0] + b + 1e-9
        pre_lo.append(z_lo); pre_hi.append(z_hi)
        x_lo, x_hi = np.maximum(z_lo, 0), np.maximum(z_hi, 0)
    rows, lb, ub = [], [], []
    lower_bounds = np.full(count, -np.inf); upper_bounds = np.full(count, np.inf)
    lower_bounds[:p], upper_bounds[:p] = lo, hi
    integrality = np.zeros(count)
    previous = list(range(p))
    for (w, b), (zi, xi, ai), zl, zh in zip(layers, index, pre_lo, pre_hi):
        size = w.shape[0]
        for i in range(size):
            row = np.zeros(count); row[zi + i] = 1; row[previous] -= w[i]
            rows.append(row); lb.append(b[i]); ub.append(b[i])            # z = W x + b
            row = np.zeros(count); row[xi + i] = 1; row[zi + i] = -1
            rows.append(row); lb.append(0); ub.append(np.inf)             # x ≥ z
            row = np.zeros(count); row[xi + i] = 1; row[zi + i] = -1; row[ai + i] = -zl[i]
            rows.append(row); lb.append(-np.inf); ub.append(-zl[i])       # x ≤ z − l (1 − a)
            row = np.zeros(count); row[xi + i] = 1; row[ai + i] = -zh[i]
            rows.append(row); lb.append(-np.inf); ub.append(0)            # x ≤ u a
        lower_bounds[xi:xi + size] = 0
        lower_bounds[ai:ai + size], upper_bounds[ai:ai + size] = 0, 1
        integrality[ai:ai + size] = 1
        previous = list(range(xi, xi + size))
    constraints = LinearConstraint(np.array(rows), lb, ub)
    ranges = []
    for o in range(c_last.shape[0]):
        objective = np.zeros(count); objective[previous] = c_last[o]
        ends = []
        for sign in (1, -1):
            result = milp(sign * objective, constraints=constraints, integrality=integrality,
                          bounds=Bounds(lower_bounds, upper_bounds), options={"mip_rel_gap": 0})
            assert result.success, result.message
            ends.append(sign * result.fun + bias_y[o])
        ranges.append(ends)
    return np.array(ranges)  # (q, 2): min, max


CROWN_NETS = [(3, (8, 8), 2), (4, (16, 12, 8), 2), (2, (16, 16, 16), 3)]


@pytest.mark.parametrize("p,hidden,q", CROWN_NETS)
def test_crown_inside_ibp_and_around_the_exact_milp_range(tmp_path, p, hidden, q):
    rng = np.random.default_rng(21 + len(hidden))
    model, layers, c_last = relu_net(rng, p, hidden, q)
    centres = rng.uniform(-1, 1, size=(3, p))
    eps = 0.25
    crown = run_bounds(tmp_path, model, centres, eps, "--method", "crown")
    ibp = run_bounds(tmp_path, model, centres, eps, "--method", "ibp")
    ratios = []
    for j, x in enumerate(centres):
        exact = milp_range(layers, c_last, model["bias_y"], x - eps, x + eps)
        tol = 1e-7 * np.maximum(1, np.abs(exact))
        assert np.all(crown[0][j] <= exact[:, 0] + tol[:, 0]), (crown[0][j], exact[:, 0])
        assert np.all(crown[1][j] >= exact[:, 1] - tol[:, 1]), (crown[1][j], exact[:, 1])
        assert np.all(crown[0][j] >= ibp[0][j] - 1e-12) and np.all(crown[1][j] <= ibp[1][j] + 1e-12)
        ratios.append((crown[1][j] - crown[0][j]) / (exact[:, 1] - exact[:, 0]))
    print(f"\nCROWN/exact width ratio {hidden}: mean {np.mean(ratios):.3f}")


def numpy_embedding(model, lo, hi, iterations=20000):
    """The fixed point of the mixed-monotone embedding of x = φ(A x + B u + b), by NumPy:
    ⌈A⌉ the diagonal and nonnegative off-diagonal part, ⌊A⌋ the negative off-diagonal part,
    averaged iteration with α = 1 / (1 + max(0, −min a_ii)) (slopes in [0, 1])."""
    f = ACTIVATIONS[str(model["activation"][0])]
    A, B, b = model["A"], model["B"], model["bias_x"]
    up = np.where(np.eye(len(A), dtype=bool) | (A > 0), A, 0)
    down = A - up
    c_lo = np.maximum(B, 0) @ lo + np.minimum(B, 0) @ hi + b
    c_hi = np.maximum(B, 0) @ hi + np.minimum(B, 0) @ lo + b
    alpha = 1 / (1 + max(0, -np.diag(A).min()))
    xl = np.zeros(len(A)); xu = np.zeros(len(A))
    for _ in range(iterations):
        nl = (1 - alpha) * xl + alpha * f(up @ xl + down @ xu + c_lo)
        nu = (1 - alpha) * xu + alpha * f(up @ xu + down @ xl + c_hi)
        if max(np.abs(nl - xl).max(), np.abs(nu - xu).max()) < 1e-15:
            xl, xu = nl, nu
            break
        xl, xu = nl, nu
    C, D, c = model["C"], model["D"], model["bias_y"]
    y_lo = np.maximum(C, 0) @ xl + np.minimum(C, 0) @ xu + np.maximum(D, 0) @ lo + np.minimum(D, 0) @ hi + c
    y_hi = np.maximum(C, 0) @ xu + np.minimum(C, 0) @ xl + np.maximum(D, 0) @ hi + np.minimum(D, 0) @ lo + c
    return y_lo, y_hi


def negative_diagonal(rng, activation, n=5, p=3):
    """A cyclic model that the interval iteration cannot bound (‖A‖∞ > 1) and the embedding can
    (a_ii + Σ_{j≠i} |a_ij| < 1)."""
    A = rng.uniform(-0.3, 0.3, size=(n, n))
    np.fill_diagonal(A, -rng.uniform(1.5, 2.5, size=n))
    return dict(A=A, B=rng.normal(size=(n, p)), C=rng.normal(size=(2, n)), D=np.zeros((2, p)),
                bias_x=rng.normal(size=n) * 0.5, bias_y=rng.normal(size=2),
                activation=np.array([activation] * n), state_block_sizes=np.array([n]))


def picard_free_evaluate(model, u):
    """States of a model with a negative diagonal: the averaged iteration (Picard cycles)."""
    f = ACTIVATIONS[str(model["activation"][0])]
    A, B = model["A"], model["B"]
    alpha = 1 / (1 + max(0, -np.diag(A).min()))
    x = np.zeros((u.shape[0], A.shape[0]))
    for _ in range(5000):
        new = (1 - alpha) * x + alpha * f(x @ A.T + u @ B.T + model["bias_x"])
        if np.max(np.abs(new - x)) <= 1e-14:
            x = new
            break
        x = new
    return x @ model["C"].T + u @ model["D"].T + model["bias_y"]


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu:0.1"])
def test_embedding_inside_numpy_embedding_and_sound(tmp_path, activation):
    rng = np.random.default_rng(31)
    model = negative_diagonal(rng, activation)
    centres = rng.uniform(-1, 1, size=(3, 3))
    eps = 0.2
    np.savez(tmp_path / "m.npz", **model)
    np.save(tmp_path / "x.npy", centres)
    ibp = subprocess.run([BIN, "bounds", str(tmp_path / "m.npz"), "--input", str(tmp_path / "x.npy"),
                          "--eps", str(eps), "--method", "ibp"], capture_output=True, text=True, timeout=120)
    if activation in ("relu", "leaky_relu:0.1"):
        # Unbounded activations: the interval iteration cannot leave its infinite start.
        assert ibp.returncode == 3 and "no finite bound" in ibp.stderr
    lower, upper = run_bounds(tmp_path, model, centres, eps, "--method", "embedding")
    if activation in ("tanh", "sigmoid"):
        ibp_lower, ibp_upper = run_bounds(tmp_path, model, centres, eps, "--method", "ibp")
        assert np.all(upper - lower <= ibp_upper - ibp_lower + 1e-12)
    for j, x in enumerate(centres):
        ref_lo, ref_hi = numpy_embedding(model, x - eps, x + eps)
        scale = 1e-9 * np.maximum(1, np.abs(ref_hi) + np.abs(ref_lo))
        assert np.all(lower[j] >= ref_lo - scale) and np.all(upper[j] <= ref_hi + scale), (lower[j], ref_lo)
        u = rng.uniform(x - eps, x + eps, size=(SAMPLES // 10, x.size))
        corners = np.array(np.meshgrid(*[[a, b] for a, b in zip(x - eps, x + eps)])).reshape(x.size, -1).T
        y = picard_free_evaluate(model, np.vstack([u, corners]))
        assert np.all(y >= lower[j] - 1e-9) and np.all(y <= upper[j] + 1e-9)


def test_non_contractive_embedding_exits_3(tmp_path):
    model = dict(A=np.array([[0.5, -2.0], [2.0, 0.5]]), B=np.eye(2), C=np.ones((1, 2)), D=np.zeros((1, 2)),
                 bias_x=np.zeros(2), bias_y=np.zeros(1), activation=np.array(["relu", "relu"]),
                 state_block_sizes=np.array([2]))
    np.savez(tmp_path / "m.npz", **model)
    out = tmp_path / "b.npz"
    result = subprocess.run([BIN, "bounds", str(tmp_path / "m.npz"), "--box", "-1,1", "--method", "embedding",
                             "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert "not contractive" in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()
