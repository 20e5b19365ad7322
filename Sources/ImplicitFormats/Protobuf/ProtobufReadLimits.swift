/// Bounds on what a `.pb` / `.txtpb` file may make us allocate beyond its own bytes.
///
/// Protobuf decoding itself allocates in proportion to the file. What the file can inflate are
/// the things stored implicitly: a layer `size` with an empty (zero) bias, a sparse block of
/// `rows × cols` with three entries, an absent D. Each such size is checked against these
/// limits before anything is allocated, so a 20-byte file cannot ask for 400 GB.
public struct ProtobufReadLimits: Sendable, Equatable {
    /// The largest size of a port, layer or state block: 2²⁴ units, 256× the widest layers in use.
    public var maximumDimension: Int = 1 << 24
    /// The most elements the reader may create that the file does not store (zeros of sparse
    /// blocks, empty biases, absent D): 2²⁸ doubles, 2 GiB.
    public var maximumImpliedElements: Int = 1 << 28

    public init() {}

    public init(maximumDimension: Int, maximumImpliedElements: Int) {
        self.maximumDimension = maximumDimension
        self.maximumImpliedElements = maximumImpliedElements
    }
}

/// Counts the elements a reader creates that the file does not store, against
/// `ProtobufReadLimits.maximumImpliedElements`.
final class ImpliedElementBudget {
    private let limit: Int
    private(set) var spent = 0

    init(limit: Int) { self.limit = limit }

    /// Reserves `count` elements, or says why not.
    /// - Returns: nil when the elements fit, otherwise the message for the error.
    func reserve(_ count: Int) -> String? {
        let (total, overflow) = spent.addingReportingOverflow(count)
        guard !overflow, total <= limit else {
            return "would expand to \(count) stored elements, beyond the reader's limit of \(limit) implied elements"
        }
        spent = total
        return nil
    }
}
