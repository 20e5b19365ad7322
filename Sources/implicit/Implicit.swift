import ArgumentParser
import Foundation
import ImplicitFormats
import Linalg

@main
struct Implicit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "implicit",
        abstract: "Convert, check, compose, reduce and run implicit deep learning models.",
        discussion: "Models: y = Cx + Du + c with x = φ(Ax + Bu + b). Formats by extension: .yaml/.yml, .pb, .txtpb, .onnx, .npz.",
        version: ImplicitVersion.current,
        subcommands: [Convert.self, Info.self, Predict.self, Lint.self, Compose.self, Reduce.self, Prune.self, Bounds.self, Certify.self, Report.self, Fit.self]
    )

    /// Exit statuses: 0 success (lint: well-posed), 1 lint ill-posed or a refused prune,
    /// 2 bad input or usage, 3 lint undecided.
    static func main() {
        // Idle BLAS workers would poll for a tenth of a second on one of the two cores the
        // command's own threads (file writers, transposes) could use.
        parkBLASThreads()
        do {
            var command = try parseAsRoot()
            // Every file the command reads is recorded, and none of them may be written over.
            try InputLedger.$current.withValue(InputLedger()) { try command.run() }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            CommandFailure.report(error)
        }
    }
}
