#!/usr/bin/env python3
"""Reproduces the paper's §7 experiments and the scikit-learn comparisons for `implicit fit`.

    IMPLICIT_VENV=... python scripts/reproduce-training.py BINARY OUTDIR [--trials N] [--only 7.1|7.2|sklearn]

Writes OUTDIR/results.json and the SVG figures; docs/training.md quotes them. Every model is
trained by the binary (`implicit fit`) and scored by the binary (`implicit predict`) on the file
it wrote, so the figures are those of the written models.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def run(binary, args):
    result = subprocess.run([binary] + args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def fit(binary, folder, u, y, extra):
    np.save(os.path.join(folder, "u.npy"), u)
    np.save(os.path.join(folder, "y.npy"), y)
    model = os.path.join(folder, "model.npz")
    out = run(binary, ["fit", "--input", os.path.join(folder, "u.npy"), "--target", os.path.join(folder, "y.npy"),
                       "-o", model, "--force", "--json"] + extra)
    return model, json.loads(out)


def predict(binary, folder, model, u, raw=True):
    path = os.path.join(folder, "predict-in.npy")
    np.save(path, u)
    out = os.path.join(folder, "predict-out.npy")
    run(binary, ["predict", model, "--input", path, "-o", out, "--force"] + (["--raw"] if raw else []))
    return np.load(out)


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


# ---------------------------------------------------------------- §7.1

def sparse_weights(rng, rows, cols, density=0.3):
    return (rng.random((rows, cols)) < density) * rng.uniform(-0.5, 0.5, (rows, cols))


def paper_covariance(rng, p):
    """Σ = M Mᵀ − λ_min(M Mᵀ) I with M ~ U[−0.5, 0.5]^{p×p}, as §7.1 states it."""
    m = rng.uniform(-0.5, 0.5, (p, p))
    s = m @ m.T
    return s - np.linalg.eigvalsh(s).min() * np.eye(p)


def rmsprop_baseline(u, y, ut, yt, hidden, iterations, lr, seed):
    import torch
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    layers, width = [], u.shape[1]
    for h in hidden:
        layers += [torch.nn.Linear(width, h, bias=False), torch.nn.Tanh()]
        width = h
    layers.append(torch.nn.Linear(width, y.shape[1], bias=False))
    net = torch.nn.Sequential(*layers).double()
    opt = torch.optim.RMSprop(net.parameters(), lr=lr)
    U, Y = torch.tensor(u), torch.tensor(y)
    for _ in range(iterations):  # full batch, as MATLAB's trainer with the whole set
        opt.zero_grad()
        loss = 0.5 * ((net(U) - Y) ** 2).mean()
        loss.backward()
        opt.step()
    with torch.no_grad():
        return rmse(net(U).numpy(), y), rmse(net(torch.tensor(ut)).numpy(), yt)


def section_7_1(binary, outdir, trials, sweeps, refine, growth, first_trial=0):
    p, q, hidden, m, mt = 20, 5, [12, 6], 1000, 500
    results = []
    learning_rates = [1e-3, 3e-3, 1e-2, 3e-2]
    with tempfile.TemporaryDirectory() as folder:
        for trial in range(first_trial, first_trial + trials):
            rng = np.random.default_rng(1000 + trial)
            w1, w2, w3 = sparse_weights(rng, 12, p), sparse_weights(rng, 6, 12), sparse_weights(rng, q, 6)
            teacher = lambda x: np.tanh(np.tanh(x @ w1.T) @ w2.T) @ w3.T
            u = rng.multivariate_normal(np.zeros(p), paper_covariance(rng, p), size=m)
            ut = rng.multivariate_normal(np.zeros(p), paper_covariance(rng, p), size=mt)
            y, yt = teacher(u), teacher(ut)
            np.save(os.path.join(folder, "ut.npy"), ut)
            np.save(os.path.join(folder, "yt.npy"), yt)
            model, report = fit(binary, folder, u, y, [
                "--structure", "feedforward:12,6", "--activation", "tanh", "--iterations", str(sweeps),
                "--seed", str(trial), "--validation", f"{folder}/ut.npy,{folder}/yt.npy", "--refine", str(refine),
                "--lambda-growth", str(growth)])
            # BCD's figures: its model (readout refit) by fit's forward solve; the refined file by predict.
            bcd_train = report["fit"]["readoutRefitTraining"]["rmse"]
            bcd_test = report["fit"]["readoutRefitValidation"]["rmse"]
            refined_train = rmse(predict(binary, folder, model, u), y)
            refined_test = rmse(predict(binary, folder, model, ut), yt)
            if refine == 0:
                assert abs(refined_train - bcd_train) <= 1e-9, (refined_train, bcd_train)
            # RMSProp, learning rate tuned on the training RMSE (the paper tuned it; we pick the best of a grid).
            best = min((rmsprop_baseline(u, y, ut, yt, hidden, 150, lr, trial), lr) for lr in learning_rates)
            (rms_train, rms_test), lr = best
            bcd_history = [e for e in report["fit"]["history"] if e["stage"] == "bcd"]
            per_sweep = [e["training"]["rmse"] for e in bcd_history]
            per_sweep_test = [e["validation"]["rmse"] for e in bcd_history]
            seconds_bcd = bcd_history[-1]["elapsed"]
            seconds_all = report["fit"]["history"][-1]["elapsed"]
            results.append(dict(trial=trial, bcd_train=bcd_train, bcd_test=bcd_test, refined_train=refined_train,
                                refined_test=refined_test, seconds_bcd=seconds_bcd, seconds_refinement=seconds_all - seconds_bcd,
                                rmsprop_train=rms_train,
                                rmsprop_test=rms_test, rmsprop_lr=lr, bcd_sweeps_train=per_sweep,
                                bcd_sweeps_test=per_sweep_test, bcd_last_sweep_train=report["fit"]["bcdTraining"]["rmse"],
                                target_std=float(y.std())))
            json.dump(results, open(os.path.join(outdir, f"7.1-trials-from-{first_trial}.json"), "w"), indent=1)
            print(f"§7.1 trial {trial}: BCD train {bcd_train:.4g} test {bcd_test:.4g}; refined train {refined_train:.4g} test {refined_test:.4g}; RMSProp train {rms_train:.4g} test {rms_test:.4g} (lr {lr})", file=sys.stderr)
    return summarize_7_1(outdir, results, sweeps, refine, growth)


def summarize_7_1(outdir, results, sweeps, refine, growth):
    """Mean ± std of the gaps to RMSProp and the per-sweep SVG, from the per-trial rows."""
    trials = len(results)

    def gap(stage, split):
        return np.array([r[f"{stage}_{split}"] - r[f"rmsprop_{split}"] for r in results])
    summary = dict(trials=trials, sweeps=sweeps, refine=refine, lambda_growth=growth)
    for stage in ("bcd", "refined"):
        for split in ("train", "test"):
            g = gap(stage, split)
            summary[f"gap_{stage}_{split}_mean"] = float(g.mean())
            summary[f"gap_{stage}_{split}_std"] = float(g.std())
            summary[f"{stage}_{split}_mean"] = float(np.mean([r[f"{stage}_{split}"] for r in results]))
    summary.update(
                   rmsprop_train_mean=float(np.mean([r["rmsprop_train"] for r in results])),
                   rmsprop_test_mean=float(np.mean([r["rmsprop_test"] for r in results])),
                   seconds_bcd_mean=float(np.mean([r["seconds_bcd"] for r in results])),
                   seconds_refinement_mean=float(np.mean([r["seconds_refinement"] for r in results])),
                   target_std_mean=float(np.mean([r["target_std"] for r in results])))
    write_rmse_svg(os.path.join(outdir, "training-7.1-rmse.svg"), results, refine)
    return dict(summary=summary, trials=results)


# ---------------------------------------------------------------- §7.2

def column_recovery(model, active):
    with np.load(model) as z:
        learned = np.sqrt((z["B"] ** 2).sum(axis=0) + (z["D"] ** 2).sum(axis=0))
    kept = learned > 1e-8  # the proximal maps give exact zeros
    return dict(recovered_nonzero=int((kept & active).sum()), recovered_zero=int((~kept & ~active).sum()),
                learned_norms=learned.tolist())


def section_7_2(binary, outdir, seeds, penalty, sweeps, refine, growth, stages_wanted):
    n, p, q, m, kappa = 20, 100, 1, 400, 0.5
    rows = []
    stages = [(s, steps) for s, steps in [("bcd", 0), ("refined", refine)] if s in stages_wanted and (s == "bcd" or refine > 0)]
    with tempfile.TemporaryDirectory() as folder:
        for seed in seeds:
            rng = np.random.default_rng(2000 + seed)
            a = rng.normal(size=(n, n))
            a *= kappa / np.abs(a).sum(axis=1, keepdims=True)
            b = rng.normal(size=(n, p))
            active = rng.random(p) < 0.2  # column-sparse B: about 20 of the 100 inputs matter
            b[:, ~active] = 0
            c = rng.normal(size=(q, n))
            u = rng.normal(size=(m, p))
            x = np.zeros((n, m))
            for _ in range(200):  # Picard: ‖A‖∞ = 0.5 contracts, 200 sweeps reach 1e-60
                x = np.maximum(0, a @ x + b @ u.T)
            y = (c @ x).T
            row = dict(seed=seed, true_nonzero=int(active.sum()), true_zero=int((~active).sum()), target_std=float(y.std()),
                       true_norms=np.sqrt((b ** 2).sum(axis=0)).tolist())
            for stage, steps in stages:
                model, report = fit(binary, folder, u, y, ["--states", "10", "--column-penalty", penalty, "--iterations", str(sweeps),
                                                           "--seed", str(seed), "--refine", str(steps), "--lambda-growth", str(growth)])
                written = report["writtenFileTraining"]["rmse"]
                row[stage] = dict(column_recovery(model, active), train_rmse=written)
                print(f"§7.2 seed {seed} {stage}: nonzero {row[stage]['recovered_nonzero']}/{row['true_nonzero']}, zero {row[stage]['recovered_zero']}/{row['true_zero']}, RMSE {written:.3g} (std {row['target_std']:.3g})", file=sys.stderr)
            rows.append(row)
            json.dump(rows, open(os.path.join(outdir, "7.2-seeds-so-far.json"), "w"), indent=1)
    write_columns_svg(os.path.join(outdir, "training-7.2-columns.svg"), rows[0], [s for s, _ in stages])
    summary = dict(seeds=list(seeds), penalty=penalty, sweeps=sweeps, refine=refine, lambda_growth=growth)
    for stage, _ in stages:
        summary[stage] = dict(
            recovered_nonzero=sum(r[stage]["recovered_nonzero"] for r in rows), true_nonzero=sum(r["true_nonzero"] for r in rows),
            recovered_zero=sum(r[stage]["recovered_zero"] for r in rows), true_zero=sum(r["true_zero"] for r in rows),
            exact_pattern=sum(r[stage]["recovered_nonzero"] == r["true_nonzero"] and r[stage]["recovered_zero"] == r["true_zero"] for r in rows),
            train_rmse_over_std_mean=float(np.mean([r[stage]["train_rmse"] / r["target_std"] for r in rows])),
            norm_correlation_mean=float(np.mean([np.corrcoef(r[stage]["learned_norms"], r["true_norms"])[0, 1] for r in rows])))
    return dict(summary=summary, seeds=rows)


# ---------------------------------------------------------------- scikit-learn data sets

def staged_fit(binary, folder, u, y, ut, yt, extra):
    """Fits with the test set as --validation (scored after every sweep and step, never trained
    on); returns the written model and the report. BCD's test figure is the report's readout
    refit on it (fit's forward solve); the refined model is the file written."""
    np.save(os.path.join(folder, "ut.npy"), ut)
    np.save(os.path.join(folder, "yt.npy"), yt)
    return fit(binary, folder, u, y, extra + ["--validation", f"{folder}/ut.npy,{folder}/yt.npy"])


def section_diabetes(binary, sweeps, refine):
    from sklearn.datasets import load_diabetes
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPRegressor
    from sklearn.preprocessing import StandardScaler
    with tempfile.TemporaryDirectory() as folder:
        x, y = load_diabetes(return_X_y=True)
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0)
        sx = StandardScaler().fit(xtr)
        mu, sd = ytr.mean(), ytr.std()
        xtr, xte = sx.transform(xtr), sx.transform(xte)
        ytr_s, yte_s = ((ytr - mu) / sd)[:, None], ((yte - mu) / sd)[:, None]
        rows = {}
        for name, extra in [("implicit relu, 20 states", ["--states", "20"]),
                            ("feedforward relu 20", ["--structure", "feedforward:20"])]:
            model, report = staged_fit(binary, folder, xtr, ytr_s, xte, yte_s,
                                       extra + ["--iterations", str(sweeps), "--refine", str(refine)])
            pred = predict(binary, folder, model, xte)[:, 0] * sd + mu
            # The target is standardized affinely, so an RMSE in its units is sd times the standardized one.
            rows[name + ", BCD"] = report["fit"]["readoutRefitValidation"]["rmse"] * sd
            rows[name + f", BCD + {refine} refinement steps"] = rmse(pred, yte)
        mlp = MLPRegressor(hidden_layer_sizes=(20,), max_iter=2000, random_state=0).fit(xtr, ytr_s[:, 0])
        rows["MLPRegressor (20,)"] = rmse(mlp.predict(xte) * sd + mu, yte)
        rows["predict the training mean"] = rmse(np.full_like(yte, mu), yte)
    print(f"diabetes test RMSE: {rows}", file=sys.stderr)
    return rows


