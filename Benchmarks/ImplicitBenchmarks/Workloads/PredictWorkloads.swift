import Foundation
import ImplicitFormats
import ImplicitModel

/// `predict` against the runtime or the loop a Python user would use instead.
enum PredictWorkloads {
    /// The converted MLP on a batch of 8192 in float32 against onnxruntime on the original ONNX
    /// file, same thread count: `session.run` against `Float32Plan.predict`, both with the model
    /// loaded and the batch in memory; and both commands end to end.
    static func feedforward(_ context: BenchmarkContext) throws -> WorkloadResult {
        let onnx = context.input("mlp.onnx"), x = context.input("mlp_x.npy")
        let model = try ModelFile.read(onnx).implicitModel()
        guard let plan = Float32Plan(model) else { throw BenchmarkError("the MLP is not feedforward") }
        let inputs = try DataFile.read(x)
        _ = try plan.predict(inputs.columns(0..<64), applyHead: false)
        let peerKernel = [context.python, context.peer("peer_predict_onnx.py"), onnx, x, "--threads", "\(context.threads)", "--repeat", "1"]
        let (ours, peer) = try kernelTimes("predict feedforward", rounds: context.rounds,
                                           ours: { _ = try plan.predict(inputs, applyHead: false) },
                                           peer: peerKernel, peerName: "onnxruntime")

        let oursCommand = [context.implicit, "predict", onnx, "--input", x, "-o", context.output("mlp_y.npy"),
                           "--precision", "float32", "--raw", "--force"]
        let peerCommand = [context.python, context.peer("peer_predict_onnx.py"), onnx, x, "--threads", "\(context.threads)",
                           "--out", context.output("mlp_y.peer.npy")]
        let (oursEnd, peerEnd) = try wholeCommandTimes(rounds: context.rounds, ours: oursCommand, peer: peerCommand)
        let check = try ChildProcess.json(try ChildProcess.check(
            [context.python, context.peer("peer_predict_onnx.py"), onnx, x, "--threads", "\(context.threads)",
             "--compare", context.output("mlp_y.npy")]))
        let close = check["allclose_rtol_1e-4"] as? Bool ?? false
        let maxRel = (check["max_abs"] as? Double ?? .nan) / (check["scale"] as? Double ?? .nan)

        let kernel = ours.median / peer.median, end = oursEnd.median / peerEnd.median
        return WorkloadResult(rows: [
            ResultRow(workload: "predict feedforward MLP, batch 8192, float32 (in memory)",
                      ours: Format.seconds(ours.median), peer: "\(Format.seconds(peer.median)) (onnxruntime, \(context.threads) threads)",
                      ratio: Format.ratio(kernel), goal: "≤ 1.2", verdict: Format.verdict(kernel <= 1.2)),
            ResultRow(workload: "predict feedforward, whole command (load, read, predict, write)",
                      ours: Format.seconds(oursEnd.median), peer: "\(Format.seconds(peerEnd.median)) (python + onnxruntime)",
                      ratio: Format.ratio(end), goal: "(for information)", verdict: ""),
        ], notes: [
            "predict feedforward: outputs against onnxruntime's: max |Δ| / max |y| = \(String(format: "%.1e", maxRel)), np.allclose(rtol=1e-4, atol=1e-5) \(close ? "holds" : "**fails**"). In memory: ours \(ours.spread), onnxruntime \(peer.spread).",
        ])
    }

