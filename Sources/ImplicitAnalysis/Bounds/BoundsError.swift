/// Why bounds could not be computed: a bad input set or labels (the caller's input), or a method
/// that cannot give a finite sound bound for this model (an answer about the model, not an error
/// in the input; the CLI exits 3 for those).
public enum BoundsError: Error, CustomStringConvertible, Equatable {
    /// The input set is malformed: wrong shape, NaN, an empty interval, a negative radius.
    case invalidInputSet(why: String)
    /// A label is not a class index 0…classes−1, or there is not one label per row.
    case invalidLabels(why: String)
    /// The model has a part the method cannot bound (named), so no sound bound exists from it.
    case unsupportedModel(why: String)
    /// The method gives no finite bound: `why` names the component and the reason.
    case noFiniteBound(why: String)

    /// True for the answers "this method cannot bound this model" (exit 3), false for bad input.
    public var isMethodLimitation: Bool {
        switch self {
        case .unsupportedModel, .noFiniteBound: return true
        case .invalidInputSet, .invalidLabels: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidInputSet(let why): return "input set: \(why)"
        case .invalidLabels(let why): return "labels: \(why)"
        case .unsupportedModel(let why): return "cannot bound this model: \(why)"
        case .noFiniteBound(let why): return "no finite bound: \(why)"
        }
    }
}
