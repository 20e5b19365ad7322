import Foundation

/// Where the inputs are and how the two sides are started.
struct BenchmarkContext {
    /// Inputs from make_workloads.py and scratch outputs.
    var work: URL
    /// The venv's interpreter for the peers.
    var python: String
    /// The release build of `implicit`.
    var implicit: String
    /// Benchmarks/python.
    var peers: URL
    /// Rounds of each comparison; the two sides alternate within a round.
    var rounds: Int
    /// Threads for both sides (OpenBLAS through the environment, onnxruntime's intra-op pool).
    var threads: Int

    func input(_ name: String) -> String { work.appendingPathComponent(name).path }
    func output(_ name: String) -> String { work.appendingPathComponent("out").appendingPathComponent(name).path }
    func peer(_ script: String) -> String { peers.appendingPathComponent(script).path }

    func removeOutputs(_ names: String...) {
        for name in names { try? FileManager.default.removeItem(atPath: output(name)) }
    }
}

/// What a workload contributes to the report.
struct WorkloadResult {
    var rows: [ResultRow]
    var notes: [String]
}
