import Foundation
import ImplicitFormats
import ImplicitModel

/// `implicit convert mlp.onnx -o mlp.EXT` as a user types it, for every output format (`.pb` in
/// the default network form, `.npz`, `.onnx`, `.yaml` with `.npy` weights), against the Python
/// peer writing the same format (`peer_convert.py`: onnx.load + NumPy) and against `cp` of the
/// ONNX file; peak memory against the float64 weights. Each round runs the four sides of a
/// format in a rotating order; the ratios are medians of the per-round ratios, which a machine
/// loaded by other work disturbs less than a ratio of medians. `--form implicit` for `.pb` is an
/// extra row, and its file is compared byte for byte with the peer's, as are the YAML documents
/// and their `.npy` files.
enum ConvertWorkload {
    static let formats = ["pb", "npz", "onnx", "yaml"]

    /// One format's timings: ours, the peer, `cp`, in the same rounds.
    struct FormatRuns {
        var ours = Samples(), peer = Samples(), copy = Samples()
        var oursPeak = 0, peerPeak = 0

        func medianRatio(_ a: Samples, _ b: Samples) -> Double {
            var ratios = Samples()
            for (x, y) in zip(a.values, b.values) { ratios.add(x / y) }
            return ratios.median
        }
    }

    static func run(_ context: BenchmarkContext) throws -> WorkloadResult {
        let onnx = context.input("mlp.onnx")
        let model = try ModelFile.read(onnx).implicitModel()
        let parameters = model.a.storedCount + model.b.storedCount + model.c.storedCount + model.biasX.count + model.biasY.count
        let weightBytes = parameters * MemoryLayout<Double>.size

        func folder(_ name: String) throws -> String {
            let path = context.output(name)
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }
        var runs: [String: FormatRuns] = [:]
        var implicitTime = Samples(), implicitPeak = 0
        for round in 0..<context.rounds {
            for format in formats {
                var sides: [(String, () throws -> [String])] = [
                    ("ours", { [context.implicit, "convert", onnx, "-o", try folder("ours") + "/mlp.\(format)"] }),
                    ("peer", { [context.python, context.peer("peer_convert.py"), onnx, try folder("peer") + "/mlp.\(format)"] }),
                    ("cp", { ["cp", onnx, try folder("copy") + "/mlp.onnx"] }),
                ]
                if format == "pb" {
                    sides.append(("implicit", { [context.implicit, "convert", onnx, "-o", try folder("implicit") + "/mlp.pb", "--form", "implicit"] }))
                }
                let shift = round % sides.count
                var entry = runs[format] ?? FormatRuns()
                for (side, command) in sides[shift...] + sides[..<shift] {
                    let run = try ChildProcess.check(try command())
                    switch side {
                    case "ours": entry.ours.add(run.seconds); entry.oursPeak = max(entry.oursPeak, run.peakBytes)
                    case "peer": entry.peer.add(run.seconds); entry.peerPeak = max(entry.peerPeak, run.peakBytes)
                    case "implicit": implicitTime.add(run.seconds); implicitPeak = max(implicitPeak, run.peakBytes)
                    default: entry.copy.add(run.seconds)
                    }
                }
                runs[format] = entry
                print("convert .\(format) round \(round + 1): ours \(Format.seconds(entry.ours.values.last!)), peer \(Format.seconds(entry.peer.values.last!)), cp \(Format.seconds(entry.copy.values.last!))")
            }
        }
        // The byte comparisons, on one more run of each side (outputs were replaced between runs).
        func same(_ a: String, _ b: String) throws -> Bool { try ChildProcess.run(["cmp", "-s", a, b]).status == 0 }
        _ = try ChildProcess.check([context.implicit, "convert", onnx, "-o", try folder("implicit") + "/mlp.pb", "--form", "implicit"])
        _ = try ChildProcess.check([context.python, context.peer("peer_convert.py"), onnx, try folder("peer") + "/mlp.pb"])
        let pbIdentical = try same(context.output("implicit/mlp.pb"), context.output("peer/mlp.pb"))
        _ = try ChildProcess.check([context.implicit, "convert", onnx, "-o", try folder("ours") + "/mlp.yaml"])
        _ = try ChildProcess.check([context.python, context.peer("peer_convert.py"), onnx, try folder("peer") + "/mlp.yaml"])
        let oursYAML = try FileManager.default.contentsOfDirectory(atPath: context.output("ours")).sorted()
        let peerYAML = try FileManager.default.contentsOfDirectory(atPath: context.output("peer")).sorted()
        let yamlIdentical = try oursYAML == peerYAML
            && oursYAML.allSatisfy { try same(context.output("ours/\($0)"), context.output("peer/\($0)")) }

        var rows: [ResultRow] = []
        var spreads: [String] = []
        for format in formats {
            guard let entry = runs[format] else { continue }
            let vsPeer = entry.medianRatio(entry.ours, entry.peer)
            let vsCopy = entry.medianRatio(entry.ours, entry.copy)
            let memory = Double(entry.oursPeak) / Double(weightBytes)
            let label = format == "pb" ? ".pb (defaults: network form)" : format == "yaml" ? ".yaml + .npy weights" : ".\(format)"
            rows += [
                ResultRow(workload: "convert ONNX MLP 784→4×4096→10 → \(label)",
                          ours: Format.seconds(entry.ours.median), peer: "\(Format.seconds(entry.peer.median)) (onnx + NumPy)",
                          ratio: Format.ratio(vsPeer), goal: "≤ 0.5", verdict: Format.verdict(vsPeer <= 0.5)),
                ResultRow(workload: "convert → \(label), against the I/O floor",
                          ours: Format.seconds(entry.ours.median), peer: "\(Format.seconds(entry.copy.median)) (`cp` of the .onnx)",
                          ratio: Format.ratio(vsCopy), goal: "≤ 10", verdict: Format.verdict(vsCopy <= 10)),
                ResultRow(workload: "convert → \(label), peak memory / float64 weights",
                          ours: Format.bytes(entry.oursPeak), peer: "\(Format.bytes(weightBytes)) (weights; the peer peaks at \(Format.bytes(entry.peerPeak)))",
                          ratio: Format.ratio(memory), goal: "≤ 1.5", verdict: Format.verdict(memory <= 1.5)),
            ]
            spreads.append(".\(format): ours \(entry.ours.spread), peer \(entry.peer.spread), cp \(entry.copy.spread)")
        }
        if let pb = runs["pb"] {
            let implicitVsPeer = pb.medianRatio(implicitTime, pb.peer)
            rows.append(ResultRow(workload: "convert → .pb with `--form implicit` (extra row)",
                                  ours: "\(Format.seconds(implicitTime.median)), \(Format.bytes(implicitPeak))",
                                  peer: "\(Format.seconds(pb.peer.median)) (onnx + NumPy)",
                                  ratio: Format.ratio(implicitVsPeer), goal: "(for information)", verdict: ""))
        }
        let verdict = { (identical: Bool) in identical ? "byte for byte identical" : "**different**" }
        return WorkloadResult(rows: rows, notes: [
            "convert: \(parameters) parameters (\(Format.bytes(weightBytes)) as float64); ratios are medians of per-round ratios. Our implicit-form .pb and the peer's are \(verdict(pbIdentical)); our YAML document and .npy files and the peer's are \(verdict(yamlIdentical)). The .npz holds A densely (n = 16384: 2 GiB); ours leaves its zero blocks as holes in the file. Spreads: \(spreads.joined(separator: "; ")); --form implicit \(implicitTime.spread).",
        ])
    }
}
