import ImplicitAnalysis
import ImplicitModel
import Linalg

/// Everything the report page shows, computed from the model by the analyses that own each
/// question (summary, lint, reduce, the SVDs of A's blocks) and one pass over M's entries.
/// Codable, so that a page can be rendered again, or checked, from the value alone.
///
/// Sections that need more than the model are optional: `activations` when inputs are given,
/// `robustness` when inputs and a radius (`options.eps`) are given. The training history of a
/// fitted model will be a further optional property, with its own section renderer.
public struct ModelReport: Codable, Sendable, Equatable {
    /// The model's file name, as the page's title.
    public let title: String
    public let summary: ModelSummary
    public let wellPosedness: WellPosednessReport
    public let graph: BlockGraph
    public let picture: MatrixPicture
    public let norms: WeightNorms
    /// One entry per stored block of A: its singular values and numerical rank (or why none).
    public let spectra: [LowRankFactor]
    /// The exact reductions (no tolerance), over the inputs' bounding box when inputs are given.
    public let reduction: ReductionReport
    /// The data file the statistics and the reduction box come from.
    public let inputsName: String?
    public let activations: ActivationStatistics?
    /// The output bounds over the balls of radius `options.eps` around the inputs.
    public let robustness: OutputRobustness?

    /// - Parameters:
    ///   - kind: `network` or `implicit`, the document the model was read from.
    ///   - inputs: p × m samples, one per column, for the activation statistics and the box of
    ///     the dead-unit analysis.
    /// - Throws: `BoundsError.invalidInputSet` for `options.eps` without inputs, or a bad radius
    ///   or clip box; `ReductionError`, `LinalgError`, `EvaluationError` from the
    ///   analyses.
    public init(model: ImplicitModel, kind: String, title: String, inputs: Matrix? = nil, inputsName: String? = nil,
                options: ReportOptions = ReportOptions()) throws {
        self.title = title
        self.inputsName = inputs == nil ? nil : inputsName
        summary = ModelSummary(model: model, kind: kind)
        wellPosedness = model.wellPosedness()
        graph = BlockGraph(model: model, wellPosedness: wellPosedness)
        let scan = MatrixScan(model, maxCells: options.matrixCells, minCells: options.minimumBlockCells)
        picture = scan.picture
        norms = scan.norms
        spectra = try LowRankFactorization.analyze(model, scope: .blocks, svdSizeLimit: options.svdSizeLimit)
        var exact = ExactReductionOptions()
        if let inputs, inputs.cols > 0 { exact.box = try InputBox(enclosing: inputs) }
        reduction = try ReductionPipeline(options: ReductionOptions(exact: exact)).run(model).report
        activations = try inputs.map { try ActivationStatistics(model: model, inputs: $0, solver: options.solver) }
        if let eps = options.eps {
            guard let inputs else { throw BoundsError.invalidInputSet(why: "a radius without samples to centre the balls on") }
            robustness = try OutputRobustness(model: model, samples: inputs, eps: eps, clip: options.clip, solver: options.solver)
        } else {
            robustness = nil
        }
    }
}
