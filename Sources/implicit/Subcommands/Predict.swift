import ArgumentParser
import Foundation
import ImplicitFormats
import ImplicitModel

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict outputs for a file of inputs, one sample per row.",
        discussion: "Solves every well-posed model, not only contractive ones; every state is verified before it is written.")

    @OptionGroup var input: ModelInputOptions

    @Option(name: .customLong("input"), help: "Inputs: .npy of shape (m, p), or (m, C, H, W) for a model whose input has that sample shape (C order); or .csv with m rows of p numbers.")
    var data: String

    @Option(name: .shortAndLong, help: "Outputs: .npy (m, q) or .csv; printed as CSV when absent.")
    var output: String?

    @Flag(help: "Skip the output head (softmax, sigmoid): print Cx + Du + c.")
    var raw = false

    @Option(help: "Fixed-point stopping tolerance (default 1e-12).")
    var tol: Double?

    @Option(help: "Arithmetic: auto (default: float32 for a feedforward model whose file stores float32 weights, such as a float32 ONNX model, float64 otherwise), float64 (the exact path), or float32 for a feedforward model: one float32 gemm per layer, as onnxruntime runs float32 ONNX models (rounding of order 1e-6 relative).")
    var precision: Precision = .auto

    enum Precision: String, ExpressibleByArgument {
        case auto, float64, float32
    }

    @Flag(help: "Say on stderr which arithmetic ran and how each cyclic component was solved (method, sweeps).")
    var verbose = false

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        if let tol, !(tol > 0 && tol.isFinite) { throw ValidationError("--tol must be a positive number") }
    }

    func run() throws {
        // Float32 weights stay float32 for the float32 plan (which then shares them); float64
        // arithmetic reads them widened, once per product.
        let loaded = try input.load(keepingFloat32Weights: precision != .float64)
        let model = try input.implicitModel(of: loaded)
        let inputs = try DataFile.read(data, memoryLimit: input.maxMemory, sampleShape: model.input.validShape)
        do {
            try input.maxMemory.check(doubles: model.evaluationDoubles(samples: inputs.cols))
        } catch {
            throw FileError(file: data, lead: "predicting \(inputs.cols) samples ", error)
        }
        var options = SolverOptions()
        if let tol { options.tolerance = tol }
        let arithmetic: WeightPrecision
        switch precision {
        case .auto: arithmetic = loaded.weightPrecision.defaultArithmetic(for: model)
        case .float64: arithmetic = .float64
        case .float32: arithmetic = .float32
        }
        let outputs: Matrix
        var report = EvaluationReport()
        do {
            guard let predicted = try model.predict(inputs, applyHead: !raw, arithmetic: arithmetic, options: options, report: &report) else {
                throw ValidationError("--precision float32 needs a feedforward model; this one has cyclic state blocks (run `implicit info`)")
            }
            outputs = predicted
        } catch let error as EvaluationError {
            throw FileError(file: data, error)
        }
        if verbose {
            let why = precision == .auto ? " (auto: weights stored as \(loaded.weightPrecision))" : ""
            var lines = ["\(input.model): \(arithmetic) arithmetic\(why)"]
            lines += report.components.map { "  \($0.summary)" }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        if let output {
            try DataFile.write(outputs, to: output, inputs: [input.model, data], force: overwrite.force)
        } else {
            var text = ""
            for j in 0..<outputs.cols {
                text += outputs.column(j).map { "\($0)" }.joined(separator: ",") + "\n"
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
