import ArgumentParser
import Foundation
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel

/// The ℓ∞ balls around samples that `bounds`, `certify` and `report` bound over: `--input X
/// --eps E [--clip lo,hi]`. Each command says which of the three it needs.
struct BallArguments: ParsableArguments {
    @Option(name: .customLong("input"), help: "Samples: .npy (m, p) or .csv, one per row; with --eps, each row's box is |u − x| ≤ eps.")
    var samples: String?

    @Option(help: "Radius of the ℓ∞ ball around each sample of --input.")
    var eps: Double?

    @Option(parsing: .unconditional, help: "Intersect each ball with the box 'lo,hi' for every feature (e.g. 0,1 for pixels).")
    var clip: String?

    /// `--eps` a non-negative number, `--clip` an interval that clips a ball; before any file is read.
    func validate() throws {
        if let eps, !(eps >= 0 && eps.isFinite) { throw ValidationError("--eps must be a non-negative number") }
        if let clip { _ = try clipInterval(clip) }
        if clip != nil && (samples == nil || eps == nil) { throw ValidationError("--clip applies to --input X --eps E") }
    }

    /// `--clip` as an interval.
    func clipInterval(_ text: String) throws -> IntervalArgument { try IntervalArgument(text, flag: "--clip") }

    /// The samples of `path`, one per column, checked to have the model's `features` inputs.
    static func readSamples(_ path: String, features: Int, memoryLimit: MemoryLimit) throws -> Matrix {
        let samples = try DataFile.read(path, memoryLimit: memoryLimit)
        guard samples.rows == features else {
            throw FormatError(file: path, "has \(samples.rows) features per sample, the model expects \(features)")
        }
        return samples
    }

    /// The balls around the samples (read here) for a model of `features` inputs.
    func inputSet(samples path: String, eps: Double, features: Int, memoryLimit: MemoryLimit) throws -> (samples: Matrix, inputs: InputSet) {
        let samples = try Self.readSamples(path, features: features, memoryLimit: memoryLimit)
        let interval = try clip.map(clipInterval)
        let inputs = try inFile(path) {
            try InputSet(centres: samples, radius: eps, clip: interval.map { ($0.lower, $0.upper) })
        }
        return (samples, inputs)
    }
}

/// How `bounds` and `certify` bound the outputs.
struct BoundsMethodOption: ParsableArguments {
    @Option(help: "auto (CROWN ∩ IBP for feedforward models, IBP for cyclic ones), ibp (interval propagation) crown (linear relaxation, feedforward models) or embedding (mixed-monotone contractive embedding of cyclic components).")
    var method: BoundsMethod = .auto
}

extension BoundsMethod: ExpressibleByArgument {}

/// Runs a bounds computation: bad input becomes a `FileError` naming `inputFile`; a method that
/// cannot bound the model prints its reason and exits 3.
func boundsOutcome<T>(model: String, inputFile: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as BoundsError where error.isMethodLimitation {
        CommandFailure.write("\(model): \(error.description)")
        throw ExitCode(BoundsExit.noBound)
    } catch let error as BoundsError {
        throw FileError(file: inputFile, error)
    } catch let error as EvaluationError {
        throw FileError(file: inputFile, error)
    }
}

/// Runs `body`, naming `file` in a `BoundsError` about the input set (a `FileError`).
func inFile<T>(_ file: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as BoundsError {
        throw FileError(file: file, error)
    }
}

/// Exit statuses of `bounds` and `certify` beyond 0 and 2.
enum BoundsExit {
    /// The method cannot give a finite sound bound for this model.
    static let noBound: Int32 = 3
}
