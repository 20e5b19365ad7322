import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// Certification bounds margins directly and never certifies a row some input of its box
/// misclassifies.
@Suite struct CertificationTests {
    @Test func marginsAreBoundedThroughTheirOwnReadout() throws {
        // One state x = relu(u) ∈ [0, 1]; y = (x, x/2). The margin y0 − y1 = x/2 ∈ [0, 1/2];
        // subtracting the outputs' own bounds would give [0, 1] − [0, 1/2] = [−1/2, 1].
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 1), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "x", size: 1, activation: .relu)])
        parts.b[0, 0] = Matrix([[1]])
        parts.c[0, 0] = Matrix([[1], [0.5]])
        let model = try parts.build()
        let inputs = try InputSet(lower: Matrix([[0]]), upper: Matrix([[1]]))
        let bounds = try OutputBounds(model: model, method: .ibp)
        let margins = try bounds.bounds(of: AffineReadout(model: model).margins(label: 0),
                                        states: try bounds.stateBounds(inputs), inputs: inputs)
        #expect(margins.rows == 1)
        #expect(margins.lower[0, 0] <= 0 && margins.lower[0, 0] > -1e-12)
        #expect(margins.upper[0, 0] >= 0.5 && margins.upper[0, 0] < 0.5 + 1e-12)
    }

    @Test(arguments: [Activation.relu, .tanh, .gelu])
    func certifiedRowsKeepTheirClassOnSamples(activation: Activation) throws {
        var rng = SeededGenerator(seed: 55)
        let model = try BoundsTestModels.implicit(activation, using: &rng)
        let samples = rng.uniform(3, 40, lo: -1, hi: 1)
        let y = try model.predict(samples, applyHead: false)
        let labels = (0..<40).map { j in y[0, j] >= y[1, j] ? 0 : 1 }
        let eps = 0.05
        let inputs = try InputSet(centres: samples, radius: eps)
        let report = try Certification(bounds: try OutputBounds(model: model, method: .ibp))
            .certify(samples: samples, labels: labels, inputs: inputs)
        #expect(report.correct == 40)
        #expect(report.certifiedCount > 0 && report.certifiedCount < 40, "the test should have both verdicts")
        for row in report.rows where row.certified {
            let (lo, hi) = inputs.boxes.box(row.row)
            let points = Matrix(rows: 3, cols: 200, columnMajor: (0..<200).flatMap { _ in
                zip(lo, hi).map { Double.random(in: $0...$1, using: &rng) }
            })
            let outputs = try model.predict(points, applyHead: false)
            for k in 0..<200 {
                let margin = outputs[row.label, k] - outputs[1 - row.label, k]
                #expect(margin >= row.lowestMarginBound - 1e-9, "row \(row.row)")
                #expect(margin > 0)
            }
        }
    }

    @Test func badLabelsAreRefused() throws {
        var rng = SeededGenerator(seed: 3)
        let model = try BoundsTestModels.feedforward(.relu, using: &rng)
        let samples = rng.uniform(3, 2, lo: 0, hi: 1)
        let inputs = try InputSet(centres: samples, radius: 0.01)
        let certification = Certification(bounds: try OutputBounds(model: model))
        #expect(throws: BoundsError.invalidLabels(why: "row 1 has label 2, not a class 0…1")) {
            try certification.certify(samples: samples, labels: [0, 2], inputs: inputs)
        }
        #expect(throws: BoundsError.self) { try certification.certify(samples: samples, labels: [0], inputs: inputs) }
    }
}
