import ArgumentParser

/// `--force`, declared once for every command that writes a file.
struct OverwriteOption: ParsableArguments {
    @Flag(help: "Replace the output file if it exists.")
    var force = false
}
