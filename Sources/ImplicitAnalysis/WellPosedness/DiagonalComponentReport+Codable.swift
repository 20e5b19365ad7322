import ImplicitModel

/// The `lint --json` form of a component (docs/lint.md): `finding` is written as `verdict`,
/// `exact`, and `certificate` or `witness` (each present iff the verdict says so), and `size` is
/// written for readers that do not count `states`. Reading refuses a document in which they
/// disagree, so a decoded report has the same invariant as a computed one.
extension DiagonalComponentReport: Codable {
    private enum CodingKeys: String, CodingKey {
        case blocks, states, stateNames, size, activations, verdict, exact, criterion, certificate, witness
        case picard, lipschitz, lowSlopes, slopeLower, slopeUpper, notes
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let states = try container.decode([Int].self, forKey: .states)
        guard try container.decode(Int.self, forKey: .size) == states.count else {
            throw DecodingError.dataCorruptedError(forKey: .size, in: container, debugDescription: "size differs from the number of states")
        }
        let verdict = try container.decode(Verdict.self, forKey: .verdict)
        let exact = try container.decode(Bool.self, forKey: .exact)
        let certificate = try container.decodeIfPresent(WellPosednessCertificate.self, forKey: .certificate)
        let witness = try container.decodeIfPresent(IllPosednessWitness.self, forKey: .witness)
        func corrupted(_ key: CodingKeys, _ why: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: why)
        }
        let finding: Finding
        switch verdict {
        case .wellPosed:
            guard let certificate else { throw corrupted(.certificate, "a wellPosed component needs a certificate") }
            guard witness == nil else { throw corrupted(.witness, "a wellPosed component has no witness") }
            finding = .wellPosed(certificate, exact: exact)
        case .illPosed:
            guard let witness else { throw corrupted(.witness, "an illPosed component needs a witness") }
            guard certificate == nil else { throw corrupted(.certificate, "an illPosed component has no certificate") }
            guard exact else { throw corrupted(.exact, "a witness is always exact") }
            finding = .illPosed(witness)
        case .undecided:
            guard certificate == nil, witness == nil else {
                throw corrupted(certificate == nil ? .witness : .certificate, "an undecided component has neither a certificate nor a witness")
            }
            guard !exact else { throw corrupted(.exact, "an undecided component is not exact") }
            finding = .undecided
        }
        self.init(blocks: try container.decode([String].self, forKey: .blocks), states: states,
                  stateNames: try container.decode([String].self, forKey: .stateNames),
                  activations: try container.decode([String].self, forKey: .activations),
                  finding: finding, criterion: try container.decode(String.self, forKey: .criterion),
                  picard: try container.decode(PicardReport.self, forKey: .picard),
                  lipschitz: try container.decodeIfPresent([Double].self, forKey: .lipschitz),
                  lowSlopes: try container.decodeIfPresent([Double].self, forKey: .lowSlopes),
                  slopeLower: try container.decodeIfPresent([Double].self, forKey: .slopeLower),
                  slopeUpper: try container.decodeIfPresent([Double].self, forKey: .slopeUpper),
                  notes: try container.decode([String].self, forKey: .notes))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blocks, forKey: .blocks)
        try container.encode(states, forKey: .states)
        try container.encode(stateNames, forKey: .stateNames)
        try container.encode(size, forKey: .size)
        try container.encode(activations, forKey: .activations)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(exact, forKey: .exact)
        try container.encode(criterion, forKey: .criterion)
        try container.encodeIfPresent(certificate, forKey: .certificate)
        try container.encodeIfPresent(witness, forKey: .witness)
        try container.encode(picard, forKey: .picard)
        try container.encodeIfPresent(lipschitz, forKey: .lipschitz)
        try container.encodeIfPresent(lowSlopes, forKey: .lowSlopes)
        try container.encodeIfPresent(slopeLower, forKey: .slopeLower)
        try container.encodeIfPresent(slopeUpper, forKey: .slopeUpper)
        try container.encode(notes, forKey: .notes)
    }
}
