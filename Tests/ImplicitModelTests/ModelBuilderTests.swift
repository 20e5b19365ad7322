import Testing
import Linalg
import ImplicitModel
import ImplicitTestSupport

/// An `ImplicitModel` exists only once its parts have passed validation: `Builder.build()` (and
/// the throwing initializer) refuse every inconsistent part with the kind and place of the fault,
/// and assembly, which skips the second scan of the network's weights, still refuses the sums
/// that overflow.
@Suite struct ModelBuilderTests {
    /// u(2) → h (relu, 3) ↺ → y(1): one cyclic block, every part stored.
    static func parts() -> ImplicitModel.Builder {
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "h", size: 3, activation: .relu)])
        parts.a[0, 0] = 0.1 * Matrix.identity(3)
        parts.b[0, 0] = Matrix([[1, 0], [0, 1], [1, 1]])
        parts.c[0, 0] = Matrix([[1, -1, 0.5]])
        parts.d = Matrix([[0.25, 0]])
        parts.biasX = [0.1, 0.2, 0.3]
        parts.biasY = [-1]
        return parts
    }

    @Test func aBuiltModelHasItsPartsAndRebuildsToItself() throws {
        let model = try Self.parts().build()
        #expect(model.stateCount == 3 && model.a[0, 0] == 0.1 * Matrix.identity(3) && model.biasY == [-1])
        #expect(try ImplicitModel.Builder(model).build() == model)
        let same = try ImplicitModel(input: model.input, output: model.output, states: model.states,
                                     a: model.a, b: model.b, c: model.c, d: model.d, biasX: model.biasX, biasY: model.biasY)
        #expect(same == model)
        #expect(model.withHead(.sigmoid).head == .sigmoid && model.withHead(.sigmoid).a == model.a)
    }

    @Test func everyInconsistentPartIsRefusedWithItsPlace() {
        var cases: [(ImplicitModel.Builder, ModelError)] = []
        var duplicate = Self.parts()
        duplicate.states.append(StateBlock(name: "h", size: 1, activation: .relu))
        cases.append((duplicate, .duplicateName("h")))
        var nan = Self.parts()
        nan.a[0, 0]?[1, 2] = .nan
        cases.append((nan, .nonFinite(what: "A block (0, 0)")))
        var wideD = Self.parts()
        wideD.d = Matrix(rows: 1, cols: 3)
        cases.append((wideD, .shapeMismatch(what: "D", expected: "1×2", found: "1×3")))
        var shortBias = Self.parts()
        shortBias.biasX = [0, 0]
        cases.append((shortBias, .shapeMismatch(what: "the state bias", expected: "3", found: "2")))
        var infiniteOutputBias = Self.parts()
        infiniteOutputBias.biasY = [.infinity]
        cases.append((infiniteOutputBias, .nonFinite(what: "the output bias")))
        var grid = Self.parts()
        grid.states[0].size = 4
        cases.append((grid, .shapeMismatch(what: "A", expected: "blocks [4]×[4]", found: "blocks [3]×[3]")))
        for (parts, error) in cases {
            #expect(throws: error) { try parts.build() }
            #expect(throws: error) {
                try ImplicitModel(input: parts.input, output: parts.output, states: parts.states, a: parts.a, b: parts.b,
                                  c: parts.c, d: parts.d, biasX: parts.biasX, biasY: parts.biasY)
            }
        }
    }

    /// `build(knownFinite:)` skips the value scan of exactly the parts it is told are finite:
    /// a NaN in a part not named is refused as `build()` refuses it, one in a named part is taken
    /// on the caller's word; names, sizes and grids are checked whatever is named.
    @Test func knownFinitePartsAreTheOnlyOnesNotScanned() throws {
        typealias Parts = ImplicitModel.Builder.Parts
        var poisoned: [(Parts, ImplicitModel.Builder, ModelError)] = []
        var a = Self.parts(); a.a[0, 0]?[1, 2] = .nan
        poisoned.append((.a, a, .nonFinite(what: "A block (0, 0)")))
        var b = Self.parts(); b.b[0, 0]?[2, 1] = .infinity
        poisoned.append((.b, b, .nonFinite(what: "B block (0, 0)")))
        var c = Self.parts(); c.c[0, 0]?[0, 1] = -.infinity
        poisoned.append((.c, c, .nonFinite(what: "C block (0, 0)")))
        var d = Self.parts(); d.d[0, 1] = .nan
        poisoned.append((.d, d, .nonFinite(what: "D")))
        var biasX = Self.parts(); biasX.biasX[1] = .nan
        poisoned.append((.biasX, biasX, .nonFinite(what: "the state bias")))
        var biasY = Self.parts(); biasY.biasY[0] = .infinity
        poisoned.append((.biasY, biasY, .nonFinite(what: "the output bias")))
        for (part, parts, error) in poisoned {
            #expect(throws: error) { try parts.build() }
            #expect(throws: error) { try parts.build(knownFinite: Parts.all.subtracting(part)) }
            #expect(throws: error) { try parts.build(knownFinite: []) }
            let trusted = try parts.build(knownFinite: part)
            #expect(trusted.stateCount == 3)
        }
        #expect(try Self.parts().build(knownFinite: .all) == Self.parts().build())
        var wideD = Self.parts()
        wideD.d = Matrix(rows: 1, cols: 3)
        #expect(throws: ModelError.shapeMismatch(what: "D", expected: "1×2", found: "1×3")) { try wideD.build(knownFinite: .all) }
        var grid = Self.parts()
        grid.states[0].size = 4
        #expect(throws: ModelError.shapeMismatch(what: "A", expected: "blocks [4]×[4]", found: "blocks [3]×[3]")) {
            try grid.build(knownFinite: .all)
        }
        var duplicate = Self.parts()
        duplicate.states.append(StateBlock(name: "h", size: 1, activation: .relu))
        #expect(throws: ModelError.duplicateName("h")) { try duplicate.build(knownFinite: .all) }
    }

    /// 1e308 + 1e308 overflows although each weight is finite: assembly checks the sums it forms.
    @Test func assemblyRefusesASumThatOverflows() {
        let big = Matrix([[1e308]])
        let twoTerms = Network(input: Port(name: "u", size: 1),
                               layers: [Layer(name: "h", activation: .relu,
                                              terms: [Term(source: "u", weight: big), Term(source: "u", weight: big)], bias: [0])],
                               output: Readout(name: "y", terms: [Term(source: "h", weight: Matrix([[1]]))], bias: [0]))
        #expect(throws: ModelError.nonFinite(what: "B block (0, 0)")) { try ImplicitModel(assembling: twoTerms) }
        let twoDirect = Network(input: Port(name: "u", size: 1), layers: [],
                                output: Readout(name: "y", terms: [Term(source: "u", weight: big), Term(source: "u", weight: big)], bias: [0]))
        #expect(throws: ModelError.nonFinite(what: "D")) { try ImplicitModel(assembling: twoDirect) }
    }
}
