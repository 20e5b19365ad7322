import Foundation
import ImplicitAnalysis
import ImplicitModel

/// Writes the low-rank test's model, inputs and reported deviation as CSV files when the
/// environment variable REDUCTION_NUMPY_DUMP names a folder, for the independent NumPy check in
/// scripts/check-lowrank-numpy.py. Does nothing otherwise.
enum ReductionNumPyDump {
    static func write(model: ImplicitModel, reduced: ImplicitModel, inputs: Matrix, report: ReductionReport) throws {
        guard let folder = ProcessInfo.processInfo.environment["REDUCTION_NUMPY_DUMP"] else { return }
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        func save(_ name: String, _ m: Matrix) throws {
            let text = m.nestedRows.map { $0.map { String($0) }.joined(separator: ",") }.joined(separator: "\n")
            try (text + "\n").write(to: url.appendingPathComponent(name + ".csv"), atomically: true, encoding: .utf8)
        }
        try save("A", model.a.dense())
        try save("B", model.b.dense())
        try save("C", model.c.dense())
        try save("D", model.d)
        try save("bias_x", Matrix(column: model.biasX))
        try save("bias_y", Matrix(column: model.biasY))
        try save("X", inputs.transposed())
        try save("A_reduced", reduced.a.dense())
        let deviation = report.deviation
        try save("reported", Matrix(column: [deviation?.maxAbsolute ?? .nan, deviation?.maxRelative ?? .nan,
                                             report.lowRank?.parts.first?.truncationError ?? .nan,
                                             Double(report.before.iterationCost), Double(report.after.iterationCost)]))
    }
}
