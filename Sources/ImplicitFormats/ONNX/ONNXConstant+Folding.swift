import ImplicitModel

/// Constant folding: what an operator gives when all its inputs are constants (NumPy
/// broadcasting, as ONNX specifies for elementwise operators).
extension ONNXConstant {
    /// The broadcast shape of two shapes (right-aligned; each pair equal or one of them 1).
    static func broadcastDims(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        return try zip(pa, pb).map { x, y in
            guard x == y || x == 1 || y == 1 else {
                throw ONNXNodeFailure("shapes \(a) and \(b) do not broadcast")
            }
            return x == 1 ? y : x
        }
    }

    /// The values of `self` broadcast to `dims`, row-major.
    func broadcast(to target: [Int]) -> [Double] {
        let padded = [Int](repeating: 1, count: target.count - dims.count) + dims
        let sourceStrides = ONNXConstant.strides(padded)
        var out = [Double](repeating: 0, count: target.reduce(1, *))
        ONNXConstant.forEachIndex(of: target) { index, flat in
            var source = 0
            for axis in target.indices where padded[axis] != 1 { source += index[axis] * sourceStrides[axis] }
            out[flat] = values[source]
        }
        return out
    }

    /// a ∘ b elementwise with broadcasting; the broadcast result is checked against `memory`
    /// before it is computed (two thin constants can broadcast to a huge one).
    static func elementwise(_ a: ONNXConstant, _ b: ONNXConstant, memory: MemoryBudget,
                            _ op: (Double, Double) -> Double) throws -> ONNXConstant {
        let dims = try broadcastDims(a.dims, b.dims)
        guard let count = elementCount(dims) else { throw ONNXNodeFailure("shapes \(a.dims) and \(b.dims) broadcast to too many elements to count") }
        try memory.check(count, for: "broadcasting \(a.shapeDescription) and \(b.shapeDescription) to \(dims)")
        let va = a.broadcast(to: dims), vb = b.broadcast(to: dims)
        let type = a.dataType == b.dataType ? a.dataType : ONNXDataType.double
        var values = zip(va, vb).map(op)
        if a.isInteger && b.isInteger { values = values.map { $0.rounded(.towardZero) } }
        return ONNXConstant(dims: dims, values: values, dataType: type)
    }

    /// φ applied to every element.
    func mapped(_ f: (Double) -> Double) -> ONNXConstant {
        ONNXConstant(dims: dims, values: values.map(f), dataType: dataType)
    }

    /// The same values under new extents (same count).
    func reshaped(_ newDims: [Int]) -> ONNXConstant {
        ONNXConstant(dims: newDims, values: values, dataType: dataType)
    }

    /// Parts joined along `axis` (normalized: `ONNXNodeContext.normalizedAxis`); all other
    /// extents must agree.
    static func concatenated(_ parts: [ONNXConstant], axis: Int, memory: MemoryBudget) throws -> ONNXConstant {
        guard let first = parts.first else { throw ONNXNodeFailure("Concat needs at least one input") }
        let (count, overflow) = parts.reduce((0, false)) { sum, part in
            let (total, o) = sum.0.addingReportingOverflow(part.count)
            return (total, sum.1 || o)
        }
        try memory.check(overflow ? Int.max : count, for: "joining \(parts.count) constants")
        precondition(axis >= 0 && axis < first.rank, "axis \(axis) is not normalized for rank \(first.rank)")
        for part in parts {
            guard part.rank == first.rank,
                  part.dims.indices.allSatisfy({ $0 == axis || part.dims[$0] == first.dims[$0] }) else {
                throw ONNXNodeFailure("Concat inputs of shapes \(first.shapeDescription) and \(part.shapeDescription) do not join along axis \(axis)")
            }
        }
        let outer = first.dims[..<axis].reduce(1, *)
        var values: [Double] = []
        for o in 0..<outer {
            for part in parts {
                let chunk = part.dims[axis...].reduce(1, *)
                values.append(contentsOf: part.values[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        var dims = first.dims
        dims[axis] = parts.reduce(0) { $0 + $1.dims[axis] }
        return ONNXConstant(dims: dims, values: values, dataType: first.dataType)
    }

    /// The constant as a matrix (rank 2), for Gemm and MatMul.
    func matrix(what: String) throws -> Matrix {
        guard rank == 2 else { throw ONNXNodeFailure("\(what) has shape \(shapeDescription); a 2-D weight is needed") }
        return Matrix(rows: dims[0], cols: dims[1], rowMajor: values)
    }
}
