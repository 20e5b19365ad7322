import ArgumentParser
import Foundation
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel
import ImplicitTraining

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a well-posed implicit model by block-coordinate descent (the paper's §4).",
        discussion: "The model is linted before it is written and its certificate printed; the errors reported are those of a real forward solve of the written model. Details: docs/training.md.")

    @Option(name: .customLong("input"), help: "Inputs U: .npy (m, p) or .csv.")
    var inputs: String

    @Option(help: "Targets Y: .npy (m, q) or .csv; for --loss cross-entropy integer labels (m,) or (m, 1).")
    var target: String

    @OptionGroup var output: OutputOptions

    @Option(help: "Number of states n (with a feedforward structure, the sum of the layer sizes).")
    var states: Int?

    @Option(help: "relu or tanh.")
    var activation = "relu"

    @Option(help: "squared or cross-entropy.")
    var loss: TrainingLoss = .squared

    @Option(help: "implicit (dense A, ‖A‖∞ ≤ κ) or feedforward:N1,N2,… (layer sizes from the input).")
    var structure = "implicit"

    @Option(help: "κ in ‖A‖∞ ≤ κ < 1 (implicit structure).")
    var kappa = 0.95

    @Option(help: "ℓ1 penalty on B, C, D, per sample.")
    var l1 = 0.0

    @Option(name: .customLong("column-penalty"), help: ArgumentHelp("Group penalty (19) on the columns of (B; D), per sample: λ or λ,α with α = 2 (default) or inf.", valueName: "λ[,α]"))
    var columnPenalty: String?

    @Option(help: ArgumentHelp("Keep A = L Rᵀ of rank ≤ k (implicit structure, §6.3): ‖L‖∞ ≤ κ and ‖Rᵀ‖∞ ≤ 1, so ‖A‖∞ ≤ κ.", valueName: "k"))
    var rank: Int?

    @Option(help: "BCD sweeps.")
    var iterations = 10

    @Option(help: "Dual weight λ of the divergence (implicit; default 1), or ε of λ = [ε^L, …, ε] (feedforward; default 0.001).")
    var lambda: Double?

    @Option(help: "μ, the weight of ½‖X − P‖² (default: λ, or ε).")
    var mu: Double?

    @Option(name: .customLong("lambda-growth"), help: ArgumentHelp("Dual schedule: after each sweep, λᵢ ← G·λᵢ for the states whose mean divergence exceeds --lambda-threshold (1: λ fixed).", valueName: "G"))
    var lambdaGrowth = 1.0

    @Option(name: .customLong("lambda-threshold"), help: ArgumentHelp("The mean divergence above which the dual schedule raises a state's λ.", valueName: "T"))
    var lambdaThreshold = FitOptions.defaultLambdaThreshold

    @Option(help: ArgumentHelp("Proximal gradient steps on the exact forward map after BCD (implicit differentiation, the constraint kept); 0: none. Reported apart from BCD's figures.", valueName: "K"))
    var refine = FitOptions.defaultRefinementSteps

    @Option(name: .customLong("trace-steps"), help: ArgumentHelp("Write the point after every BCD block (A, B, bias_x, C, D, bias_y, X, P, lambda, mu, kappa, l1, J) as FOLDER/sweep<s>-<k>-<block>.npz, to check each convex step independently.", valueName: "FOLDER"))
    var traceSteps: String?

    @Option(help: "Seed of the random initial model.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Validation data, scored after every sweep.", valueName: "V.npy,W.npy"))
    var validation: String?

    @Option(help: "auto: one line per sweep on stderr when it is a terminal; none.")
    var progress: ProgressMode = .auto

    enum ProgressMode: String, ExpressibleByArgument { case auto, none }

    @Flag(help: "Print the history and the well-posedness report as one JSON document.")
    var json = false

    @OptionGroup var reading: ModelReadingOptions

    /// The refused status when the trained model does not lint well-posed (nothing is written).
    static let refusedStatus: Int32 = 1

    func validate() throws { _ = try fitOptions() }

    func fitOptions() throws -> FitOptions {
        let relaxed: RelaxedActivation
        guard let parsed = Activation(name: activation) else {
            throw ValidationError("--activation \(activation) is not an activation; use relu or tanh")
        }
        do { relaxed = try RelaxedActivation(parsed) } catch { throw ValidationError("--activation: \(error)") }
        let shape: TrainingStructure
        if structure == "implicit" {
            guard let states else { throw ValidationError("--structure implicit needs --states N") }
            shape = .implicit(states: states)
        } else if structure.hasPrefix("feedforward:") {
            let sizes = structure.dropFirst("feedforward:".count).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ValidationError("--structure feedforward:N1,N2,… takes positive layer sizes, got \(structure)")
            }
            let layers = sizes.compactMap { $0 }
            if let states, states != layers.reduce(0, +) {
                throw ValidationError("--states \(states) differs from the \(layers.reduce(0, +)) states of \(structure)")
            }
            shape = .feedforward(layers: layers)
        } else {
            throw ValidationError("--structure is implicit or feedforward:N1,N2,…, got \(structure)")
        }
        var options = FitOptions(structure: shape, activation: relaxed, lambda: lambda, mu: mu)
        options.loss = loss
        options.kappa = kappa
        options.l1 = l1
        options.iterations = iterations
        options.rank = rank
        options.seed = seed
        options.lambdaGrowth = lambdaGrowth
        options.lambdaThreshold = lambdaThreshold
        options.refinementSteps = refine
        if let columnPenalty { options.columnPenalty = try Self.parseColumnPenalty(columnPenalty) }
        do { try options.validate() } catch { throw ValidationError("\(error)") }
        if let validation, validation.split(separator: ",").count != 2 {
            throw ValidationError("--validation takes two files, V.npy,W.npy")
        }
        return options
    }

    static func parseColumnPenalty(_ text: String) throws -> ColumnPenalty {
        let parts = text.split(separator: ",").map(String.init)
        guard (1...2).contains(parts.count), let weight = Double(parts[0]), weight >= 0, weight.isFinite else {
            throw ValidationError("--column-penalty takes λ or λ,α with λ ≥ 0, got \(text)")
        }
        guard parts.count == 2 else { return ColumnPenalty(weight: weight) }
        guard let norm = ColumnPenalty.Norm(rawValue: parts[1] == "∞" ? "inf" : parts[1]) else {
            throw ValidationError("--column-penalty: α is 2 or inf (the norms with an exact proximal map), got \(parts[1])")
        }
        return ColumnPenalty(weight: weight, norm: norm)
    }

    func run() throws {
        let options = try fitOptions()
        let data = try TrainingDataFiles.read(inputs: inputs, targets: target, loss: loss, memoryLimit: reading.maxMemory)
        var validationData: TrainingData?
        if let validation {
            let files = validation.split(separator: ",").map(String.init)
            validationData = try TrainingDataFiles.read(inputs: files[0], targets: files[1], loss: loss, memoryLimit: reading.maxMemory,
                                                        classes: data.targets.rows)
        }
        let showProgress = progress == .auto && isatty(STDERR_FILENO) == 1
        let result: FitResult
        let descent: BlockCoordinateDescent
        do {
            descent = try BlockCoordinateDescent(data: data, options: options, validation: validationData)
            let traceWriter = try traceSteps.map { try BlockTraceWriter(folder: $0, options: options) }
            result = try descent.run(progress: { entry in
                if showProgress { FileHandle.standardError.write(Data((FitReportText.progressLine(entry) + "\n").utf8)) }
            }, trace: traceWriter.map { writer in { writer.write($0) } })
            if let failure = traceWriter?.failure { throw failure }
        } catch let error as TrainingError {
            throw FileError(file: inputs, error)
        } catch let error as EvaluationError {
            throw FileError(file: inputs, lead: "a forward solve failed during training: ", error)
        } catch let error as ModelError {
            throw FileError(file: inputs, lead: "training made a model that is not valid: ", error)
        }
        let model: ImplicitModel
        do {
            model = try descent.model(result.parameters)
        } catch let error as ModelError {
            throw FileError(file: inputs, lead: "training made a model that is not valid: ", error)
        }
        let report = model.wellPosedness()
        let fitReport = result.report
        guard report.verdict == .wellPosed else {
            print(json ? try JSONText.encode(FitDocument(fit: fitReport, wellPosedness: report, model: output.output, writtenFileTraining: nil))
                       : WellPosednessReportText.render(report, model: output.output))
            CommandFailure.write("\(output.output): the trained model is not proven well-posed (\(WellPosednessReportText.verdictText(report.verdict))); nothing written")
            throw ExitCode(Fit.refusedStatus)
        }
        var protected = [inputs, target]
        if let validation { protected += validation.split(separator: ",").map(String.init) }
        try located(output.output) {
            try ModelFile.write(.implicit(model), to: output.output, inputs: protected, force: output.force)
        }
        // Scored again from the file as read back: a format may round the weights (ONNX holds
        // float32), and what `predict` gives on the file is what the report must say.
        let loaded = try reading.load(output.output)
        let written = try reading.implicitModel(of: loaded, file: output.output)
        let writtenScore: FitScore
        do {
            // In the arithmetic `predict` chooses by default for this file (float32 for a
            // feedforward ONNX model).
            var evaluation = EvaluationReport()
            // `defaultArithmetic` picks float32 only for an acyclic model, which Float32Plan takes.
            let arithmetic = loaded.weightPrecision.defaultArithmetic(for: written)
            guard let raw = try written.predict(data.inputs, applyHead: false, arithmetic: arithmetic, report: &evaluation) else {
                throw FormatError(file: output.output, "the written model has no \(arithmetic) evaluation")
            }
            writtenScore = FitScore(raw: raw, data: data, loss: loss)
        } catch let error as EvaluationError {
            throw FileError(file: output.output, lead: "the written model does not solve: ", error)
        }
        if json {
            print(try JSONText.encode(FitDocument(fit: fitReport, wellPosedness: report, model: output.output, writtenFileTraining: writtenScore)))
        } else {
            print(FitReportText.render(fitReport, data: data))
            print("  \(output.output) as written and read back: training \(FitReportText.score(writtenScore))")
            print(WellPosednessReportText.render(report, model: output.output))
        }
    }
}

extension TrainingLoss: ExpressibleByArgument {}

/// `fit --json`: the training report and the written model's well-posedness.
struct FitDocument: Encodable {
    let fit: FitReport
    let wellPosedness: WellPosednessReport
    let model: String
    /// The training error of the file as read back (nil when nothing was written).
    let writtenFileTraining: FitScore?
}
