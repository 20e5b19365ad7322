import Foundation
import Testing

/// `implicit predict --precision float32` through the built binary: float32 rounding of the
/// float64 answer on feedforward models, a one-line refusal on cyclic ones.
@Suite struct PredictPrecisionTests {
    static func rows(_ text: String) -> [[Double]] {
        text.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
    }

    @Test func float32MatchesFloat64ToFloatRounding() throws {
        for name in ["mlp", "skip", "mixed"] {
            let args = ["predict", ImplicitCLI.sample("\(name).yaml"), "--input", ImplicitCLI.sample("\(name).input.csv"), "--raw"]
            let exact = try ImplicitCLI.run(args)
            let fast = try ImplicitCLI.run(args + ["--precision", "float32"])
            #expect(exact.status == 0 && fast.status == 0, "\(name): \(fast.stderr)")
            let a = Self.rows(exact.stdout), b = Self.rows(fast.stdout)
            #expect(a.count == b.count && !a.isEmpty)
            // The flag took effect: float32 rounding shows somewhere in the printed digits.
            #expect(a != b, "\(name): float32 output identical to float64")
            for (x, y) in zip(a, b) {
                #expect(x.count == y.count)
                for (u, v) in zip(x, y) { #expect(abs(u - v) <= 1e-5 * max(1, abs(u)), "\(name)") }
            }
        }
    }

    @Test func cyclicModelsAreRefused() throws {
        let result = try ImplicitCLI.run(["predict", ImplicitCLI.sample("implicit.yaml"), "--input",
                                          ImplicitCLI.sample("implicit.input.csv"), "--precision", "float32"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("cyclic"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
