import ImplicitModel
import Linalg

/// Random feedforward networks for property tests: chains and DAGs whose layers read one to
/// three earlier layers or the input, with every activation.
public enum RandomNetwork {
    public static let activations: [Activation] = [.relu, .leakyReLU(alpha: 0.1), .tanh, .sigmoid, .identity]

    public static func make(layers count: Int, input p: Int, output q: Int, dag: Bool, head: OutputHead = .none,
                     using rng: inout SeededGenerator) -> Network {
        var layers: [Layer] = []
        var sources: [(name: String, size: Int)] = [("u", p)]
        for k in 0..<count {
            let size = Int.random(in: 1...7, using: &rng)
            let chosen: [(name: String, size: Int)]
            if dag {
                let reads = Int.random(in: 1...min(3, sources.count), using: &rng)
                chosen = Array(sources.shuffled(using: &rng).prefix(reads))
            } else {
                chosen = [sources.last!]
            }
            let terms = chosen.map { Term(source: $0.name, weight: rng.matrix(size, $0.size, scale: 1 / Double($0.size).squareRoot())) }
            layers.append(Layer(name: "h\(k)", activation: activations[Int.random(in: 0..<activations.count, using: &rng)],
                                terms: terms, bias: rng.vector(size, scale: 0.3)))
            sources.append(("h\(k)", size))
        }
        let readFrom = dag ? Array(sources.shuffled(using: &rng).prefix(2)) : [sources.last!]
        let output = Readout(name: "y", terms: readFrom.map { Term(source: $0.name, weight: rng.matrix(q, $0.size)) },
                             bias: rng.vector(q), head: head)
        // Shuffle the listing order of DAG layers: assembly must sort them itself.
        return Network(input: Port(name: "u", size: p), layers: dag ? layers.shuffled(using: &rng) : layers, output: output)
    }
}

extension RandomNetwork {
    /// Linear(p→h, ReLU) → LayerNorm(h) of Linear(h→h) → Softmax(k) of Linear(h→k) → Linear(k→q):
    /// a network with both block maps, weights N(0, 1), LayerNorm scales 1 + N(0, 0.3²).
    public static func blockMaps(input p: Int, hidden h: Int, attention k: Int, output q: Int,
                                 using rng: inout SeededGenerator) -> Network {
        let norm = LayerNormalization(epsilon: 1e-5, scale: rng.vector(h).map { 1 + 0.3 * $0 }, bias: rng.vector(h, scale: 0.2))
        return Network(
            input: Port(name: "u", size: p),
            layers: [
                Layer(name: "fc1", activation: .relu, terms: [Term(source: "u", weight: rng.matrix(h, p))], bias: rng.vector(h)),
                Layer(name: "ln", map: .layerNormalization(norm), terms: [Term(source: "fc1", weight: rng.matrix(h, h))], bias: rng.vector(h)),
                Layer(name: "attn", map: .softmax, terms: [Term(source: "ln", weight: rng.matrix(k, h))], bias: rng.vector(k)),
            ],
            output: Readout(name: "y", terms: [Term(source: "attn", weight: rng.matrix(q, k))], bias: rng.vector(q)))
    }
}
