/// The version `implicit --version` prints: the one place it is written. Bumped by hand in the
/// commit that cuts a release (semantic versioning: the CLI contract of docs/cli.md, the file
/// formats and the JSON reports are the public interface); see docs/cli.md.
enum ImplicitVersion {
    static let current = "0.1.0"
}
