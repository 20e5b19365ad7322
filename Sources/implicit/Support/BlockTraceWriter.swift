import Foundation
import ImplicitFormats
import ImplicitTraining
import Linalg

/// `fit --trace-steps FOLDER`: one NPZ per BCD block, FOLDER/sweep<s>-<k>-<block>.npz, with the
/// point after the block in C order (A (n, n), B, bias_x, C, D, bias_y, X (n, m), P, lambda
/// (n,), and the 0-d mu, kappa, l1, J). The first failed write is kept and reported after
/// training (the descent's callback cannot throw).
final class BlockTraceWriter {
    let folder: URL
    let options: FitOptions
    private(set) var failure: Error?
    private var index = 0

    /// The folder must be new or empty, so a trace never replaces a file (an input included).
    /// - Throws: `FormatError` when the folder holds files or cannot be created.
    init(folder path: String, options: FitOptions) throws {
        folder = URL(fileURLWithPath: path)
        self.options = options
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: path), !existing.isEmpty {
            throw FormatError(file: path, "the trace folder must be new or empty; it holds \(existing.count) entries")
        }
        if FileManager.default.fileExists(atPath: path), (try? FileManager.default.contentsOfDirectory(atPath: path)) == nil {
            throw FormatError(file: path, "the trace folder is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FormatError(file: path, "cannot create the trace folder: \(error.localizedDescription)")
        }
    }

    func write(_ trace: BlockTrace) {
        guard failure == nil else { return }
        index += 1
        let w = trace.parameters
        func matrix(_ m: Matrix) -> NumPyArray { NumPyArray(shape: [m.rows, m.cols], storage: .float64(m.rowMajor)) }
        func vector(_ v: [Double]) -> NumPyArray { NumPyArray(shape: [v.count], storage: .float64(v)) }
        func scalar(_ v: Double) -> NumPyArray { NumPyArray(shape: [], storage: .float64([v])) }
        let arrays: [(name: String, array: NumPyArray)] = [
            ("A", matrix(w.a)), ("B", matrix(w.b)), ("bias_x", vector(w.biasX)),
            ("C", matrix(w.c)), ("D", matrix(w.d)), ("bias_y", vector(w.biasY)),
            ("X", matrix(trace.states)), ("P", matrix(trace.proxies)), ("lambda", vector(trace.dualWeights)),
            ("mu", scalar(options.mu)), ("kappa", scalar(options.kappa)), ("l1", scalar(options.l1)), ("J", scalar(trace.objective)),
        ]
        let url = folder.appendingPathComponent(String(format: "sweep%d-%02d-%@.npz", trace.sweep, index, trace.block))
        do { try NPZFile.write(arrays, to: url, force: true) } catch { failure = error }
    }
}
