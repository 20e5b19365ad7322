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

    @Option(help: "Arithmetic: float64 (default), or float32 for a feedforward model: one float32 gemm per layer, as onnxruntime runs float32 ONNX models (about twice as fast; rounding of order 1e-6 relative).")
    var precision: Precision = .float64

    enum Precision: String, ExpressibleByArgument {
        case float64, float32
    }

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let model = try located(input.model) {
            try ModelFile.read(input.model, options: input.readOptions).implicitModel()
        }
        let inputs = try DataFile.read(data, memoryLimit: input.maxMemory, sampleShape: model.input.validShape)
        if let why = input.maxMemory.refusal(doubles: model.evaluationDoubles(samples: inputs.cols)) {
            throw FormatError(file: data, "predicting \(inputs.cols) samples " + why)
        }
        var options = SolverOptions()
        if let tol {
            guard tol > 0, tol.isFinite else { throw ValidationError("--tol must be a positive number") }
            options.tolerance = tol
        }
        let outputs: Matrix
        do {
            if precision == .float32 {
                guard let plan = Float32Plan(model) else {
                    throw ValidationError("--precision float32 needs a feedforward model; this one has cyclic state blocks (run `implicit info`)")
                }
                outputs = try plan.predict(inputs, applyHead: !raw)
            } else {
                outputs = try model.predict(inputs, applyHead: !raw, options: options)
            }
        } catch let error as EvaluationError {
            throw FormatError(file: data, error.description)
        }
        if let output {
            try DataFile.write(outputs, to: output, inputs: [input.model, data], force: force)
        } else {
            var text = ""
            for j in 0..<outputs.cols {
                text += outputs.column(j).map { "\($0)" }.joined(separator: ",") + "\n"
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
