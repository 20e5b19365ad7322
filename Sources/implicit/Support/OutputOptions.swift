import ArgumentParser

/// Where a command writes its result, for the commands whose output file is required.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output file; the format follows the extension.")
    var output: String

    @OptionGroup var overwrite: OverwriteOption

    var force: Bool { overwrite.force }
}