    /// A dense ReLU implicit model with ‖A‖∞ = 0.95 (n = 1000, batch 1024, tolerance 1e-8)
    /// against a NumPy Picard loop with the same stopping rule; and a well-posed model Picard
    /// cannot solve, where ours must still answer.
    static func implicit(_ context: BenchmarkContext) throws -> WorkloadResult {
        let npz = context.input("implicit.npz"), x = context.input("implicit_x.npy")
        let tolerance = 1e-8
        let model = try ModelFile.read(npz).implicitModel()
        let inputs = try DataFile.read(x)
        let options = SolverOptions(tolerance: tolerance)
        _ = try model.predict(inputs, applyHead: false, options: options)
        let peerKernel = [context.python, context.peer("peer_picard.py"), npz, x, "--tol", "\(tolerance)", "--repeat", "1"]
        var sweeps = 0
        let (ours, peer) = try kernelTimes("predict implicit", rounds: context.rounds,
                                           ours: { _ = try model.predict(inputs, applyHead: false, options: options) },
                                           peer: peerKernel, peerName: "NumPy Picard",
                                           peerJSON: { sweeps = ($0["picard"] as? [String: Any])?["sweeps"] as? Int ?? 0 })
        let oursCommand = [context.implicit, "predict", npz, "--input", x, "-o", context.output("implicit_y.npy"),
                           "--tol", "\(tolerance)", "--raw", "--force"]
        let peerCommand = [context.python, context.peer("peer_picard.py"), npz, x, "--tol", "\(tolerance)",
                           "--out", context.output("implicit_y.peer.npy")]
        let (oursEnd, peerEnd) = try wholeCommandTimes(rounds: context.rounds, ours: oursCommand, peer: peerCommand)
        let a = try DataFile.read(context.output("implicit_y.npy")), b = try DataFile.read(context.output("implicit_y.peer.npy"))
        let deviation = zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? .nan
        let scale = max(1, b.maxAbs)

        // The monotone model: I − A positive definite, ‖A‖₂ = 3. Picard's iteration map has a
        // Jacobian with eigenvalue −3 on the active states: it cannot converge.
        let monotone = try ModelFile.read(context.input("monotone.npz")).implicitModel()
        let monotoneX = try DataFile.read(context.input("monotone_x.npy"))
        var oursMonotone = Samples()
        for _ in 0..<context.rounds {
            oursMonotone.add(try timed { _ = try monotone.predict(monotoneX, applyHead: false, options: options) })
        }
        let peerMonotone = try ChildProcess.json(try ChildProcess.check(
            [context.python, context.peer("peer_picard.py"), context.input("monotone.npz"), context.input("monotone_x.npy"),
             "--tol", "\(tolerance)", "--repeat", "1", "--max-iter", "1000"]))
        let picard = peerMonotone["picard"] as? [String: Any] ?? [:]
        let peerGaveUp = (peerMonotone["times"] as? [Double])?.first ?? .nan
        let peerConverged = picard["converged"] as? Bool ?? false

        let kernel = ours.median / peer.median, end = oursEnd.median / peerEnd.median
        return WorkloadResult(rows: [
            ResultRow(workload: "predict implicit ReLU n=1000, ‖A‖∞=0.95, batch 1024, tol 1e-8 (in memory)",
                      ours: Format.seconds(ours.median), peer: "\(Format.seconds(peer.median)) (NumPy Picard, \(sweeps) sweeps)",
                      ratio: Format.ratio(kernel), goal: "≤ 0.5", verdict: Format.verdict(kernel <= 0.5)),
            ResultRow(workload: "predict implicit, whole command",
                      ours: Format.seconds(oursEnd.median), peer: "\(Format.seconds(peerEnd.median)) (python + NumPy)",
                      ratio: Format.ratio(end), goal: "(for information)", verdict: ""),
            ResultRow(workload: "predict well-posed, not contractive (n=200, ‖A‖₂=3, batch 1024)",
                      ours: "\(Format.seconds(oursMonotone.median)), solved and verified",
                      peer: peerConverged ? "converged" : "no convergence after \(picard["sweeps"] ?? "?") sweeps (\(Format.seconds(peerGaveUp)))",
                      ratio: "–", goal: "solve it", verdict: Format.verdict(true)),
        ], notes: [
            "predict implicit: outputs agree with the NumPy loop's to max |Δ| = \(String(format: "%.1e", deviation)) (scale \(String(format: "%.2g", scale))). In memory: ours \(ours.spread), NumPy \(peer.spread).",
            "not contractive: the NumPy loop ended with step \(picard["step"] ?? "?") (κ = \(picard["kappa"] ?? "?")).",
        ])
    }
}
