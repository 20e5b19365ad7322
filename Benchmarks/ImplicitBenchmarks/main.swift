import Foundation

// implicit-bench: runs ImplicitKit and its Python peers side by side and writes the ratio table.
// Started by scripts/bench.sh, which builds the release binaries, creates the venv and the
// inputs (Benchmarks/python/make_workloads.py) and fixes the environment of both sides.
//
//   implicit-bench --work DIR --python PY --implicit BIN [--rounds N] [--threads T]
//                  [--only convert,feedforward,implicit,lint] [--doc docs/benchmarks.md] [--command TEXT]

let usage = "usage: implicit-bench --work DIR --python PY --implicit BIN [--rounds N] [--threads T] [--only LIST] [--doc FILE] [--command TEXT]"
var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("\(usage)\n".utf8))
        exit(2)
    }
    options[String(flag.dropFirst(2))] = value
}
guard let work = options["work"], let python = options["python"], let implicit = options["implicit"] else {
    FileHandle.standardError.write(Data("\(usage)\n".utf8))
    exit(2)
}

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let context = BenchmarkContext(
    work: URL(fileURLWithPath: work), python: python, implicit: implicit,
    peers: here.deletingLastPathComponent().appendingPathComponent("python"),
    rounds: Int(options["rounds"] ?? "") ?? 5, threads: Int(options["threads"] ?? "") ?? 2)
let only = Set((options["only"] ?? "convert,feedforward,implicit,lint").split(separator: ",").map(String.init))
try? FileManager.default.createDirectory(at: context.work.appendingPathComponent("out"), withIntermediateDirectories: true)

do {
    let environment = try ChildProcess.check([python, context.peer("blas_info.py")]).stdout
        .trimmingCharacters(in: .whitespacesAndNewlines)
    var results: [WorkloadResult] = []
    if only.contains("convert") { results.append(try ConvertWorkload.run(context)) }
    if only.contains("feedforward") { results.append(try PredictWorkloads.feedforward(context)) }
    if only.contains("implicit") { results.append(try PredictWorkloads.implicit(context)) }
    if only.contains("lint") { results.append(try LintWorkload.run(context)) }
    let report = BenchmarkReport(command: options["command"] ?? CommandLine.arguments.joined(separator: " "),
                                 context: context, results: results, peerEnvironment: environment)
    print("\n" + report.markdown)
    if let doc = options["doc"] {
        try report.write(to: doc)
        print("written to \(doc)")
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
