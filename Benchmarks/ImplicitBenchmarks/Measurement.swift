import Foundation

/// Repeated timings of one side of a comparison.
struct Samples {
    var values: [Double] = []

    mutating func add(_ value: Double) { values.append(value) }
    mutating func add(contentsOf more: [Double]) { values.append(contentsOf: more) }

    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    var spread: String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        return "\(Format.seconds(lo))–\(Format.seconds(hi))"
    }
}

/// In-process wall-clock time of `body`.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs both sides once per round, alternating which goes first (so that neither always meets
/// the warmer cache or the busier machine), and calls `report` after each round.
func alternating(rounds: Int, ours: () throws -> Void, peer: () throws -> Void,
                 report: (Int) -> Void = { _ in }) rethrows {
    for round in 0..<rounds {
        if round % 2 == 0 { try ours(); try peer() } else { try peer(); try ours() }
        report(round)
    }
}

/// An in-memory comparison: `ours` timed in this process against the timings the peer command
/// reports itself (`times` in the JSON it prints, so its interpreter start-up is not counted),
/// alternating for `rounds` rounds and printing each. `peerJSON` sees every JSON object.
func kernelTimes(_ label: String, rounds: Int, ours: () throws -> Void, peer: [String], peerName: String,
                 peerJSON: ([String: Any]) -> Void = { _ in }) throws -> (ours: Samples, peer: Samples) {
    var oursTimes = Samples(), peerTimes = Samples()
    try alternating(rounds: rounds, ours: {
        oursTimes.add(try timed(ours))
    }, peer: {
        let json = try ChildProcess.json(try ChildProcess.check(peer))
        peerTimes.add(contentsOf: json["times"] as? [Double] ?? [])
        peerJSON(json)
    }, report: { round in
        print("\(label) round \(round + 1): ours \(Format.seconds(oursTimes.values.last!)), \(peerName) \(Format.seconds(peerTimes.values.last!))")
    })
    return (oursTimes, peerTimes)
}

/// The wall-clock times of two whole commands run alternately, `rounds` times each; exit
/// statuses other than `statuses` are failures.
func wholeCommandTimes(rounds: Int, ours: [String], peer: [String],
                       accepting statuses: Set<Int32> = [0]) throws -> (ours: Samples, peer: Samples) {
    var oursTimes = Samples(), peerTimes = Samples()
    try alternating(rounds: rounds,
                    ours: { oursTimes.add(try ChildProcess.check(ours, accepting: statuses).seconds) },
                    peer: { peerTimes.add(try ChildProcess.check(peer, accepting: statuses).seconds) })
    return (oursTimes, peerTimes)
}

/// One row of the result table.
struct ResultRow {
    var workload: String
    var ours: String
    var peer: String
    var ratio: String
    var goal: String
    var verdict: String
}

enum Format {
    static func seconds(_ s: Double) -> String {
        if s.isNaN { return "–" }
        if s < 1 { return String(format: "%.0f ms", s * 1000) }
        return String(format: "%.2f s", s)
    }

    static func ratio(_ r: Double) -> String { r.isFinite ? String(format: "%.2f", r) : "–" }

    static func bytes(_ b: Int) -> String { String(format: "%.0f MiB", Double(b) / 1_048_576) }

    static func verdict(_ met: Bool) -> String { met ? "met" : "**missed**" }
}
