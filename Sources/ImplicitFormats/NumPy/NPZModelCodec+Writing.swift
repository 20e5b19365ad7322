import Foundation
import ImplicitModel

extension NPZModelCodec {
    /// Writes an implicit model as an uncompressed NPZ archive (like `np.savez`), atomically,
    /// with every member of the layout on `NPZModelCodec`, optional ones included.
    ///
    /// The format stores A densely, so the file holds n² doubles whatever the sparsity. A, B
    /// and C are streamed into the archive one row at a time from their blocks: no dense copy
    /// of them is formed in memory.
    /// - Parameters:
    ///   - model: a valid model (`ImplicitModel.validate()`).
    ///   - url: the `.npz` file; its directory must exist.
    ///   - inputs: files that must not be overwritten.
    ///   - force: replace an existing file.
    /// - Throws: `FormatError` naming the file: an invalid model, an existing output without
    ///   `force`, an input as output, or a write failure.
    public static func write(_ model: ImplicitModel, to url: URL, refusingToOverwrite inputs: [URL] = [],
                             force: Bool = false) throws(FormatError) {
        let file = url.relativePath
        do {
            try model.validate()
        } catch {
            throw FormatError(file: file, message: "cannot write an invalid model: \(error)")
        }
        let n = model.stateCount, p = model.input.size, q = model.output.size
        var members: [NPZMember] = []
        for (name, matrix, rows, cols) in [("A", model.a, n, n), ("B", model.b, n, p), ("C", model.c, q, n)] {
            guard let member = streamedMember(name, matrix, rows: rows, cols: cols) else {
                throw FormatError(file: file, location: [.member(name)], message: "\(rows) × \(cols) is too large to write")
            }
            members.append(member)
        }
        members += [
            NPZMember(name: "D", array: NumPyArray(matrix: model.d)),
            NPZMember(name: "bias_x", array: NumPyArray(vector: model.biasX)),
            NPZMember(name: "bias_y", array: NumPyArray(vector: model.biasY)),
            NPZMember(name: "activation", array: NumPyArray(strings: activationStrings(model))),
            NPZMember(name: "head", array: NumPyArray(scalar: model.head.rawValue)),
            NPZMember(name: "state_block_sizes",
                      array: NumPyArray(shape: [model.states.count], storage: .int64(model.stateSizes.map { Int64($0) }))),
            NPZMember(name: "state_block_names", array: NumPyArray(strings: model.states.map(\.name))),
            NPZMember(name: "input_name", array: NumPyArray(scalar: model.input.name)),
            NPZMember(name: "output_name", array: NumPyArray(scalar: model.output.name)),
        ]
        members += blockMapMembers(model)
        if let shape = model.input.validShape {
            members.append(NPZMember(name: "input_shape", array: NumPyArray(shape: [shape.count], storage: .int64(shape.map { Int64($0) }))))
        }
        try NPZFile.write(members, to: url, refusingToOverwrite: inputs, force: force)
    }

    /// A member that produces the rows of a block-sparse matrix on demand.
    private static func streamedMember(_ name: String, _ matrix: BlockSparseMatrix, rows: Int, cols: Int) -> NPZMember? {
        let rowOffsets = matrix.rowOffsets, colOffsets = matrix.colOffsets
        let blocksByRow = matrix.rowBlockSizes.indices.map { matrix.blocks(inRow: $0) }
        var blockRowOf: [Int] = []
        blockRowOf.reserveCapacity(rows)
        for (r, size) in matrix.rowBlockSizes.enumerated() { blockRowOf += repeatElement(r, count: size) }
        return NPZMember(name: name, rows: rows, cols: cols) { i, row in
            let r = blockRowOf[i], local = i - rowOffsets[r]
            for (c, block) in blocksByRow[r] {
                let start = colOffsets[c]
                for j in 0..<block.cols { row[start + j] = block[local, j] }
            }
        }
    }
}
