import Foundation
import Testing
import ImplicitAnalysis
import ImplicitModel
import Linalg

/// The JSON form of a component (docs/lint.md) writes its finding as `verdict`, `exact` and
/// exactly one of `certificate` / `witness`, and reading refuses a document in which they disagree.
@Suite struct DiagonalComponentReportCodingTests {
    /// [[0.5, 0.2], [0.1, 0.5]]: ‖A‖∞ = 0.7 < 1, a certificate. [[0.5, 1.2], [1.0, 0.3]]: the
    /// principal minor (1 − 0.5)(1 − 0.3) − 1.2 · 1.0 = −0.85 < 0 of I − A, a witness.
    /// The same matrix above a dense limit of 1 state: undecided.
    static func components() throws -> [DiagonalComponentReport] {
        let analysis = WellPosednessAnalysis()
        let certified = try analysis.analyze(matrix: Matrix(rows: 2, cols: 2, columnMajor: [0.5, 0.1, 0.2, 0.5]), activation: .relu)
        let ill = Matrix(rows: 2, cols: 2, columnMajor: [0.5, 1.0, 1.2, 0.3])
        let witnessed = try analysis.analyze(matrix: ill, activation: .relu)
        var small = WellPosednessOptions()
        small.denseSizeLimit = 1
        let undecided = try WellPosednessAnalysis(options: small).analyze(matrix: ill, activation: .relu)
        return try [certified, witnessed, undecided].map { try #require($0.components.first) }
    }

    static func object(_ component: DiagonalComponentReport) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(component)) as? [String: Any])
    }

    static func decode(_ object: [String: Any]) throws -> DiagonalComponentReport {
        try JSONDecoder().decode(DiagonalComponentReport.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test func eachVerdictIsWrittenWithItsOwnEvidenceAndReadBack() throws {
        let components = try Self.components()
        #expect(components.map(\.verdict) == [.wellPosed, .illPosed, .undecided])
        let expected: [(verdict: String, exact: Bool, certificate: Bool, witness: Bool)] = [
            ("wellPosed", true, true, false), ("illPosed", true, false, true), ("undecided", false, false, false),
        ]
        for (component, want) in zip(components, expected) {
            let object = try Self.object(component)
            #expect(object["verdict"] as? String == want.verdict)
            #expect(object["exact"] as? Bool == want.exact)
            #expect((object["certificate"] != nil) == want.certificate && (object["witness"] != nil) == want.witness)
            #expect(object["size"] as? Int == 2)
            #expect(try Self.decode(object) == component)
        }
    }

    @Test func aDocumentWhoseVerdictAndEvidenceDisagreeIsRefused() throws {
        let components = try Self.components()
        let (certified, witnessed, undecided) = (try Self.object(components[0]), try Self.object(components[1]), try Self.object(components[2]))
        var noCertificate = certified
        noCertificate["certificate"] = nil
        var bothKinds = certified
        bothKinds["witness"] = witnessed["witness"]
        var witnessWithCertificate = witnessed
        witnessWithCertificate["certificate"] = certified["certificate"]
        var inexactWitness = witnessed
        inexactWitness["exact"] = false
        var undecidedWithWitness = undecided
        undecidedWithWitness["witness"] = witnessed["witness"]
        var wrongSize = certified
        wrongSize["size"] = 3
        for object in [noCertificate, bothKinds, witnessWithCertificate, inexactWitness, undecidedWithWitness, wrongSize] {
            #expect(throws: DecodingError.self) { try Self.decode(object) }
        }
    }
}
