import ArgumentParser
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel

/// Options shared by `reduce` and `prune`: the exact reductions' tolerance and input box.
struct ReductionArguments: ParsableArguments {
    @Option(help: "Treat weights with |w| ≤ T as zero when finding exact reductions (default 0: exact).")
    var tol: Double = ExactReductionOptions.defaultTolerance

    @Option(parsing: .unconditional, help: "Input box for dead-unit analysis and --verify: 'lo,hi' for every feature.")
    var box: String?

    @Option(name: .customLong("inputs"), help: "Input box from samples: per-feature min and max of X.npy or X.csv.")
    var boxSamples: String?

    @Flag(help: "Drop the inputs the model ignores; the report lists the input columns the result expects.")
    var dropInputs = false

    /// The exact-reduction options, with the box read from `--box` or `--inputs`.
    func exactOptions(features: Int, memoryLimit: MemoryLimit) throws -> ExactReductionOptions {
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a non-negative number") }
        var options = ExactReductionOptions(tolerance: tol, dropInputs: dropInputs)
        switch (box, boxSamples) {
        case (let text?, nil):
            let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let lo = parts[0], let hi = parts[1] else {
                throw ValidationError("--box takes 'lo,hi', two numbers separated by a comma")
            }
            options.box = try InputBox(lo: lo, hi: hi, features: features)
        case (nil, let path?):
            let samples = try DataFile.read(path, memoryLimit: memoryLimit)
            guard samples.rows == features else {
                throw FormatError(file: path, "has \(samples.rows) features per sample, the model expects \(features)")
            }
            options.box = try InputBox(enclosing: samples)
        case (nil, nil):
            break
        case (_?, _?):
            throw ValidationError("give either --box or --inputs, not both")
        }
        return options
    }
}

import Foundation
