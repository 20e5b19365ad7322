import Testing
@testable import ImplicitModel

/// A NaN pre-activation (an overflow of A x) must stay NaN through every activation, in the
/// scalar form, the buffer form and a block of a component's map alike, so that the
/// verification of a state sees it instead of reading a 0 (IEEE `max`/`min` and comparisons
/// would otherwise drop it).
@Suite struct ActivationNaNTests {
    static let activations: [Activation] = [
        .relu, .leakyReLU(alpha: 0.01), .tanh, .sigmoid, .identity, .gelu, .geluTanh, .silu, .swish(beta: 1.5),
        .hardSigmoid(alpha: 0.2, beta: 0.5), .hardSwish, .elu(alpha: 1), .selu, .celu(alpha: 0.5), .softplus,
        .softsign, .clip(lower: -1, upper: 6), .thresholdedReLU(alpha: 1), .mish,
    ]

    @Test(arguments: activations) func nanStaysNaN(_ phi: Activation) {
        #expect(phi(.nan).isNaN)
        var buffer: [Double] = [-1, .nan, 2]
        phi.apply(&buffer)
        #expect(buffer[1].isNaN && !buffer[0].isNaN && !buffer[2].isNaN)
        var block: [Double] = [.nan, 0.5]
        block.withUnsafeMutableBufferPointer { StateMap.elementwise(phi).applyBlock($0) }
        #expect(block[0].isNaN)
    }
}
