extension Network {
    /// The network's outputs by a direct layer-by-layer pass, one sample per column.
    ///
    /// This is the reference the implicit form is tested against: it shares no code with
    /// assembly or the implicit evaluator beyond gemm.
    /// - Parameters:
    ///   - inputs: p × m, one sample per column.
    ///   - applyHead: apply the readout's head (softmax, sigmoid) after the affine readout.
    /// - Returns: q × m.
    public func forward(_ inputs: Matrix, applyHead: Bool = true) throws -> Matrix {
        precondition(inputs.rows == input.size, "input has \(inputs.rows) features, expected \(input.size)")
        var values: [String: Matrix] = [input.name: inputs]
        func combine(_ terms: [Term], bias: [Double]) -> Matrix {
            var z = Matrix(rows: bias.count, cols: inputs.cols)
            for term in terms {
                guard let source = values[term.source] else { preconditionFailure("'\(term.source)' read before it was computed") }
                z.addProduct(term.weight, source)
            }
            z.addToEachColumn(bias)
            return z
        }
        for i in try topologicalOrder() {
            let layer = layers[i]
            var z = combine(layer.terms, bias: layer.bias)
            layer.map.apply(toColumnsOf: &z)
            values[layer.name] = z
        }
        var y = combine(output.terms, bias: output.bias)
        if applyHead {
            output.head.apply(toColumnsOf: &y)
        }
        return y
    }
}