def section_digits(binary, sweeps, refine, l1):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler
    with tempfile.TemporaryDirectory() as folder:
        x, y = load_digits(return_X_y=True)
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0)
        sx = StandardScaler().fit(xtr)
        xtr, xte = sx.transform(xtr), sx.transform(xte)
        rows = {}
        for name, extra in [("implicit relu, 32 states", ["--states", "32"]),
                            ("feedforward relu 32", ["--structure", "feedforward:32"])]:
            started = time.time()
            model, report = staged_fit(binary, folder, xtr, ytr.astype(np.int64), xte, yte.astype(np.int64),
                                       extra + ["--loss", "cross-entropy", "--iterations", str(sweeps), "--refine", str(refine),
                                                "--l1", str(l1)])
            prob = predict(binary, folder, model, xte, raw=False)
            rows[name + ", BCD"] = report["fit"]["readoutRefitValidation"]["accuracy"]
            rows[name + f", BCD + {refine} refinement steps"] = float((prob.argmax(axis=1) == yte).mean())
            rows[name + ", seconds"] = time.time() - started
        mlp = MLPClassifier(hidden_layer_sizes=(32,), max_iter=2000, random_state=0).fit(xtr, ytr)
        rows["MLPClassifier (32,)"] = float((mlp.predict(xte) == yte).mean())
    print(f"digits test accuracy: {rows}", file=sys.stderr)
    return rows


