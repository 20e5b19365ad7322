import Foundation
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel

/// `implicit lint` on a dense n = 2000 ReLU model against NumPy computing ‖A‖∞, ‖A‖₂ and ρ(|A|):
/// the in-memory analysis against the three numbers, and both commands end to end.
enum LintWorkload {
    static func run(_ context: BenchmarkContext) throws -> WorkloadResult {
        let npz = context.input("lint.npz")
        let model = try ModelFile.read(npz).implicitModel()
        var report: WellPosednessReport?
        var numbers: [String: Any] = [:]
        let (ours, peer) = try kernelTimes("lint", rounds: context.rounds,
                                           ours: { report = model.wellPosedness() },
                                           peer: [context.python, context.peer("peer_lint.py"), npz, "--repeat", "1"],
                                           peerName: "NumPy", peerJSON: { numbers = $0["numbers"] as? [String: Any] ?? [:] })
        // lint exits 0 well-posed, 1 ill-posed, 3 undecided: all are answers.
        let (oursEnd, peerEnd) = try wholeCommandTimes(rounds: context.rounds, ours: [context.implicit, "lint", npz],
                                                       peer: [context.python, context.peer("peer_lint.py"), npz],
                                                       accepting: [0, 1, 3])
        let component = report?.components.first
        let certificate = component?.certificate.map { "\($0.kind) (\($0.condition): \(String(format: "%.3g", $0.value)))" } ?? "none"
        let kernel = ours.median / peer.median, end = oursEnd.median / peerEnd.median
        func number(_ key: String) -> String { (numbers[key] as? Double).map { String(format: "%.3g", $0) } ?? "?" }
        return WorkloadResult(rows: [
            ResultRow(workload: "lint dense n=2000 (in memory)",
                      ours: "\(Format.seconds(ours.median)), \(report.map { "\($0.verdict)" } ?? "?") with a certificate",
                      peer: "\(Format.seconds(peer.median)) (NumPy ‖A‖∞, ‖A‖₂, ρ(|A|); no verdict)",
                      ratio: Format.ratio(kernel), goal: "≤ 1.0", verdict: Format.verdict(kernel <= 1)),
            ResultRow(workload: "lint, whole command", ours: Format.seconds(oursEnd.median),
                      peer: "\(Format.seconds(peerEnd.median)) (python + NumPy)", ratio: Format.ratio(end),
                      goal: "(for information)", verdict: ""),
        ], notes: [
            "lint: ours decides \(report.map { "\($0.verdict)" } ?? "?") (exact: \(report?.exact ?? false)) with certificate \(certificate), and reports Picard contractive: \(report?.picardContractive ?? false); NumPy's numbers: ‖A‖∞ = \(number("norm_inf")), ‖A‖₂ = \(number("norm_2")), ρ(|A|) = \(number("rho_abs")). In memory: ours \(ours.spread), NumPy \(peer.spread).",
        ])
    }
}
