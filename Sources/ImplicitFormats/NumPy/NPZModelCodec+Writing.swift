import Foundation
import ImplicitModel

extension NPZModelCodec {
    /// Writes an implicit model as an uncompressed NPZ archive (like `np.savez`), atomically,
    /// with every member of the layout on `NPZModelCodec`, optional ones included.
    ///
    /// The format stores A densely, so the file holds n² doubles whatever the sparsity. A, B
    /// and C are streamed into the archive from their blocks a band of rows at a time
    /// (`BlockSparseRowStream`): no dense copy of them is formed in memory, and their zero
    /// blocks become holes in the file.
    /// - Parameters:
    ///   - model: the model (valid by construction).
    ///   - url: the `.npz` file; its directory must exist.
    ///   - inputs: files that must not be overwritten.
    ///   - force: replace an existing file.
    /// - Throws: `FormatError` naming the file: an existing output without `force`, an input as
    ///   output, or a write failure.
    public static func write(_ model: ImplicitModel, to url: URL, refusingToOverwrite inputs: [URL] = [],
                             force: Bool = false) throws(FormatError) {
        let file = url.relativePath
        let n = model.stateCount, p = model.input.size, q = model.output.size
        var members: [NPZMember] = []
        for (name, matrix, rows, cols) in [("A", model.a, n, n), ("B", model.b, n, p), ("C", model.c, q, n)] {
            guard let member = NPZMember(name: name, matrix: matrix) else {
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
}
