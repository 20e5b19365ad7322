import ArgumentParser
import Foundation
import ImplicitAnalysis
import ImplicitFormats

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide whether a model is well-posed (one state for every input), with a certificate or a witness.",
        discussion: "Exit 0 well-posed, 1 ill-posed, 3 undecided, 2 bad input. The JSON report is documented in docs/lint.md.")

    @OptionGroup var input: ModelInputOptions

    @Flag(help: "Print one JSON document (the WellPosednessReport).")
    var json = false

    static func exitStatus(_ verdict: Verdict) -> Int32 {
        switch verdict {
        case .wellPosed: return 0
        case .illPosed: return 1
        case .undecided: return 3
        }
    }

    func run() throws {
        let model = try input.implicitModel()
        let report = model.wellPosedness()
        print(json ? try JSONText.encode(report) : WellPosednessReportText.render(report, model: input.model))
        let status = Lint.exitStatus(report.verdict)
        if status != 0 { throw ExitCode(status) }
    }
}
