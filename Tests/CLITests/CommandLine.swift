import Foundation

/// Runs the built `implicit` binary: `$IMPLICIT_BIN`, else `.build/debug/implicit` of this package.
enum ImplicitCLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["IMPLICIT_BIN"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/implicit")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// True when the run was stopped for exceeding its time limit.
        var timedOut = false
    }

    /// Runs the binary and waits for it; with `timeLimit`, stops it (SIGKILL) when it runs
    /// longer: a hang check, not a performance measurement. With `addressSpaceLimit` (bytes),
    /// the binary runs under `ulimit -v`: an allocation past it fails instead of swapping the
    /// machine, so a reader that does not refuse in time crashes the case.
    static func run(_ arguments: [String], in directory: URL? = nil, timeLimit: Duration? = nil,
                    addressSpaceLimit: Int? = nil) throws -> Result {
        let process = Process()
        if let limit = addressSpaceLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(limit / 1024) && exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory ?? packageRoot
        // A crash report could take minutes; the test wants the status.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = timeLimit.map { limit in
            DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
                .scheduled(after: limit)
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog?.cancel()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self),
                      timedOut: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }

    /// A fresh empty folder for one test's files.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("implicit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sample(_ name: String) -> String { packageRoot.appendingPathComponent("samples/\(name)").path }
}

private extension DispatchWorkItem {
    func scheduled(after delay: Duration) -> DispatchWorkItem {
        let (seconds, attoseconds) = delay.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: self)
        return self
    }
}
