import Foundation
import ImplicitFormats
import ImplicitModel

/// `predict` against the runtime or the loop a Python user would use instead.
enum PredictWorkloads {
    /// A float32 MLP 784→3×2048→10 on a batch of 4096 against onnxruntime on the same ONNX
    /// file, same thread count: `session.run` against `Float32Plan.predict` (what `predict`
    /// runs by default for float32 weights), both with the model loaded and the batch in
    /// memory; and both commands end to end as typed (no flags), with `--precision float64` as
    /// an extra row.
    static func feedforward(_ context: BenchmarkContext) throws -> WorkloadResult {
        let onnx = context.input("mlp_predict.onnx"), x = context.input("mlp_predict_x.npy")
        let model = try ModelFile.read(onnx).implicitModel()
        guard let plan = Float32Plan(model) else { throw BenchmarkError("the MLP is not feedforward") }
        let inputs = try DataFile.read(x)
        _ = try plan.predict(inputs.columns(0..<64), applyHead: false)
        let peerKernel = [context.python, context.peer("peer_predict_onnx.py"), onnx, x, "--threads", "\(context.threads)", "--repeat", "1"]
        let (ours, peer) = try kernelTimes("predict feedforward", rounds: context.rounds,
                                           ours: { _ = try plan.predict(inputs, applyHead: false) },
                                           peer: peerKernel, peerName: "onnxruntime")

        let oursCommand = [context.implicit, "predict", onnx, "--input", x, "-o", context.output("mlp_y.npy"), "--force"]
        let exactCommand = [context.implicit, "predict", onnx, "--input", x, "-o", context.output("mlp_y64.npy"),
                            "--precision", "float64", "--force"]
        let peerCommand = [context.python, context.peer("peer_predict_onnx.py"), onnx, x, "--threads", "\(context.threads)",
                           "--out", context.output("mlp_y.peer.npy")]
        let (oursEnd, peerEnd) = try wholeCommandTimes(rounds: context.rounds, ours: oursCommand, peer: peerCommand)
        let (exactEnd, peerEnd2) = try wholeCommandTimes(rounds: context.rounds, ours: exactCommand, peer: peerCommand)
        let check = try ChildProcess.json(try ChildProcess.check(
            [context.python, context.peer("peer_predict_onnx.py"), onnx, x, "--threads", "\(context.threads)",
             "--compare", context.output("mlp_y.npy")]))
        let close = check["allclose_rtol_1e-4"] as? Bool ?? false
        let maxRel = (check["max_abs"] as? Double ?? .nan) / (check["scale"] as? Double ?? .nan)

        let kernel = ours.median / peer.median, end = oursEnd.median / peerEnd.median
        let exact = exactEnd.median / peerEnd2.median
        let (npzRow, npzNote) = try feedforwardNPZ(context)
        return WorkloadResult(rows: [
            ResultRow(workload: "predict float32 ONNX MLP 784→3×2048→10, batch 4096, defaults (whole command)",
                      ours: Format.seconds(oursEnd.median), peer: "\(Format.seconds(peerEnd.median)) (python + onnxruntime)",
                      ratio: Format.ratio(end), goal: "≤ 1.0", verdict: Format.verdict(end <= 1.0)),
            ResultRow(workload: "predict feedforward, in memory (the float32 plan against session.run)",
                      ours: Format.seconds(ours.median), peer: "\(Format.seconds(peer.median)) (onnxruntime, \(context.threads) threads)",
                      ratio: Format.ratio(kernel), goal: "(for information)", verdict: ""),
            ResultRow(workload: "predict with `--precision float64` (extra row)",
                      ours: Format.seconds(exactEnd.median), peer: "\(Format.seconds(peerEnd2.median)) (python + onnxruntime)",
                      ratio: Format.ratio(exact), goal: "(for information)", verdict: ""),
            npzRow,
        ], notes: [
            "predict feedforward: outputs against onnxruntime's: max |Δ| / max |y| = \(String(format: "%.1e", maxRel)), np.allclose(rtol=1e-4, atol=1e-5) \(close ? "holds" : "**fails**"). In memory: ours \(ours.spread), onnxruntime \(peer.spread).",
            npzNote,
        ])
    }

