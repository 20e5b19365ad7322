import Foundation
import Linalg

/// The table of ratios and the facts needed to read it, as printed and as written to
/// docs/benchmarks.md between the `bench:begin` and `bench:end` markers.
struct BenchmarkReport {
    var command: String
    var context: BenchmarkContext
    var results: [WorkloadResult]
    var peerEnvironment: String

    static let begin = "<!-- bench:begin (written by scripts/bench.sh) -->"
    static let end = "<!-- bench:end -->"

    var markdown: String {
        var text = "## Against what users would pick instead (issue 7)\n\n"
        text += "Ratios are ours / peer, medians of \(context.rounds) rounds measured side by side in one run, the two "
        text += "sides alternating within each round; below 1 means we are faster (or smaller).\n\n"
        text += "| workload | ours | peer | ours/peer | goal | |\n|---|---|---|---|---|---|\n"
        for row in results.flatMap(\.rows) {
            text += "| \(row.workload) | \(row.ours) | \(row.peer) | \(row.ratio) | \(row.goal) | \(row.verdict) |\n"
        }
        text += "\n"
        for note in results.flatMap(\.notes) { text += "- \(note)\n" }
        text += "\nMachine and software:\n\n"
        for line in machine { text += "- \(line)\n" }
        text += "\nCommand: `\(command)` (\(Self.today)).\n"
        return text
    }

    var machine: [String] {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        let memory = ProcessInfo.processInfo.physicalMemory
        let blas = blasConfiguration
        let env = ProcessInfo.processInfo.environment
        let openblasVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS"]
            .map { "\($0)=\(env[$0] ?? "(unset)")" }.joined(separator: ", ")
        return [
            "\(ProcessInfo.processInfo.activeProcessorCount) cores of \(cpu), \(memory / 1_073_741_824) GiB, shared with other work (hence ratios, not times)",
            "ours: \(blas.config), kernel \(blas.core); \(context.threads) threads",
            "peers: \(peerEnvironment)",
            "environment of both sides: \(openblasVariables)",
        ]
    }

    static var today: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Replaces the section between the markers in `path`, or appends it.
    func write(to path: String) throws {
        var document = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# Benchmarks\n"
        let section = Self.begin + "\n" + markdown + Self.end + "\n"
        if let start = document.range(of: Self.begin), let stop = document.range(of: Self.end, range: start.upperBound..<document.endIndex) {
            var tail = document[stop.upperBound...]
            if tail.hasPrefix("\n") { tail = tail.dropFirst() }
            document = String(document[..<start.lowerBound]) + section + tail
        } else {
            if !document.hasSuffix("\n\n") { document += document.hasSuffix("\n") ? "\n" : "\n\n" }
            document += section
        }
        try document.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
