/// An integer tensor of extents, rank 0 or 1, in which the batch extent N appears though the
/// model does not fix it: what `Shape` of a tensor computed from the input gives when the
/// input's first dimension is symbolic, and what the legacy PyTorch exporter builds
/// `x.view(x.size(0), -1)` from (`Shape → Gather(0) → Unsqueeze → Concat([N], [-1]) →
/// Reshape`). Entries that are known numbers are kept as numbers; a value with no batch entry
/// left is an ordinary constant (`ONNXValue.extents(_:)`). Only operators that move extents
/// (Gather, Unsqueeze, Squeeze, Concat, Cast, Identity) and Reshape's shape input read it;
/// arithmetic on N is refused with the node named.
struct ONNXShapeValue: Sendable, Equatable {
    enum Extent: Sendable, Equatable {
        case known(Int)
        /// The batch extent N of the model's input.
        case batch
    }

    let extents: [Extent]
    /// True for a rank-0 tensor (one extent, `Gather` with a scalar index).
    let isScalar: Bool

    init(_ extents: [Extent], isScalar: Bool = false) {
        self.extents = extents
        self.isScalar = isScalar
    }

    /// The ONNX dims of the tensor.
    var dims: [Int] { isScalar ? [] : [extents.count] }

    /// The entries as ONNX would print them, N for the batch.
    var description: String {
        let parts = extents.map { extent -> String in
            switch extent {
            case .known(let v): return String(v)
            case .batch: return "N"
            }
        }
        return isScalar ? (parts.first ?? "") : "[" + parts.joined(separator: ", ") + "]"
    }
}

extension ONNXValue {
    /// Extents as a value: an int64 constant when every entry is known, else a shape value.
    static func extents(_ extents: [ONNXShapeValue.Extent], isScalar: Bool = false) -> ONNXValue {
        let known = extents.compactMap { extent -> Double? in
            if case .known(let v) = extent { return Double(v) }
            return nil
        }
        guard known.count == extents.count else { return .shape(ONNXShapeValue(extents, isScalar: isScalar)) }
        return .constant(ONNXConstant(dims: isScalar ? [] : [known.count], values: known, dataType: ONNXDataType.int64))
    }

    /// The entries of an extents value (a shape value, or a 1-D or scalar integer constant);
    /// nil for anything else.
    var extentEntries: (extents: [ONNXShapeValue.Extent], isScalar: Bool)? {
        switch self {
        case .shape(let s):
            return (s.extents, s.isScalar)
        case .constant(let c) where c.isInteger && c.rank <= 1:
            guard let values = try? c.integers(what: "") else { return nil }
            return (values.map { .known($0) }, c.rank == 0)
        default:
            return nil
        }
    }
}

extension ONNXShapeValue {
    /// Unsqueeze of a scalar to a 1-D list (one axis, 0 of the rank-1 result: [0] or [-1]).
    func unsqueezed(axes: [Int]) throws -> ONNXValue {
        guard isScalar, axes.count == 1 else {
            throw ONNXNodeFailure("Unsqueeze(axes=\(axes)) of the extents \(description) is not supported; only a scalar to a 1-D list")
        }
        _ = try ONNXNodeContext.normalizedAxes(axes, rank: 1)
        return .extents(extents)
    }

    /// Squeeze of a one-entry list to a scalar (axes absent, or the one axis: [0] or [-1]).
    func squeezed(axes: [Int]?) throws -> ONNXValue {
        guard !isScalar, extents.count == 1, axes.map({ $0.count == 1 }) ?? true else {
            throw ONNXNodeFailure("Squeeze of the extents \(description) is not supported; only a one-entry list to a scalar")
        }
        if let axes { _ = try ONNXNodeContext.normalizedAxes(axes, rank: 1) }
        return .extents(extents, isScalar: true)
    }

    /// Concat of extents lists (shape values and 1-D integer constants) along their one axis.
    static func concatenated(_ values: [ONNXValue], axis: Int) throws -> ONNXValue {
        _ = try ONNXNodeContext.normalizedAxis(axis, rank: 1)
        var joined: [Extent] = []
        for value in values {
            guard let entries = value.extentEntries, !entries.isScalar else {
                throw ONNXNodeFailure("joins the extents of a tensor with something that is not a 1-D list of integers")
            }
            joined += entries.extents
        }
        return .extents(joined)
    }

    /// The target of a Reshape whose batch entry is first: the known entries with the batch
    /// as 0, or nil when N appears elsewhere (it would mix samples into features).
    var reshapeTargetKeepingBatch: [Int]? {
        guard !isScalar, extents.first == .batch else { return nil }
        var out = [0]
        for extent in extents.dropFirst() {
            guard case .known(let v) = extent else { return nil }
            out.append(v)
        }
        return out
    }
}
