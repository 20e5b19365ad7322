/// Picking positions along one axis of a constant, as `Gather` and `Split` do.
extension ONNXConstant {
    /// The tensor with only positions `indices` (already in range, in that order) of `axis`
    /// kept: NumPy's `take(indices, axis)` for 1-D indices.
    func taking(_ indices: [Int], alongAxis axis: Int) -> ONNXConstant {
        var outDims = dims
        outDims[axis] = indices.count
        let inStrides = ONNXConstant.strides(dims)
        var out = [Double](repeating: 0, count: outDims.reduce(1, *))
        ONNXConstant.forEachIndex(of: outDims) { index, flat in
            var source = 0
            for k in index.indices { source += (k == axis ? indices[index[k]] : index[k]) * inStrides[k] }
            out[flat] = values[source]
        }
        return ONNXConstant(dims: outDims, values: out, dataType: dataType)
    }
}

extension ONNXDataValue {
    /// The tensor with only positions `indices` (in range, in that order) of non-batch axis
    /// `axis` of (N, d₁, …, d_k) kept, as a row selection of its expression: feature
    /// (i₁, …, i_k) is row Σ i_j·stride_j in C order, so the rows kept are those whose index
    /// along `axis` is listed. Axis `axis` keeps `indices.count` positions.
    /// - Throws: `ONNXNodeFailure` when the axis is not a feature axis or nothing is kept.
    func taking(_ indices: [Int], alongFeatureAxis axis: Int) throws -> ONNXDataValue {
        guard !indices.isEmpty else { throw ONNXNodeFailure("the selection along axis \(axis) of \(shapeDescription) is empty") }
        let dims: [Int]
        let position: Int
        switch layout {
        case .samplesInRows:
            guard axis >= 1, axis <= featureDims.count else {
                throw ONNXNodeFailure("axis \(axis) of \(shapeDescription) is the batch axis; only feature axes can be selected from")
            }
            (dims, position) = (featureDims, axis - 1)
        case .samplesInColumns:
            guard axis == 0 else {
                throw ONNXNodeFailure("axis \(axis) of \(shapeDescription) is the batch axis (samples are in columns); only feature axes can be selected from")
            }
            (dims, position) = (featureDims, 0)
        }
        var outDims = dims
        outDims[position] = indices.count
        let strides = ONNXConstant.strides(dims)
        var rows: [Int] = []
        rows.reserveCapacity(outDims.reduce(1, *))
        ONNXConstant.forEachIndex(of: outDims) { index, _ in
            var row = 0
            for k in index.indices { row += (k == position ? indices[index[k]] : index[k]) * strides[k] }
            rows.append(row)
        }
        return ONNXDataValue(expression.selectingRows(rows), layout: layout, featureDims: outDims)
    }

    /// The rank of the tensor as ONNX sees it: the batch axis and the feature axes.
    var rank: Int { layout == .samplesInRows ? featureDims.count + 1 : 2 }

    /// The extent of axis `axis` (normalised), nil for the batch axis.
    func extent(ofAxis axis: Int) -> Int? {
        switch layout {
        case .samplesInRows: return axis == 0 ? nil : featureDims[axis - 1]
        case .samplesInColumns: return axis == 0 ? size : nil
        }
    }
}

extension ONNXConstant {
    /// True when every position along `axis` holds the same slice (exactly: the slices are
    /// copies, not values that happen to be close).
    func isRepeated(alongAxis axis: Int) -> Bool {
        guard axis < rank, dims[axis] > 1 else { return true }
        let inner = dims[(axis + 1)...].reduce(1, *)
        let block = dims[axis] * inner
        for start in stride(from: 0, to: values.count, by: block) {
            for k in 1..<dims[axis] {
                for j in 0..<inner where values[start + k * inner + j] != values[start + j] { return false }
            }
        }
        return true
    }
}
