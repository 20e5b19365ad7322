import Foundation
import Testing

/// `implicit predict` through the built binary.
@Suite struct PredictCommandTests {
    @Test func feedforwardAndImplicitSamplesPredictToFiles() throws {
        let dir = try ImplicitCLI.scratchFolder()
        for name in ["mlp", "skip", "mixed", "implicit"] {
            let out = dir.appendingPathComponent("\(name).csv").path
            let result = try ImplicitCLI.run(["predict", ImplicitCLI.sample("\(name).yaml"),
                                              "--input", ImplicitCLI.sample("\(name).input.csv"), "-o", out])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            let inputs = try String(contentsOfFile: ImplicitCLI.sample("\(name).input.csv"), encoding: .utf8).split(separator: "\n")
            #expect(rows.count == inputs.count)
        }
    }

    @Test func softmaxRowsSumToOneUnlessRaw() throws {
        let cooked = try ImplicitCLI.run(["predict", ImplicitCLI.sample("mlp.yaml"), "--input", ImplicitCLI.sample("mlp.input.csv")])
        for line in cooked.stdout.split(separator: "\n") {
            let sum = line.split(separator: ",").compactMap { Double($0) }.reduce(0, +)
            #expect(abs(sum - 1) < 1e-12)
        }
        let raw = try ImplicitCLI.run(["predict", ImplicitCLI.sample("mlp.yaml"), "--input", ImplicitCLI.sample("mlp.input.csv"), "--raw"])
        #expect(raw.status == 0 && raw.stdout != cooked.stdout)
    }

    @Test func badInputsAreRefusedWithTheirPlace() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let nan = dir.appendingPathComponent("nan.csv")
        try "1,2\n3,nan\n".write(to: nan, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("y.npy").path
        let result = try ImplicitCLI.run(["predict", ImplicitCLI.sample("implicit.yaml"), "--input", nan.path, "-o", out])
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(nan.path): the input has NaN or infinity at row 1, column 1\n")
        #expect(!FileManager.default.fileExists(atPath: out))

        let wide = dir.appendingPathComponent("wide.csv")
        try "1,2,3\n".write(to: wide, atomically: true, encoding: .utf8)
        let shape = try ImplicitCLI.run(["predict", ImplicitCLI.sample("implicit.yaml"), "--input", wide.path])
        #expect(shape.status == 2 && shape.stderr.contains("3 features per sample, the model expects 2"))
    }

    /// NumPy's Fortran order (`np.asfortranarray`) is supported, not an error: the same samples
    /// in C and Fortran order predict the same outputs, bit for bit.
    @Test func fortranOrderInputsPredictLikeCOrder() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let rows: [[Double]] = [[0.5, -1.25, 2.0, 0.75], [-0.5, 0.25, 1.5, -2.0], [1.0, 0.0, -0.125, 3.0]]
        func npy(fortran: Bool) -> Data {
            var header = "{'descr': '<f8', 'fortran_order': \(fortran ? "True" : "False"), 'shape': (3, 4), }"
            header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
            var data = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0, UInt8(header.utf8.count), 0]) + Data(header.utf8)
            let values = fortran ? (0..<4).flatMap { j in rows.map { $0[j] } } : rows.flatMap { $0 }
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            return data
        }
        var outputs: [String] = []
        for fortran in [false, true] {
            let input = dir.appendingPathComponent("x\(fortran).npy")
            try npy(fortran: fortran).write(to: input)
            let result = try ImplicitCLI.run(["predict", ImplicitCLI.sample("mlp.yaml"), "--input", input.path])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(result.stdout)
        }
        #expect(outputs[0] == outputs[1] && outputs[0].split(separator: "\n").count == 3)
    }
}
