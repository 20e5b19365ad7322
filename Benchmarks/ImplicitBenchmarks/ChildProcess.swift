import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of a command: wall-clock seconds, peak resident memory and what it printed.
struct ChildRun {
    var seconds: Double
    /// ru_maxrss of the child: its peak resident set, file-backed pages included.
    var peakBytes: Int
    var status: Int32
    var stdout: String
    var stderr: String
}

enum ChildProcess {
    /// Runs `arguments` (the first is looked up on PATH when it has no slash), timing it from
    /// spawn to exit and reading its peak RSS from `wait4`.
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildRun {
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).out")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchmarkError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildRun(seconds: seconds, peakBytes: Int(usage.ru_maxrss) * 1024, status: exit,
                        stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                        stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Runs a command that must succeed.
    static func check(_ arguments: [String], accepting statuses: Set<Int32> = [0]) throws -> ChildRun {
        let run = try run(arguments)
        guard statuses.contains(run.status) else {
            throw BenchmarkError("\(arguments.joined(separator: " ")) exited with \(run.status): \(run.stderr.suffix(2000))")
        }
        return run
    }

    /// The JSON object a peer printed on its last line.
    static func json(_ run: ChildRun) throws -> [String: Any] {
        guard let line = run.stdout.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw BenchmarkError("no JSON from the peer: \(run.stdout.suffix(500)) \(run.stderr.suffix(2000))")
        }
        return object
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
