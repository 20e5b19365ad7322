import Foundation
import Testing

/// `implicit fit` through the built binary: the written model predicts what fit reported.
@Suite struct FitCommandTests {
    /// A deterministic regression set: 2 targets of 4 inputs through a small ReLU teacher.
    static func writeRegressionData(in dir: URL, samples m: Int = 60) throws -> (u: String, y: String, targets: [[Double]]) {
        var inputs: [[Double]] = [], targets: [[Double]] = []
        for j in 0..<m {
            let u = (0..<4).map { k in sin(Double(7 * j + 3 * k + 1)) }
            inputs.append(u)
            let h1 = max(0, u[0] - 0.5 * u[1] + 0.3), h2 = max(0, u[2] + u[3] - 0.2)
            targets.append([h1 - 2 * h2, 0.5 * h1 + u[1]])
        }
        func csv(_ rows: [[Double]]) -> String { rows.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n" }
        let u = dir.appendingPathComponent("u.csv"), y = dir.appendingPathComponent("y.csv")
        try csv(inputs).write(to: u, atomically: true, encoding: .utf8)
        try csv(targets).write(to: y, atomically: true, encoding: .utf8)
        return (u.path, y.path, targets)
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }

    /// RMSE of `predict` on the written file against the targets.
    static func predictedRMSE(model: String, inputs: String, targets: [[Double]]) throws -> Double {
        let result = try ImplicitCLI.run(["predict", model, "--input", inputs, "--raw"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows.count == targets.count)
        var sum = 0.0, count = 0
        for (row, target) in zip(rows, targets) { for (a, b) in zip(row, target) { sum += (a - b) * (a - b); count += 1 } }
        return (sum / Double(count)).squareRoot()
    }

    @Test func traceStepsNeverWritesIntoAFolderThatHoldsFiles() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, y, _) = try Self.writeRegressionData(in: dir)
        let model = dir.appendingPathComponent("model.npz").path
        // The scratch folder holds the inputs: tracing into it is refused before training.
        let result = try ImplicitCLI.run(["fit", "--input", u, "--target", y, "-o", model, "--states", "4",
                                          "--iterations", "1", "--refine", "0", "--trace-steps", dir.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the trace folder must be new or empty"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: model))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["u.csv", "y.csv"])
    }

    @Test(arguments: [("implicit", "relu", "npz"), ("feedforward:6,3", "tanh", "onnx"), ("implicit", "tanh", "yaml")])
    func writtenModelReproducesTheReportedError(structure: String, activation: String, format: String) throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, y, targets) = try Self.writeRegressionData(in: dir)
        let model = dir.appendingPathComponent("model.\(format)").path
        let result = try ImplicitCLI.run(["fit", "--input", u, "--target", y, "-o", model, "--states", "9",
                                          "--structure", structure, "--activation", activation, "--iterations", "3", "--refine", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.json(result.stdout)
        let fit = try #require(document["fit"] as? [String: Any])
        let history = try #require(fit["history"] as? [[String: Any]])
        #expect(history.count == 4)
        let written = try #require((document["writtenFileTraining"] as? [String: Any])?["rmse"] as? Double)
        let trained = try #require((fit["readoutRefitTraining"] as? [String: Any])?["rmse"] as? Double)
        let predicted = try Self.predictedRMSE(model: model, inputs: u, targets: targets)
        #expect(abs(predicted - written) <= 1e-9, "predict gives \(predicted), fit reported \(written)")
        // Float64 formats hold the trained model exactly; ONNX rounds the weights to float32.
        #expect(abs(written - trained) <= (format == "onnx" ? 1e-5 : 1e-12))
        let verdict = (document["wellPosedness"] as? [String: Any])?["verdict"] as? String
        #expect(verdict == "wellPosed")
        let lint = try ImplicitCLI.run(["lint", model])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    }

    /// `--rank k`: the written file predicts the reported RMSE, lints well-posed, and the JSON
    /// options carry the rank.
    @Test(arguments: [("relu", "npz"), ("tanh", "yaml")])
    func rankFitReproducesTheReportedError(activation: String, format: String) throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, y, targets) = try Self.writeRegressionData(in: dir)
        let model = dir.appendingPathComponent("low-rank.\(format)").path
        let result = try ImplicitCLI.run(["fit", "--input", u, "--target", y, "-o", model, "--states", "8", "--rank", "2",
                                          "--activation", activation, "--kappa", "0.6", "--iterations", "3", "--refine", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.json(result.stdout)
        let fit = try #require(document["fit"] as? [String: Any])
        let options = try #require(fit["options"] as? [String: Any])
        #expect(options["rank"] as? Int == 2)
        let written = try #require((document["writtenFileTraining"] as? [String: Any])?["rmse"] as? Double)
        let trained = try #require((fit["readoutRefitTraining"] as? [String: Any])?["rmse"] as? Double)
        let predicted = try Self.predictedRMSE(model: model, inputs: u, targets: targets)
        #expect(abs(predicted - written) <= 1e-9, "predict gives \(predicted), fit reported \(written)")
        #expect(abs(written - trained) <= 1e-12)
        #expect((document["wellPosedness"] as? [String: Any])?["verdict"] as? String == "wellPosed")
    }

    @Test func textReportNamesTheCertificate() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, y, _) = try Self.writeRegressionData(in: dir)
        let model = dir.appendingPathComponent("m.npz").path
        let result = try ImplicitCLI.run(["fit", "--input", u, "--target", y, "-o", model, "--states", "5", "--iterations", "2", "--kappa", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("well-posed"))
        #expect(result.stdout.contains("certificate: normInf on A"))
        #expect(result.stdout.contains("readout refit"))
        #expect(result.stderr.isEmpty, "no progress lines when stderr is not a terminal")
    }

    @Test func crossEntropyTrainsAClassifierWithASoftmaxHead() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, _, targets) = try Self.writeRegressionData(in: dir)
        let labels = dir.appendingPathComponent("labels.csv")
        try targets.map { $0[0] > 0 ? "1" : "0" }.joined(separator: "\n").appending("\n").write(to: labels, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("c.npz").path
        let result = try ImplicitCLI.run(["fit", "--input", u, "--target", labels.path, "-o", model, "--states", "6",
                                          "--loss", "cross-entropy", "--iterations", "3", "--refine", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let fit = try #require(try Self.json(result.stdout)["fit"] as? [String: Any])
        let score = try #require(fit["readoutRefitTraining"] as? [String: Any])
        let accuracy = try #require(score["accuracy"] as? Double)
        // Recomputed from predict's softmax outputs.
        let predicted = try ImplicitCLI.run(["predict", model, "--input", u])
        let rows = predicted.stdout.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
        let correct = zip(rows, targets).filter { row, t in (row[1] > row[0] ? 1 : 0) == (t[0] > 0 ? 1 : 0) }.count
        #expect(abs(Double(correct) / Double(rows.count) - accuracy) <= 1e-12)
        for row in rows { #expect(abs(row.reduce(0, +) - 1) <= 1e-12) }
    }

    @Test func badInputIsRefusedWithoutWritingAnything() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, y, _) = try Self.writeRegressionData(in: dir)
        let short = dir.appendingPathComponent("short.csv")
        try "1,2\n3,4\n".write(to: short, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.npz").path
        let cases: [([String], String)] = [
            (["--target", short.path, "--states", "4"], "samples"),
            (["--target", y, "--states", "4", "--activation", "sigmoid"], "relu or tanh"),
            (["--target", y, "--states", "4", "--kappa", "1.5"], "kappa"),
            (["--target", y, "--structure", "feedforward:3,x"], "layer sizes"),
            (["--target", y], "--states"),
            (["--target", y, "--states", "4", "--rank", "5"], "rank"),
            (["--target", y, "--structure", "feedforward:3,2", "--rank", "1"], "rank"),
            (["--target", y, "--states", "4", "--refine=-1"], "refinement steps"),
            (["--target", y, "--states", "4", "--lambda-growth", "0.5"], "growth"),
        ]
        for (extra, words) in cases {
            let result = try ImplicitCLI.run(["fit", "--input", u, "-o", model] + extra)
            #expect(result.status == 2, "\(extra): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(words), "\(extra): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: model))
        }
    }

    /// The default path refines after BCD: the history marks the stages, the written file
    /// predicts the refined figure to 1e-9, the refinement never raises the training loss
    /// above the readout refit it starts from, and the model lints well-posed.
    @Test(arguments: [("implicit", "relu", "npz"), ("feedforward:6,3", "tanh", "yaml"), ("implicit", "tanh", "txtpb")])
    func refinedModelReproducesTheReportedError(structure: String, activation: String, format: String) throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (u, y, targets) = try Self.writeRegressionData(in: dir)
        let model = dir.appendingPathComponent("refined.\(format)").path
        let result = try ImplicitCLI.run(["fit", "--input", u, "--target", y, "-o", model, "--states", "9", "--structure", structure,
                                          "--activation", activation, "--iterations", "2", "--refine", "12", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.json(result.stdout)
        let fit = try #require(document["fit"] as? [String: Any])
        let history = try #require(fit["history"] as? [[String: Any]])
        let stages = history.compactMap { $0["stage"] as? String }
        #expect(stages == [String](repeating: "bcd", count: 3) + [String](repeating: "refinement", count: stages.count - 3))
        #expect(stages.count > 4 && stages.count <= 3 + 13)
        let refined = try #require((fit["refinedTraining"] as? [String: Any])?["rmse"] as? Double)
        let readout = try #require((fit["readoutRefitTraining"] as? [String: Any])?["rmse"] as? Double)
        #expect(refined <= readout)
        let written = try #require((document["writtenFileTraining"] as? [String: Any])?["rmse"] as? Double)
        #expect(abs(written - refined) <= 1e-12)
        let predicted = try Self.predictedRMSE(model: model, inputs: u, targets: targets)
        #expect(abs(predicted - written) <= 1e-9, "predict gives \(predicted), fit reported \(written)")
        #expect((document["wellPosedness"] as? [String: Any])?["verdict"] as? String == "wellPosed")
        let lint = try ImplicitCLI.run(["lint", model])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let text = try ImplicitCLI.run(["fit", "--input", u, "--target", y, "-o", model, "--force", "--states", "9", "--structure", structure,
                                        "--activation", activation, "--iterations", "2", "--refine", "12"])
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains("refinement (") && $0.contains("written: training RMSE ") })
        // The text prints the refined figure of the JSON to four significant digits (docs/cli.md).
        let printed = try #require(line.components(separatedBy: "written: training RMSE ").last)
        #expect(printed == String(format: "%.4g", refined), "\(line)")
    }
}
