import Linalg
import ImplicitModel
import ImplicitTestSupport

/// Random models for composition tests: assembled networks (chains with skip connections and
/// mixed activations) and hand-built cyclic models.
enum RandomModels {
    static let activations: [Activation] = [.relu, .tanh, .sigmoid, .leakyReLU(alpha: 0.1), .identity]

    /// A network of `depth` layers; layer k reads the previous layer and, with a skip, the input.
    static func network(inputs: Int, outputs: Int, depth: Int, head: OutputHead = .none,
                        _ generator: inout TestGenerator) -> Network {
        var layers: [Layer] = []
        var previous = (name: "u", size: inputs)
        for k in 0..<depth {
            let size = generator.int(2...6)
            var terms = [Term(source: previous.name, weight: generator.matrix(rows: size, cols: previous.size, scale: 0.8))]
            if k > 0 && k % 2 == 0 { terms.append(Term(source: "u", weight: generator.matrix(rows: size, cols: inputs, scale: 0.5))) }
            let bias = (0..<size).map { _ in 0.3 * generator.normal() }
            layers.append(Layer(name: "h\(k)", activation: activations[generator.int(0...4)], terms: terms, bias: bias))
            previous = ("h\(k)", size)
        }
        let readout = Readout(name: "y",
                              terms: [Term(source: previous.name, weight: generator.matrix(rows: outputs, cols: previous.size)),
                                      Term(source: "u", weight: generator.matrix(rows: outputs, cols: inputs, scale: 0.3))],
                              bias: (0..<outputs).map { _ in generator.normal() }, head: head)
        return Network(input: Port(name: "u", size: inputs), layers: layers, output: readout)
    }

    /// Two cyclic blocks (`z` ReLU, non-contractive: a −2 diagonal; `w` tanh, contractive) that read
    /// each other, so both form one block component; named like the networks' layers on purpose.
    static func cyclic(inputs: Int, outputs: Int, _ generator: inout TestGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: inputs), output: Port(name: "y", size: outputs), states: [
                    StateBlock(name: "h0", size: 3, activation: .relu),
                    StateBlock(name: "w", size: 2, activation: .tanh),
                ])
        var z = generator.matrix(rows: 3, cols: 3, scale: 0.2)
        for i in 0..<3 { z[i, i] = -2 }
        model.a[0, 0] = z
        model.a[0, 1] = generator.matrix(rows: 3, cols: 2, scale: 0.2)
        model.a[1, 0] = generator.matrix(rows: 2, cols: 3, scale: 0.2)
        model.a[1, 1] = generator.matrix(rows: 2, cols: 2, scale: 0.2)
        model.b[0, 0] = generator.matrix(rows: 3, cols: inputs)
        model.b[1, 0] = generator.matrix(rows: 2, cols: inputs)
        model.c[0, 0] = generator.matrix(rows: outputs, cols: 3)
        model.c[0, 1] = generator.matrix(rows: outputs, cols: 2)
        model.d = generator.matrix(rows: outputs, cols: inputs, scale: 0.5)
        model.biasX = (0..<5).map { _ in generator.normal() }
        model.biasY = (0..<outputs).map { _ in generator.normal() }
        return try model.build()
    }
}
