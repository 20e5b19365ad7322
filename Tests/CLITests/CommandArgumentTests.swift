import Foundation
import Testing

/// What every command checks before it reads a file, and `implicit --version`.
@Suite struct CommandArgumentTests {
    /// The model path does not exist: a command that read it before checking its flags would
    /// name the missing file instead of the flag.
    static let absentModel = "no-such-model.yaml"

    @Test(arguments: [
        (["prune", absentModel, "-o", "p.yaml", "--rank", "1", "--rank-tol", "0.1"], "give either --rank or --rank-tol, not both"),
        (["prune", absentModel, "-o", "p.yaml", "--rank=-1"], "--rank must be a non-negative whole number"),
        (["prune", absentModel, "-o", "p.yaml", "--rank-tol", "nan"], "--rank-tol must be a non-negative number"),
        (["prune", absentModel, "-o", "p.yaml", "--verify", "0"], "--verify takes a positive number of samples"),
        (["prune", absentModel, "-o", "p.yaml", "--verify", "5", "--verify-input", "x.npy"], "give either --verify or --verify-input, not both"),
        (["prune", absentModel, "-o", "p.yaml", "--max-deviation", "1"], "--max-deviation needs --verify N or --verify-input X"),
        (["prune", absentModel, "-o", "p.yaml", "--verify", "5", "--max-deviation=-1"], "--max-deviation must be a non-negative number"),
        (["prune", absentModel, "-o", "p.yaml", "--threshold=-1"], "--threshold must be a non-negative number"),
        (["prune", absentModel, "-o", "p.yaml", "--relative"], "--relative applies to --threshold T"),
        (["prune", absentModel, "-o", "p.yaml", "--tol=-1"], "--tol must be a non-negative number"),
        (["reduce", absentModel, "--tol", "inf"], "--tol must be a non-negative number"),
        (["reduce", absentModel, "--box", "1,0"], "--box 1,0: lo must not exceed hi"),
        (["reduce", absentModel, "--box", "0,1", "--inputs", "x.csv"], "give either --box or --inputs, not both"),
        (["predict", absentModel, "--input", "x.csv", "--tol", "0"], "--tol must be a positive number"),
        (["bounds", absentModel, "--input", "x.npy", "--eps=-1"], "--eps must be a non-negative number"),
        (["certify", absentModel, "--input", "x.npy", "--eps", "0.1", "--labels", "y.npy", "--clip", "1,0"], "--clip 1,0: lo must not exceed hi"),
        (["report", absentModel, "--input", "x.npy", "--clip", "0,1"], "--clip applies to --input X --eps E"),
        (["report", absentModel, "--eps", "0.1"], "--eps needs --input X"),
        (["convert", absentModel, "-o", "m.yaml", "--external-data"], "--external-data applies to an .onnx output only"),
        (["convert", absentModel, "-o", "m.txt"], "m.txt: unknown model format; use one of"),
        (["prune", absentModel, "-o", "m.h5"], "m.h5: unknown model format; use one of"),
        (["compose", absentModel, absentModel, "-o", "m"], "m: unknown model format; use one of"),
        (["fit", "--input", "u.npy", "--target", "y.npy", "--states", "3", "-o", "m.keras"], "m.keras: unknown model format; use one of"),
    ])
    func flagsAreRefusedBeforeTheModelIsRead(arguments: [String], message: String) throws {
        let dir = try ImplicitCLI.scratchFolder()
        let result = try ImplicitCLI.run(arguments, in: dir)
        #expect(result.status == 2, "\(arguments): status \(result.status), \(result.stderr)")
        #expect(result.stderr.contains(message) && !result.stderr.contains(Self.absentModel), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "not one line: \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// The version printed is the one constant in Sources/implicit/Version.swift.
    @Test func versionPrintsTheOneConstant() throws {
        let source = try String(contentsOf: ImplicitCLI.packageRoot.appendingPathComponent("Sources/implicit/Version.swift"), encoding: .utf8)
        let declared = try #require(source.firstMatch(of: /static let current = "([0-9]+\.[0-9]+\.[0-9]+)"/)).1
        let result = try ImplicitCLI.run(["--version"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout == "\(declared)\n")
    }

    /// `--force` is one flag shared by every command that writes; each still replaces only with it.
    @Test(arguments: ["convert", "predict", "bounds", "report", "prune", "compose"])
    func forceIsTheFlagEveryWriterTakes(command: String) throws {
        let dir = try ImplicitCLI.scratchFolder()
        let model = ImplicitCLI.sample("mlp.yaml")
        let out = dir.appendingPathComponent(command == "bounds" ? "out.npz" : command == "report" ? "out.html" : command == "predict" ? "out.csv" : "out.yaml").path
        let arguments: [String]
        switch command {
        case "predict": arguments = ["predict", model, "--input", ImplicitCLI.sample("mlp.input.csv"), "-o", out]
        case "bounds": arguments = ["bounds", model, "--box", "0,1", "-o", out]
        case "compose":
            let implicitSample = ImplicitCLI.sample("implicit.yaml")
            arguments = ["compose", "--parallel", implicitSample, implicitSample, "-o", out]
        default: arguments = [command, model, "-o", out]
        }
        #expect(try ImplicitCLI.run(arguments).status == 0)
        let refused = try ImplicitCLI.run(arguments)
        #expect(refused.status == 2 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try ImplicitCLI.run(arguments + ["--force"]).status == 0)
        let help = try ImplicitCLI.run([command, "--help"])
        #expect(help.stdout.contains("--force") && help.stdout.contains("Replace the output file if it exists."))
    }
}
