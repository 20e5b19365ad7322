import Foundation
import ImplicitModel

extension ONNXExporter {
    /// The number of Picard steps unrolled for a component with contraction factor κ < 1:
    ///
    ///     K = ⌈ log(tol · (1 − κ)) / log κ ⌉   (at least 1),
    ///
    /// so that κᴷ / (1 − κ) ≤ tol, and by the a-priori bound of Banach's fixed-point theorem
    /// ‖xᴷ − x*‖ ≤ κᴷ / (1 − κ) · ‖x¹ − x⁰‖ ≤ tol · ‖x¹ − x⁰‖, in the norm κ was proven in.
    /// - Parameters:
    ///   - factor: κ of the component's `PicardContraction`, the bound lint and the solver use.
    ///   - tolerance: `unrollTolerance`, 1e-7 by default (float32 resolution).
    public static func unrolledIterations(factor: Double, tolerance: Double) -> Int {
        guard factor > 0 else { return 1 }
        let k = (log(tolerance * (1 - factor)) / log(factor)).rounded(.up)
        guard k.isFinite else { return Int.max }
        return max(1, k >= Double(Int.max) ? Int.max : Int(k))
    }

    /// Emits a cyclic component S as unrolled Picard iteration, the same iteration
    /// `ComponentSolver` runs:
    ///
    ///     d = Σ_{j ∉ S} A_Sj x_j + B_S u + b_S     (one Gemm over the external sources)
    ///     x⁰ = φ(d),   xᵗ⁺¹ = φ(Gemm(xᵗ, A_SS, d, transB=1))   for t < K,
    ///
    /// then Slice into the component's blocks. φ is one node when the component's blocks share
    /// an activation, otherwise Slice → per-block activation → Concat.
    /// - Throws: `ONNXExportError.notContractive` when κ ≥ 1, `.tooManyIterations` when K exceeds
    ///   `maximumUnrolledIterations`.
    func unrollCyclic(_ blocks: [Int], of model: ImplicitModel, into builder: inout ONNXGraphBuilder,
                      stateTensors: inout [String?]) throws {
        let names = blocks.map { model.states[$0].name }
        let sizes = blocks.map { model.states[$0].size }
        let n = sizes.reduce(0, +)
        let a = model.a.dense(rowBlocks: blocks, colBlocks: blocks)
        let contraction = model.activations(ofBlocks: blocks).map { PicardContraction(a: a, activations: $0) }
            ?? PicardContraction(a: a, maps: blocks.map { model.states[$0].map }, sizes: sizes)
        let factor = contraction.factor
        guard contraction.isContractive else { throw ONNXExportError.notContractive(blocks: names, factor: factor) }
        let iterations = ONNXExporter.unrolledIterations(factor: factor, tolerance: unrollTolerance)
        guard iterations <= maximumUnrolledIterations else {
            throw ONNXExportError.tooManyIterations(blocks: names, factor: factor, iterations: iterations, limit: maximumUnrolledIterations)
        }

        // The drive d: every external source with its rows for each member block.
        let members = Set(blocks)
        let offsets = BlockSparseMatrix.offsets(sizes)
        var sourceOrder: [Int] = []
        var weights: [Int: Matrix] = [:]
        for (position, k) in blocks.enumerated() {
            for (j, block) in model.a.blocks(inRow: k) where !members.contains(j) {
                if weights[j] == nil { sourceOrder.append(j); weights[j] = Matrix(rows: n, cols: model.states[j].size) }
                weights[j]?.setBlock(block, atRow: offsets[position], col: 0)
            }
        }
        var sources = try sourceOrder.map { j in
            (tensor: try computed(j, stateTensors, model), weight: weights[j] ?? Matrix(rows: n, cols: 0))
        }
        var inputWeight = Matrix(rows: n, cols: model.input.size)
        for (position, k) in blocks.enumerated() {
            if let bk = model.b[k, 0] { inputWeight.setBlock(bk, atRow: offsets[position], col: 0) }
        }
        if !inputWeight.isZero { sources.append((builder.inputTensor, inputWeight)) }
        let bias = blocks.flatMap { Array(model.biasX[model.stateRange(ofBlock: $0)]) }
        let stem = names.joined(separator: "+")
        let drive = try affine(sources, bias: bias, rows: n, model: model, name: "\(stem)_drive", into: &builder)

        let transition = try builder.matrix("\(stem)_A", a)
        var x = try activateComponent(drive, blocks: blocks, sizes: sizes, model: model, name: "\(stem)_x0", into: &builder)
        for t in 1...iterations {
            let z = builder.unique("\(stem)_z\(t)")
            builder.node("Gemm", [x, transition, drive], [z], attributes: [ONNXGraphBuilder.intAttribute("transB", 1)])
            x = try activateComponent(z, blocks: blocks, sizes: sizes, model: model, name: "\(stem)_x\(t)", into: &builder)
        }
        if blocks.count == 1 {
            stateTensors[blocks[0]] = x
        } else {
            let parts = slices(x, sizes: sizes, names: names, into: &builder)
            for (k, part) in zip(blocks, parts) { stateTensors[k] = part }
        }
    }

    /// One `Slice` per block along axis 1 (Slice rather than Split: each has one output, which
    /// the importer reads back).
    func slices(_ tensor: String, sizes: [Int], names: [String], into builder: inout ONNXGraphBuilder) -> [String] {
        let axes = builder.int64Initializer("\(tensor)_axes", [1])
        var start = 0
        return zip(sizes, names).map { size, name in
            let part = builder.unique(name)
            builder.node("Slice", [tensor, builder.int64Initializer("\(part)_start", [start]),
                                   builder.int64Initializer("\(part)_end", [start + size]), axes], [part])
            start += size
            return part
        }
    }

    /// φ over a component's tensor: one node if all blocks share the activation, else
    /// Slice → φ_k → Concat.
    private func activateComponent(_ tensor: String, blocks: [Int], sizes: [Int], model: ImplicitModel,
                                   name: String, into builder: inout ONNXGraphBuilder) throws -> String {
        let kinds = blocks.map { model.states[$0].map }
        if kinds.allSatisfy({ $0 == kinds[0] }) && kinds[0].sharedActivation != nil {
            return try activate(tensor, kinds[0], name: name, into: &builder)
        }
        let parts = slices(tensor, sizes: sizes, names: blocks.map { "\(name)_\(model.states[$0].name)_pre" }, into: &builder)
        let activated = try zip(parts, kinds).map { part, kind in try activate(part, kind, name: "\(part)_act", into: &builder) }
        let output = builder.unique(name)
        builder.node("Concat", activated, [output], attributes: [ONNXGraphBuilder.intAttribute("axis", 1)])
        return output
    }
}
