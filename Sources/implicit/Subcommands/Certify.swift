import ArgumentParser
import Foundation
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel

struct Certify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide which rows provably keep their class over the box |u − x| ≤ eps, and the certified accuracy.",
        discussion: """
            Bounds the margins y_label − y_j of the raw outputs directly; a row is certified when every margin's \
            lower bound is positive. Exit 0 done, 3 the method gives no finite sound bound for this model, \
            2 bad input. The JSON report is documented in docs/robustness.md.
            """)

    @OptionGroup var input: ModelInputOptions
    @OptionGroup var ball: BallArguments
    @OptionGroup var bounding: BoundsMethodOption

    @Option(help: "Labels: .npy of integers 0…q−1, shape (m,) or (m, 1).")
    var labels: String

    @Flag(help: "Print one JSON document (the CertificationReport).")
    var json = false

    func validate() throws {
        guard ball.samples != nil, ball.eps != nil else { throw ValidationError("certify needs --input X and --eps E") }
    }

    func run() throws {
        guard let samplesPath = ball.samples, let eps = ball.eps else { throw ValidationError("certify needs --input X and --eps E") }
        let model = try input.implicitModel()
        let (samples, inputs) = try ball.inputSet(samples: samplesPath, eps: eps, features: model.input.size,
                                                 memoryLimit: input.maxMemory)
        let classes = try Self.readLabels(labels, rows: samples.cols, memoryLimit: input.maxMemory)
        let report = try boundsOutcome(model: input.model, inputFile: labels) {
            try Certification(bounds: try OutputBounds(model: model, method: bounding.method))
                .certify(samples: samples, labels: classes, inputs: inputs)
        }
        print(json ? try JSONText.encode(report) : Self.render(report, model: input.model, eps: eps))
    }

    /// Integer labels, one per row.
    static func readLabels(_ path: String, rows: Int, memoryLimit: MemoryLimit) throws -> [Int] {
        let array = try NPYFile.read(URL(fileURLWithPath: path), memoryLimit: memoryLimit)
        guard array.shape.count == 1 || (array.shape.count == 2 && array.shape[1] == 1) else {
            throw FormatError(file: path, "shape \(array.shapeDescription) is neither (m,) nor (m, 1)")
        }
        guard array.shape[0] == rows else { throw FormatError(file: path, "has \(array.shape[0]) labels for \(rows) rows") }
        guard let values = array.doubles else { throw FormatError(file: path, "holds strings, expected integer labels") }
        return try values.enumerated().map { row, value in
            guard value.rounded() == value, abs(value) < 1e15 else {
                throw FormatError(file: path, "row \(row) has the label \(value), not an integer")
            }
            return Int(value)
        }
    }

    static func render(_ report: CertificationReport, model: String, eps: Double) -> String {
        func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
        var lines = ["\(model): \(report.count) rows, eps \(eps), method \(report.method.rawValue) (\(report.applied.map(\.rawValue).joined(separator: " ∩ ")))",
                     "clean accuracy \(percent(report.cleanAccuracy)) (\(report.correct)/\(report.count))",
                     "certified accuracy \(percent(report.certifiedAccuracy)) (\(report.certifiedCount)/\(report.count))"]
        for component in report.unconvergedComponents {
            lines.append("note: the interval iteration of component {\(component.joined(separator: ", "))} stopped at its cap (bounds sound, perhaps loose)")
        }
        return lines.joined(separator: "\n")
    }
}
