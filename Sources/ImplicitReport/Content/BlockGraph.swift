import ImplicitAnalysis
import ImplicitModel

/// The components of A's block graph in evaluation order, each with its verdict and the evidence,
/// and the edges between them (component s reads component t when some A[k, j] with k in s and
/// j in t is stored), plus which components read the input and which the output reads.
public struct BlockGraph: Codable, Sendable, Equatable {
    public struct Node: Codable, Sendable, Equatable {
        public let blocks: [String]
        public let states: Int
        /// The distinct activation names of its blocks.
        public let activations: [String]
        /// True when the component needs a fixed-point solve (a cycle, or a diagonal block).
        public let cyclic: Bool
        public let verdict: Verdict
        /// The criterion, certificate or witness behind the verdict, one line each.
        public let evidence: [String]
        /// All its diagonal components' Picard iterations are proven contractions (nil: explicit,
        /// nothing to iterate).
        public let picardContractive: Bool?
        /// The largest contraction factor bound ‖LA‖ found among its diagonal components.
        public let picardFactor: Double?
        public let readsInput: Bool
        public let readByOutput: Bool
    }

    public struct Edge: Codable, Sendable, Equatable, Hashable {
        /// Indices into `nodes`: `to` reads `from`.
        public let from: Int
        public let to: Int
    }

    public let nodes: [Node]
    public let edges: [Edge]

    /// How many diagonal components' evidence a node lists before summarising the rest.
    static let evidenceShown = 3

    public init(model: ImplicitModel, wellPosedness report: WellPosednessReport) {
        let structure = BlockStructure(model)
        var nodeOf = [Int](repeating: 0, count: model.states.count)
        for (c, component) in structure.components.enumerated() { for k in component.blocks { nodeOf[k] = c } }
        let readsInput = Set(model.b.blocks.keys.map { nodeOf[$0.row] })
        let readByOutput = Set(model.c.blocks.keys.map { nodeOf[$0.col] })
        nodes = structure.components.enumerated().map { c, component in
            let names = component.blocks.map { model.states[$0].name }
            var activations: [String] = []
            for k in component.blocks where !activations.contains(model.states[k].map.description) {
                activations.append(model.states[k].map.description)
            }
            let states = component.blocks.reduce(0) { $0 + model.states[$1].size }
            let refined = report.cyclicBlockComponents.first { Set($0.blocks) == Set(names) }
            let diagonal = (refined?.components ?? []).compactMap { report.components.indices.contains($0) ? report.components[$0] : nil }
            guard component.isCyclic else {
                return Node(blocks: names, states: states, activations: activations, cyclic: false, verdict: .wellPosed,
                            evidence: ["explicit: no cycle through it, so x = φ(…) is one substitution"],
                            picardContractive: nil, picardFactor: nil,
                            readsInput: readsInput.contains(c), readByOutput: readByOutput.contains(c))
            }
            let verdict: Verdict = diagonal.contains { $0.verdict == .illPosed } ? .illPosed
                : diagonal.contains { $0.verdict == .undecided } ? .undecided : .wellPosed
            var evidence: [String] = []
            if let refined, refined.acyclicStates > 0 {
                evidence.append("\(refined.acyclicStates) of its \(refined.size) states are explicit after ordering the entries (1 × 1 components with aᵢᵢ = 0)")
            }
            // The component that decides the verdict first, then the others.
            let ordered = diagonal.filter { $0.verdict == verdict } + diagonal.filter { $0.verdict != verdict }
            for d in ordered.prefix(Self.evidenceShown) { evidence += Self.evidence(for: d) }
            if ordered.count > Self.evidenceShown {
                evidence.append("… \(ordered.count - Self.evidenceShown) more diagonal components (see implicit lint --json)")
            }
            let contractive = diagonal.allSatisfy { $0.picard.contractive }
            let factor = diagonal.map { $0.picard.value }.max()
            return Node(blocks: names, states: states, activations: activations, cyclic: true, verdict: verdict,
                        evidence: evidence, picardContractive: contractive, picardFactor: factor,
                        readsInput: readsInput.contains(c), readByOutput: readByOutput.contains(c))
        }
        var edges = Set<Edge>()
        for index in model.a.blocks.keys where nodeOf[index.row] != nodeOf[index.col] {
            edges.insert(Edge(from: nodeOf[index.col], to: nodeOf[index.row]))
        }
        self.edges = edges.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// The lines of one diagonal component's evidence, in the words `implicit lint` prints
    /// (`WellPosednessEvidenceText`).
    static func evidence(for d: DiagonalComponentReport) -> [String] {
        typealias Words = WellPosednessEvidenceText
        var lines = ["\(Words.stateSet(d.stateNames)) (\(d.size) states): \(d.criterion)\(d.exact ? "" : " (sufficient condition)")"]
        lines += Words.lines(certificate: d.certificate, witness: d.witness, picard: d.picard)
        lines += d.notes.prefix(2).map { "note: \($0)" }
        return lines
    }
}
