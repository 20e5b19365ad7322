import Foundation
import ImplicitModel

extension NPZModelCodec {
    /// Reads an implicit model from an NPZ file laid out as described on `NPZModelCodec`.
    ///
    /// Shapes are checked against each other before any matrix is built: n comes from
    /// `bias_x`, q from `bias_y`, p from `D`. While A is cut into blocks, its member bytes and
    /// one dense copy are in memory (an NPZ holds A densely, so reading a model of n states
    /// needs about 16·n² bytes).
    /// - Parameters:
    ///   - url: the `.npz` file.
    ///   - maxBytes: budget for the declared uncompressed size of the members read (zip bombs).
    /// - Throws: `FormatError` naming the file and member, e.g.
    ///   `model.npz: member 'A': shape (3, 4), expected (3, 3): bias_x has 3 states`.
    public static func read(_ url: URL, maxBytes: Int = NPZFile.defaultMaxBytes) throws(FormatError) -> ImplicitModel {
        let arrays = try NPZFile.read(url, names: Set(requiredMembers + optionalMembers), maxBytes: maxBytes)
        return try model(NPZMemberReader(file: url.relativePath, arrays: arrays))
    }

    /// Reads an implicit model from the bytes of an NPZ file; `file` names it in errors.
    /// - Throws: as `read(_:maxBytes:)`.
    public static func read(data: Data, file: String, maxBytes: Int = NPZFile.defaultMaxBytes) throws(FormatError) -> ImplicitModel {
        let arrays = try NPZFile.read(data: data, file: file, names: Set(requiredMembers + optionalMembers), maxBytes: maxBytes)
        return try model(NPZMemberReader(file: file, arrays: arrays))
    }

    private static func model(_ members: NPZMemberReader) throws(FormatError) -> ImplicitModel {
        let file = members.file

        let biasX = try members.vector("bias_x")
        let biasY = try members.vector("bias_y")
        let n = biasX.count, q = biasY.count
        let dArray = try members.array("D")
        guard dArray.shape.count == 2, dArray.shape[0] == q else {
            throw members.failure("D", "shape \(dArray.shapeDescription), expected (\(q), p): bias_y has \(q) outputs")
        }
        let p = dArray.shape[1]
        let a = try members.numbers("A", shape: [n, n], because: "bias_x has \(n) states")
        let b = try members.numbers("B", shape: [n, p], because: "bias_x has \(n) states and D has \(p) inputs")
        let c = try members.numbers("C", shape: [q, n], because: "bias_y has \(q) outputs and bias_x has \(n) states")
        let d = try members.numbers("D", shape: [q, p], because: "")

        let activationNames = try members.strings("activation", shape: [n], because: "bias_x has \(n) states")
        var entries: [StateEntry] = []
        for (k, name) in activationNames.enumerated() {
            guard let entry = StateEntry(name: name) else {
                throw members.failure("activation", "element \(k) '\(name)' is not an activation (\(Activation.acceptedNames), or the block maps softmax, layer_normalization:EPS)")
            }
            entries.append(entry)
        }
        let states = try stateBlocks(entries: entries, members: members)
        let sizes = states.map(\.size)

        var head = OutputHead.none
        if let headName = try members.optionalScalarString("head") {
            guard let parsed = OutputHead(rawValue: headName) else {
                throw members.failure("head", "'\(headName)' is not a head (none, softmax, sigmoid)")
            }
            head = parsed
        }
        let inputShape = try members.optionalIntegers("input_shape")
        if let inputShape, Port(name: "", size: p, shape: inputShape).validShape == nil || inputShape.count < 2 {
            throw members.failure("input_shape", "\(inputShape) does not describe the \(p) inputs of B and D as two or more positive extents")
        }
        let model = ImplicitModel.Builder(
            input: Port(name: try members.optionalScalarString("input_name") ?? defaultInputName, size: p, shape: inputShape),
            output: Port(name: try members.optionalScalarString("output_name") ?? defaultOutputName, size: q),
            head: head, states: states,
            a: blockSparse(a, rowBlockSizes: sizes, colBlockSizes: sizes),
            b: blockSparse(b, rowBlockSizes: sizes, colBlockSizes: [p]),
            c: blockSparse(c, rowBlockSizes: [q], colBlockSizes: sizes),
            d: Matrix(rows: q, cols: p, rowMajor: d),
            biasX: biasX, biasY: biasY)
        do {
            return try model.build()
        } catch {
            throw FormatError(file: file, message: "\(error)")
        }
    }

    /// The state blocks: from `state_block_sizes` / `state_block_names` when present (a block
    /// whose states carry different activations has them per state), else maximal runs of
    /// equal activation.
    private static func stateBlocks(entries: [StateEntry], members: NPZMemberReader) throws(FormatError) -> [StateBlock] {
        let n = entries.count
        guard let sizes = try members.optionalIntegers("state_block_sizes") else {
            if members.arrays["state_block_names"] != nil {
                throw members.failure("state_block_names", "is present without state_block_sizes")
            }
            var activations: [Activation] = []
            for (k, entry) in entries.enumerated() {
                guard case .activation(let phi) = entry else {
                    throw members.failure("activation", "element \(k) is a block map (softmax, layer_normalization), which needs state_block_sizes to say where its block ends")
                }
                activations.append(phi)
            }
            var blocks: [StateBlock] = []
            for (k, activation) in activations.enumerated() {
                if k > 0, activations[k - 1] == activation, let last = blocks.indices.last {
                    blocks[last].size += 1
                } else {
                    blocks.append(StateBlock(name: "\(defaultBlockNamePrefix)\(blocks.count)", size: 1, activation: activation))
                }
            }
            return blocks
        }
        guard sizes.allSatisfy({ $0 > 0 }), sizes.reduce(0, { $0 + $1 }) == n else {
            throw members.failure("state_block_sizes", "sizes \(sizes) are not positive or do not add up to the \(n) states of bias_x")
        }
        var names = sizes.indices.map { "\(defaultBlockNamePrefix)\($0)" }
        if members.arrays["state_block_names"] != nil {
            names = try members.strings("state_block_names", shape: [sizes.count],
                                        because: "state_block_sizes has \(sizes.count) blocks")
        }
        var blocks: [StateBlock] = [], start = 0
        for (k, size) in sizes.enumerated() {
            blocks.append(StateBlock(name: names[k], size: size,
                                     map: try map(of: entries, range: start..<(start + size), block: names[k], members: members)))
            start += size
        }
        return blocks
    }

    /// Cuts a row-major matrix into blocks, keeping the nonzero ones.
    private static func blockSparse(_ rowMajor: [Double], rowBlockSizes: [Int], colBlockSizes: [Int]) -> BlockSparseMatrix {
        var result = BlockSparseMatrix(rowBlockSizes: rowBlockSizes, colBlockSizes: colBlockSizes)
        let cols = colBlockSizes.reduce(0, +)
        let rowOffsets = result.rowOffsets, colOffsets = result.colOffsets
        for (r, rowSize) in rowBlockSizes.enumerated() {
            for (c, colSize) in colBlockSizes.enumerated() {
                var block = Matrix(rows: rowSize, cols: colSize)
                for j in 0..<colSize {
                    for i in 0..<rowSize { block[i, j] = rowMajor[(rowOffsets[r] + i) * cols + colOffsets[c] + j] }
                }
                result[r, c] = block
            }
        }
        return result
    }
}
