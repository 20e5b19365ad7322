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

    /// Checks the tolerance and the box before any file is read.
    func validate() throws {
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a non-negative number") }
        if box != nil && boxSamples != nil { throw ValidationError("give either --box or --inputs, not both") }
        if let box { _ = try IntervalArgument(box, flag: "--box") }
    }

    /// The exact-reduction options, with the box read from `--box` or `--inputs`.
    func exactOptions(features: Int, memoryLimit: MemoryLimit) throws -> ExactReductionOptions {
        var options = ExactReductionOptions(tolerance: tol, dropInputs: dropInputs)
        if let box {
            let interval = try IntervalArgument(box, flag: "--box")
            options.box = try InputBox(lo: interval.lower, hi: interval.upper, features: features)
        }
        if let boxSamples {
            let samples = try DataFile.read(boxSamples, memoryLimit: memoryLimit)
            guard samples.rows == features else {
                throw FormatError(file: boxSamples, "has \(samples.rows) features per sample, the model expects \(features)")
            }
            options.box = try InputBox(enclosing: samples)
        }
        return options
    }
}

import Foundation
