import Foundation
import ImplicitFormats
import ImplicitModel

/// `implicit convert mlp.onnx -o mlp.pb --form implicit` against the Python peer (onnx.load +
/// NumPy writing the same bytes) and against `cp` of the ONNX file; peak memory against the
/// float64 weights.
enum ConvertWorkload {
    static func run(_ context: BenchmarkContext) throws -> WorkloadResult {
        let onnx = context.input("mlp.onnx")
        let model = try ModelFile.read(onnx).implicitModel()
        let parameters = model.a.storedCount + model.b.storedCount + model.c.storedCount + model.biasX.count + model.biasY.count
        let weightBytes = parameters * MemoryLayout<Double>.size

        let ours = [context.implicit, "convert", onnx, "-o", context.output("mlp.pb"), "--form", "implicit"]
        let peer = [context.python, context.peer("peer_convert.py"), onnx, context.output("mlp.peer.pb")]
        let copy = ["cp", onnx, context.output("mlp.copy.onnx")]
        var oursTime = Samples(), peerTime = Samples(), copyTime = Samples()
        var oursPeak = 0, peerPeak = 0
        for round in 0..<context.rounds {
            let all: [(String, [String])] = [("ours", ours), ("peer", peer), ("cp", copy)]
            for (side, command) in all[(round % 3)...] + all[..<(round % 3)] {
                context.removeOutputs("mlp.pb", "mlp.peer.pb", "mlp.copy.onnx")
                let run = try ChildProcess.check(command)
                switch side {
                case "ours": oursTime.add(run.seconds); oursPeak = max(oursPeak, run.peakBytes)
                case "peer": peerTime.add(run.seconds); peerPeak = max(peerPeak, run.peakBytes)
                default: copyTime.add(run.seconds)
                }
            }
            print("convert round \(round + 1): ours \(Format.seconds(oursTime.values.last!)), peer \(Format.seconds(peerTime.values.last!)), cp \(Format.seconds(copyTime.values.last!))")
        }
        // One more pair, for the byte comparison (outputs were removed between runs).
        _ = try ChildProcess.check(ours)
        _ = try ChildProcess.check(peer)
        let identical = try ChildProcess.run(["cmp", "-s", context.output("mlp.pb"), context.output("mlp.peer.pb")]).status == 0
        let size = (try? FileManager.default.attributesOfItem(atPath: context.output("mlp.pb"))[.size] as? Int) ?? 0

        let vsPeer = oursTime.median / peerTime.median
        let vsCopy = oursTime.median / copyTime.median
        let memory = Double(oursPeak) / Double(weightBytes)
        return WorkloadResult(rows: [
            ResultRow(workload: "convert ONNX MLP 784→4×4096→10 → .pb (implicit form)",
                      ours: Format.seconds(oursTime.median), peer: "\(Format.seconds(peerTime.median)) (onnx + NumPy)",
                      ratio: Format.ratio(vsPeer), goal: "≤ 0.5", verdict: Format.verdict(vsPeer <= 0.5)),
            ResultRow(workload: "convert, against the I/O floor",
                      ours: Format.seconds(oursTime.median), peer: "\(Format.seconds(copyTime.median)) (`cp` of the .onnx)",
                      ratio: Format.ratio(vsCopy), goal: "≤ 10", verdict: Format.verdict(vsCopy <= 10)),
            ResultRow(workload: "convert, peak memory / float64 weights",
                      ours: Format.bytes(oursPeak), peer: "\(Format.bytes(weightBytes)) (weights; the peer peaks at \(Format.bytes(peerPeak)))",
                      ratio: Format.ratio(memory), goal: "≤ 1.5", verdict: Format.verdict(memory <= 1.5)),
        ], notes: [
            "convert: \(parameters) parameters (\(Format.bytes(weightBytes)) as float64); the .pb is \(Format.bytes(size)); ours and the peer's files are \(identical ? "byte for byte identical" : "**different**"). Ours \(oursTime.spread), peer \(peerTime.spread), cp \(copyTime.spread).",
        ])
    }
}