# ---------------------------------------------------------------- figures

def polyline(points, color):
    return f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}"/>'


def write_rmse_svg(path, results, refine):
    sweeps = len(results[0]["bcd_sweeps_train"])
    train = np.mean([r["bcd_sweeps_train"] for r in results], axis=0)
    test = np.mean([r["bcd_sweeps_test"] for r in results], axis=0)
    rms_train = np.mean([r["rmsprop_train"] for r in results])
    rms_test = np.mean([r["rmsprop_test"] for r in results])
    refined = refine > 0
    ref_train = np.mean([r["refined_train"] for r in results])
    ref_test = np.mean([r["refined_test"] for r in results])
    top = max(train.max(), test.max(), rms_train, rms_test) * 1.1
    w, h, left, bottom = 480, 300, 50, 260
    slots = sweeps + (1 if refined else 0)
    sx = lambda k: left + k * (w - left - 20) / max(1, slots - 1)
    sy = lambda v: bottom - v / top * (bottom - 20)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
             f'<line x1="{left}" y1="{bottom}" x2="{w - 20}" y2="{bottom}" stroke="black"/>',
             f'<line x1="{left}" y1="{bottom}" x2="{left}" y2="20" stroke="black"/>',
             polyline([(sx(k), sy(v)) for k, v in enumerate(train)], "#1f77b4"),
             polyline([(sx(k), sy(v)) for k, v in enumerate(test)], "#ff7f0e"),
             f'<line x1="{left}" x2="{w - 20}" y1="{sy(rms_train):.1f}" y2="{sy(rms_train):.1f}" stroke="#1f77b4" stroke-dasharray="4 3"/>',
             f'<line x1="{left}" x2="{w - 20}" y1="{sy(rms_test):.1f}" y2="{sy(rms_test):.1f}" stroke="#ff7f0e" stroke-dasharray="4 3"/>',
             f'<text x="{w / 2}" y="{h - 8}" text-anchor="middle">BCD sweep (0 = random start, readout fitted)</text>',
             f'<text x="12" y="14">RMSE (mean over {len(results)} trials); dashed: RMSProp, 150 iterations; dots: after the refinement</text>',
             f'<text x="{w - 170}" y="40" fill="#1f77b4">BCD train</text><text x="{w - 170}" y="54" fill="#ff7f0e">BCD test</text>']
    for k in range(sweeps):
        parts.append(f'<text x="{sx(k):.1f}" y="{bottom + 14}" text-anchor="middle">{k}</text>')
    if refined:
        for value, color in ((ref_train, "#1f77b4"), (ref_test, "#ff7f0e")):
            parts.append(f'<circle cx="{sx(sweeps):.1f}" cy="{sy(value):.1f}" r="3.5" fill="{color}"/>')
        parts.append(f'<text x="{sx(sweeps):.1f}" y="{bottom + 14}" text-anchor="middle">+{refine} refine</text>')
    for v in np.linspace(0, top, 5):
        parts.append(f'<text x="{left - 4}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.2g}</text>')
    parts.append("</svg>")
    open(path, "w").write("\n".join(parts) + "\n")


