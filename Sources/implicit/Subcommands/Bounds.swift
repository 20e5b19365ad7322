import ArgumentParser
import Foundation
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel

struct Bounds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bound the raw outputs Cx + Du + c over a box of inputs around each row, with a guarantee.",
        discussion: """
            Input sets: --input X --eps E [--clip lo,hi] (a box per row), --box lo,hi (one box, every feature), \
            or --lower L.npy --upper U.npy ((p,) for one box or (m, p) for one per row). Exit 0 bounds computed, \
            3 the method gives no finite sound bound for this model (the reason is printed), 2 bad input. \
            The JSON report is documented in docs/robustness.md.
            """)

    @OptionGroup var input: ModelInputOptions
    @OptionGroup var ball: BallArguments
    @OptionGroup var bounding: BoundsMethodOption

    @Option(parsing: .unconditional, help: "One box for all: 'lo,hi' for every feature.")
    var box: String?

    @Option(help: "Per-feature lower ends: .npy of shape (p,) or (m, p).")
    var lower: String?

    @Option(help: "Per-feature upper ends, the shape of --lower.")
    var upper: String?

    @Option(name: .shortAndLong, help: "Write the bounds: .npz with lower and upper, float64 (m, q).")
    var output: String?

    @OptionGroup var overwrite: OverwriteOption

    @Flag(help: "Print one JSON document (the OutputBoundsReport).")
    var json = false

    func validate() throws {
        let forms = [ball.samples != nil || ball.eps != nil, box != nil, lower != nil || upper != nil].filter { $0 }.count
        guard forms == 1 else { throw ValidationError("give one input set: --input X --eps E, --box lo,hi, or --lower L --upper U") }
        if (ball.samples == nil) != (ball.eps == nil) { throw ValidationError("--input and --eps go together") }
        if (lower == nil) != (upper == nil) { throw ValidationError("--lower and --upper go together") }
        if let box { _ = try IntervalArgument(box, flag: "--box") }
        if let output, URL(fileURLWithPath: output).pathExtension.lowercased() != "npz" {
            throw ValidationError("-o writes an .npz archive (lower, upper); \(output) has another extension")
        }
    }

    func run() throws {
        let model = try input.implicitModel()
        let (inputs, inputFile) = try inputSet(features: model.input.size)
        let report = try boundsOutcome(model: input.model, inputFile: inputFile) {
            try OutputBounds(model: model, method: bounding.method).outputReport(inputs)
        }
        if let output {
            let protected = [input.model, ball.samples, lower, upper].compactMap { $0 }.map { URL(fileURLWithPath: $0) }
            let shape = [report.rows, report.outputs]
            try NPZFile.write([("lower", NumPyArray(shape: shape, storage: .float64(report.lower.flatMap { $0 }))),
                               ("upper", NumPyArray(shape: shape, storage: .float64(report.upper.flatMap { $0 })))],
                              to: URL(fileURLWithPath: output), refusingToOverwrite: protected, force: overwrite.force)
        }
        print(json ? try JSONText.encode(report) : BoundsReportText.render(report, model: input.model))
    }

    /// The input set of whichever form was given, and the file to name in its errors.
    private func inputSet(features: Int) throws -> (InputSet, String) {
        if let samples = ball.samples, let eps = ball.eps {
            return (try ball.inputSet(samples: samples, eps: eps, features: features, memoryLimit: input.maxMemory).inputs, samples)
        }
        if let box {
            let interval = try IntervalArgument(box, flag: "--box")
            let ends = Matrix(rows: features, cols: 1, repeating: interval.lower)
            return (try inFile(input.model) {
                try InputSet(lower: ends, upper: Matrix(rows: features, cols: 1, repeating: interval.upper))
            }, input.model)
        }
        guard let lower, let upper else { throw ValidationError("give one input set") }
        let lo = try Self.ends(lower, features: features, memoryLimit: input.maxMemory)
        let hi = try Self.ends(upper, features: features, memoryLimit: input.maxMemory)
        guard lo.cols == hi.cols else {
            throw FormatError(file: upper, "has \(hi.cols) rows, \(lower) has \(lo.cols)")
        }
        return (try inFile(upper) { try InputSet(lower: lo, upper: hi) }, upper)
    }

    /// Per-feature ends from an .npy of shape (p,) or (m, p), as p × m.
    private static func ends(_ path: String, features: Int, memoryLimit: MemoryLimit) throws -> Matrix {
        let array = try NPYFile.read(URL(fileURLWithPath: path), memoryLimit: memoryLimit)
        guard let values = array.doubles else { throw FormatError(file: path, "holds strings, expected numbers") }
        let rows: Int
        switch array.shape.count {
        case 1: rows = 1
        case 2: rows = array.shape[0]
        default: throw FormatError(file: path, "shape \(array.shapeDescription) is neither (p,) nor (m, p)")
        }
        guard array.shape.last == features, rows > 0 else {
            throw FormatError(file: path, "shape \(array.shapeDescription) does not have the model's \(features) features per row")
        }
        return Matrix(rows: features, cols: rows, columnMajor: values)
    }
}
