import Foundation
import ImplicitFormats
import ImplicitModel

/// `implicit convert mlp.onnx -o mlp.pb` as a user types it (the default network form) against
/// the Python peer (onnx.load + NumPy writing the implicit form's bytes) and against `cp` of the
/// ONNX file; peak memory against the float64 weights. `--form implicit` is an extra row, and
/// its file is compared byte for byte with the peer's.
enum ConvertWorkload {
    static func run(_ context: BenchmarkContext) throws -> WorkloadResult {
        let onnx = context.input("mlp.onnx")
        let model = try ModelFile.read(onnx).implicitModel()
        let parameters = model.a.storedCount + model.b.storedCount + model.c.storedCount + model.biasX.count + model.biasY.count
        let weightBytes = parameters * MemoryLayout<Double>.size

        let ours = [context.implicit, "convert", onnx, "-o", context.output("mlp.pb")]
        let oursImplicit = [context.implicit, "convert", onnx, "-o", context.output("mlp.implicit.pb"), "--form", "implicit"]
        let peer = [context.python, context.peer("peer_convert.py"), onnx, context.output("mlp.peer.pb")]
        let copy = ["cp", onnx, context.output("mlp.copy.onnx")]
        var oursTime = Samples(), implicitTime = Samples(), peerTime = Samples(), copyTime = Samples()
        var oursPeak = 0, implicitPeak = 0, peerPeak = 0
        for round in 0..<context.rounds {
            let all: [(String, [String])] = [("ours", ours), ("peer", peer), ("cp", copy), ("implicit", oursImplicit)]
            for (side, command) in all[(round % 4)...] + all[..<(round % 4)] {
                context.removeOutputs("mlp.pb", "mlp.implicit.pb", "mlp.peer.pb", "mlp.copy.onnx")
                let run = try ChildProcess.check(command)
                switch side {
                case "ours": oursTime.add(run.seconds); oursPeak = max(oursPeak, run.peakBytes)
                case "implicit": implicitTime.add(run.seconds); implicitPeak = max(implicitPeak, run.peakBytes)
                case "peer": peerTime.add(run.seconds); peerPeak = max(peerPeak, run.peakBytes)
                default: copyTime.add(run.seconds)
                }
            }
            print("convert round \(round + 1): ours \(Format.seconds(oursTime.values.last!)), peer \(Format.seconds(peerTime.values.last!)), cp \(Format.seconds(copyTime.values.last!))")
        }
        // One more pair, for the byte comparison (outputs were removed between runs).
        _ = try ChildProcess.check(oursImplicit)
        _ = try ChildProcess.check(peer)
        let identical = try ChildProcess.run(["cmp", "-s", context.output("mlp.implicit.pb"), context.output("mlp.peer.pb")]).status == 0
        let size = (try? FileManager.default.attributesOfItem(atPath: context.output("mlp.pb"))[.size] as? Int) ?? 0

        let vsPeer = oursTime.median / peerTime.median
        let vsCopy = oursTime.median / copyTime.median
        let memory = Double(oursPeak) / Double(weightBytes)
        let implicitVsPeer = implicitTime.median / peerTime.median
        return WorkloadResult(rows: [
            ResultRow(workload: "convert ONNX MLP 784→4×4096→10 → .pb (defaults: network form)",
                      ours: Format.seconds(oursTime.median), peer: "\(Format.seconds(peerTime.median)) (onnx + NumPy)",
                      ratio: Format.ratio(vsPeer), goal: "≤ 0.5", verdict: Format.verdict(vsPeer <= 0.5)),
            ResultRow(workload: "convert, against the I/O floor",
                      ours: Format.seconds(oursTime.median), peer: "\(Format.seconds(copyTime.median)) (`cp` of the .onnx)",
                      ratio: Format.ratio(vsCopy), goal: "≤ 10", verdict: Format.verdict(vsCopy <= 10)),
            ResultRow(workload: "convert, peak memory / float64 weights",
                      ours: Format.bytes(oursPeak), peer: "\(Format.bytes(weightBytes)) (weights; the peer peaks at \(Format.bytes(peerPeak)))",
                      ratio: Format.ratio(memory), goal: "≤ 1.5", verdict: Format.verdict(memory <= 1.5)),
            ResultRow(workload: "convert with `--form implicit` (extra row)",
                      ours: "\(Format.seconds(implicitTime.median)), \(Format.bytes(implicitPeak))", peer: "\(Format.seconds(peerTime.median)) (onnx + NumPy)",
                      ratio: Format.ratio(implicitVsPeer), goal: "(for information)", verdict: ""),
        ], notes: [
            "convert: \(parameters) parameters (\(Format.bytes(weightBytes)) as float64); the .pb is \(Format.bytes(size)); our implicit-form file and the peer's are \(identical ? "byte for byte identical" : "**different**"). Ours \(oursTime.spread), --form implicit \(implicitTime.spread), peer \(peerTime.spread), cp \(copyTime.spread).",
        ])
    }
}