    /// The same MLP kept as a float64 NPZ (our layout, A strictly block lower-triangular with
    /// `state_block_sizes`): `implicit predict m.npz --input X.npy -o Y.npy` as typed against a
    /// NumPy float64 forward pass over the archive's blocks (`peer_forward_npz.py`), whole
    /// processes, both reading the same 341 MB file.
    private static func feedforwardNPZ(_ context: BenchmarkContext) throws -> (row: ResultRow, note: String) {
        let npz = context.input("mlp_predict.npz"), x = context.input("mlp_predict_x.npy")
        let oursCommand = [context.implicit, "predict", npz, "--input", x, "-o", context.output("mlp64_y.npy"), "--force"]
        let peerCommand = [context.python, context.peer("peer_forward_npz.py"), npz, x, "--out", context.output("mlp64_y.peer.npy")]
        let (oursEnd, peerEnd) = try wholeCommandTimes(rounds: context.rounds, ours: oursCommand, peer: peerCommand)
        let a = try DataFile.read(context.output("mlp64_y.npy")), b = try DataFile.read(context.output("mlp64_y.peer.npy"))
        let deviation = zip(a.columnMajorElements, b.columnMajorElements).map { abs($0 - $1) }.max() ?? .nan
        let ratio = oursEnd.median / peerEnd.median
        return (ResultRow(workload: "predict float64 NPZ MLP 784→3×2048→10 (the same weights), batch 4096, defaults (whole command)",
                          ours: Format.seconds(oursEnd.median), peer: "\(Format.seconds(peerEnd.median)) (python + NumPy float64 forward pass)",
                          ratio: Format.ratio(ratio), goal: "≤ 1.0", verdict: Format.verdict(ratio <= 1.0)),
                "predict float64 NPZ: ours \(oursEnd.spread), NumPy \(peerEnd.spread); outputs agree to max |Δ| = \(String(format: "%.1e", deviation)) (scale \(String(format: "%.2g", b.maxAbs))).")
    }

    /// Dense ReLU implicit models (n = 1000, batch 1024): `predict` as typed (default tolerance
    /// 1e-12) against a NumPy Picard loop to 1e-8 with the same stopping rule, and against
    /// torchdeq's Broyden solver to 1e-12 (one run: it takes seconds); on Gaussian A of
    /// ‖A‖∞ = 0.95 and 0.99 (Picard contracts fast) and on nonnegative A of ‖A‖∞ = 0.95 and 0.99
    /// (Picard's rate is about ‖A‖∞), with `--tol 1e-8` as an extra row. And a well-posed model
    /// Picard cannot solve.
    static func implicit(_ context: BenchmarkContext) throws -> WorkloadResult {
        let npz = context.input("implicit.npz"), x = context.input("implicit_x.npy")
        let peerTolerance = 1e-8
        let model = try ModelFile.read(npz).implicitModel()
        let inputs = try DataFile.read(x)
        var report = EvaluationReport()
        _ = try model.predict(inputs, applyHead: false, report: &report)
        let peerKernel = [context.python, context.peer("peer_picard.py"), npz, x, "--tol", "\(peerTolerance)", "--repeat", "1"]
        var sweeps = 0
        let (ours, peer) = try kernelTimes("predict implicit", rounds: context.rounds,
                                           ours: { _ = try model.predict(inputs, applyHead: false) },
                                           peer: peerKernel, peerName: "NumPy Picard",
                                           peerJSON: { sweeps = ($0["picard"] as? [String: Any])?["sweeps"] as? Int ?? 0 })
        var rows = [ResultRow(workload: "predict implicit ReLU n=1000, Gaussian A, ‖A‖∞=0.95, batch 1024, defaults (in memory)",
                              ours: Format.seconds(ours.median), peer: "\(Format.seconds(peer.median)) (NumPy Picard to 1e-8, \(sweeps) sweeps)",
                              ratio: Format.ratio(ours.median / peer.median), goal: "(for information)", verdict: "")]
        var notes = ["predict implicit, in memory: ours \(ours.spread) (\(report.components.first?.summary ?? "")), NumPy \(peer.spread)."]
        for (name, label) in [("implicit", "Gaussian A, ‖A‖∞=0.95"), ("implicit99", "Gaussian A, ‖A‖∞=0.99"),
                              ("implicit_slow95", "A ≥ 0, ‖A‖∞=0.95"), ("implicit_slow99", "A ≥ 0, ‖A‖∞=0.99")] {
            let (row, more) = try wholeCommand(context, model: name, label: label, peerTolerance: peerTolerance)
            rows += row
            notes += more
        }
        // The peer's tolerance for ours too: what the default's 10⁴ × tighter tolerance costs.
        let sameTolerance = [context.implicit, "predict", npz, "--input", x, "-o", context.output("implicit_y8.npy"),
                             "--raw", "--force", "--tol", "\(peerTolerance)"]
        let peerCommand = [context.python, context.peer("peer_picard.py"), npz, x, "--tol", "\(peerTolerance)",
                           "--out", context.output("implicit_y.peer.npy")]
        let (oursLoose, peerLoose) = try wholeCommandTimes(rounds: context.rounds, ours: sameTolerance, peer: peerCommand)
        rows.append(ResultRow(workload: "predict implicit Gaussian A, ‖A‖∞=0.95 with `--tol 1e-8` (extra row: the peer's tolerance)",
                              ours: Format.seconds(oursLoose.median), peer: "\(Format.seconds(peerLoose.median)) (python + NumPy Picard to 1e-8)",
                              ratio: Format.ratio(oursLoose.median / peerLoose.median), goal: "(for information)", verdict: ""))

        // The monotone model: I − A positive definite, ‖A‖₂ = 3. Picard's iteration map has a
        // Jacobian with eigenvalue −3 on the active states: it cannot converge.
        let monotone = try ModelFile.read(context.input("monotone.npz")).implicitModel()
        let monotoneX = try DataFile.read(context.input("monotone_x.npy"))
        var oursMonotone = Samples()
        for _ in 0..<context.rounds {
            oursMonotone.add(try timed { _ = try monotone.predict(monotoneX, applyHead: false) })
        }
        let peerMonotone = try ChildProcess.json(try ChildProcess.check(
            [context.python, context.peer("peer_picard.py"), context.input("monotone.npz"), context.input("monotone_x.npy"),
             "--tol", "\(peerTolerance)", "--repeat", "1", "--max-iter", "1000"]))
        let picard = peerMonotone["picard"] as? [String: Any] ?? [:]
        let peerGaveUp = (peerMonotone["times"] as? [Double])?.first ?? .nan
        let peerConverged = picard["converged"] as? Bool ?? false
        rows.append(ResultRow(workload: "predict well-posed, not contractive (n=200, ‖A‖₂=3, batch 1024)",
                              ours: "\(Format.seconds(oursMonotone.median)), solved and verified",
                              peer: peerConverged ? "converged" : "no convergence after \(picard["sweeps"] ?? "?") sweeps (\(Format.seconds(peerGaveUp)))",
                              ratio: "–", goal: "solve it", verdict: Format.verdict(true)))
        notes.append("not contractive: the NumPy loop ended with step \(picard["step"] ?? "?") (κ = \(picard["kappa"] ?? "?")).")
        return WorkloadResult(rows: rows, notes: notes)
    }

