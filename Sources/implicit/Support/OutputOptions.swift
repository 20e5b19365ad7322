import ArgumentParser
import ImplicitFormats

/// Where a command writes its model, for the commands whose output file is required.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output file; the format follows the extension.")
    var output: String

    @OptionGroup var overwrite: OverwriteOption

    var force: Bool { overwrite.force }

    /// An extension no model format has is refused before the work, not after it.
    func validate() throws {
        do { _ = try ModelFormat(path: output) } catch let error as FormatError { throw ValidationError(error.description) }
    }
}