def write_columns_svg(path, row, stages):
    panels = [(np.array(row[stage]["learned_norms"]), f"learned ‖(B; D) e_j‖₂, {stage}") for stage in stages]
    panels.append((np.array(row["true_norms"]), "true ‖B e_j‖₂"))
    w, h = 40 + 310 * len(panels), 260
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">']
    for panel, (values, title) in enumerate(panels):
        x0, width, bottom = 40 + panel * 310, 280, 220
        top = max(values.max(), 1e-12)
        parts.append(f'<text x="{x0}" y="16">{title} (seed {row["seed"]})</text>')
        parts.append(f'<line x1="{x0}" y1="{bottom}" x2="{x0 + width}" y2="{bottom}" stroke="black"/>')
        for j, v in enumerate(values):
            bar = v / top * (bottom - 30)
            parts.append(f'<rect x="{x0 + j * width / len(values):.1f}" y="{bottom - bar:.1f}" width="{width / len(values) * 0.8:.1f}" height="{bar:.1f}" fill="#1f77b4"/>')
        parts.append(f'<text x="{x0 + width / 2}" y="{bottom + 16}" text-anchor="middle">input j = 1 … {len(values)}</text>')
    parts.append("</svg>")
    open(path, "w").write("\n".join(parts) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("outdir")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--sweeps", type=int, default=5)
    parser.add_argument("--first-trial", type=int, default=0, help="§7.1 trials first-trial … first-trial + trials − 1")
    parser.add_argument("--merge-7-1", help="§7.1: summarize the per-trial files given (comma-separated) instead of running")
    parser.add_argument("--first-seed", type=int, default=0, help="§7.2 seeds first-seed … first-seed + seeds − 1")
    parser.add_argument("--stages-7-2", default="bcd,refined", help="§7.2: fit BCD alone (bcd), with the refinement (refined), or both")
    parser.add_argument("--penalty", default="0.1,2", help="§7.2 column penalty, per sample")
    parser.add_argument("--sweeps-7-2", type=int, default=5)
    parser.add_argument("--refine", type=int, default=150, help="refinement steps after BCD (0: BCD only)")
    parser.add_argument("--lambda-growth", type=float, default=1.0, help="fit --lambda-growth (1: λ fixed)")
    parser.add_argument("--digits-l1", type=float, default=1e-4,
                        help="load_digits --l1 (the training set is separable: without a penalty the cross-entropy has no minimiser)")
    parser.add_argument("--only", choices=["7.1", "7.2", "diabetes", "digits"])
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    results_path = os.path.join(args.outdir, "results.json")
    results = json.load(open(results_path)) if os.path.exists(results_path) else {}
    started = time.time()
    if args.only in (None, "7.1"):
        if args.merge_7_1:
            by_trial = {r["trial"]: r for f in args.merge_7_1.split(",") for r in json.load(open(f))}
            rows = [by_trial[t] for t in sorted(by_trial)]
            results["7.1"] = summarize_7_1(args.outdir, rows, args.sweeps, args.refine, args.lambda_growth)
        else:
            results["7.1"] = section_7_1(args.binary, args.outdir, args.trials, args.sweeps, args.refine, args.lambda_growth,
                                         args.first_trial)
    if args.only in (None, "7.2"):
        results["7.2"] = section_7_2(args.binary, args.outdir, range(args.first_seed, args.first_seed + args.seeds), args.penalty,
                                     args.sweeps_7_2, args.refine, args.lambda_growth, args.stages_7_2.split(","))
    if args.only in (None, "diabetes"):
        results["diabetes_test_rmse"] = section_diabetes(args.binary, args.sweeps, args.refine)
    if args.only in (None, "digits"):
        results["digits_test_accuracy"] = section_digits(args.binary, args.sweeps, args.refine, args.digits_l1)
    results["seconds"] = time.time() - started
    json.dump(results, open(results_path, "w"), indent=1)
    print(json.dumps({k: (v["summary"] if k in ("7.1", "7.2") else v) for k, v in results.items()}, indent=1))


if __name__ == "__main__":
    main()
