/// Bounds on what a `.pb` / `.txtpb` file may make us allocate beyond its own bytes.
///
/// Protobuf decoding itself allocates in proportion to the file. What the file can inflate are
/// the things stored implicitly: a layer `size` with an empty (zero) bias, a sparse block of
/// `rows × cols` with three entries, an absent D, the dense D of an assembled network. Each such
/// size is checked against these limits before anything is allocated, so a 20-byte file cannot
/// ask for 400 GB.
public struct ProtobufReadLimits: Sendable, Equatable {
    /// The largest size of a port, layer or state block: 2²⁴ units, 256× the widest layers in use.
    public var maximumDimension: Int = 1 << 24
    /// The most elements the reader may create that the file does not store (zeros of sparse
    /// blocks, empty biases, absent D): `MemoryLimit.default` in doubles.
    public var maximumImpliedElements: Int = MemoryLimit.default.doubles

    public init() {}

    public init(maximumDimension: Int, maximumImpliedElements: Int) {
        self.maximumDimension = maximumDimension
        self.maximumImpliedElements = maximumImpliedElements
    }

    /// The default dimension limit, and `memory` for the implied elements.
    public init(memory: MemoryLimit) {
        self.maximumImpliedElements = memory.doubles
    }

    /// The implied-element limit as a memory limit, for `MemoryBudget`.
    var memory: MemoryLimit {
        MemoryLimit(bytes: maximumImpliedElements.multipliedReportingOverflow(by: 8).overflow ? Int.max : maximumImpliedElements * 8)
    }
}