    /// `implicit predict MODEL.npz --input X.npy -o Y.npy --raw` (defaults) against the NumPy loop
    /// to `peerTolerance`, alternating, and torchdeq's Broyden once when the peers' Python has it.
    private static func wholeCommand(_ context: BenchmarkContext, model name: String, label: String,
                                     peerTolerance: Double) throws -> (rows: [ResultRow], notes: [String]) {
        let npz = context.input("\(name).npz"), x = context.input("implicit_x.npy")
        let oursCommand = [context.implicit, "predict", npz, "--input", x, "-o", context.output("\(name)_y.npy"), "--raw", "--force"]
        let peerCommand = [context.python, context.peer("peer_picard.py"), npz, x, "--tol", "\(peerTolerance)",
                           "--out", context.output("\(name)_y.peer.npy")]
        let (oursEnd, peerEnd) = try wholeCommandTimes(rounds: context.rounds, ours: oursCommand, peer: peerCommand)
        let verbose = try ChildProcess.check(oursCommand + ["--verbose"])
        let a = try DataFile.read(context.output("\(name)_y.npy")), b = try DataFile.read(context.output("\(name)_y.peer.npy"))
        let deviation = zip(a.columnMajorElements, b.columnMajorElements).map { abs($0 - $1) }.max() ?? .nan
        let ratio = oursEnd.median / peerEnd.median
        var rows = [ResultRow(workload: "predict implicit \(label), defaults (whole command)",
                              ours: Format.seconds(oursEnd.median), peer: "\(Format.seconds(peerEnd.median)) (python + NumPy Picard to 1e-8)",
                              ratio: Format.ratio(ratio), goal: "≤ 0.4", verdict: Format.verdict(ratio <= 0.4))]
        var notes = ["\(label): ours \(oursEnd.spread), NumPy \(peerEnd.spread); outputs agree to max |Δ| = \(String(format: "%.1e", deviation)); ours: \(verbose.stderr.split(separator: "\n").last.map(String.init) ?? "")."]
        let torchdeq = [context.python, context.peer("peer_torchdeq.py"), npz, x, "--solver", "broyden", "--tol", "1e-12",
                        "--threads", "\(context.threads)", "--repeat", "1"]
        if (try? ChildProcess.run([context.python, "-c", "import torchdeq"]).status) == 0 {
            let json = try ChildProcess.json(try ChildProcess.check(torchdeq))
            let seconds = (json["times"] as? [Double])?.first ?? .nan
            let info = json["torchdeq"] as? [String: Any] ?? [:]
            let model = try ModelFile.read(npz).implicitModel(), inputs = try DataFile.read(x)
            let kernel = try timed { _ = try model.predict(inputs, applyHead: false) }
            rows.append(ResultRow(workload: "predict implicit \(label), against torchdeq Broyden to 1e-12 (solve only, one run)",
                                  ours: Format.seconds(kernel), peer: "\(Format.seconds(seconds)) (torchdeq, \(info["steps"] ?? "?") steps)",
                                  ratio: Format.ratio(kernel / seconds), goal: "≤ 0.4", verdict: Format.verdict(kernel / seconds <= 0.4)))
        } else {
            notes.append("torchdeq rows skipped: \(context.python) cannot import torchdeq (scripts/setup-python.sh installs it as an optional extra).")
        }
        return (rows, notes)
    }
}
