import ArgumentParser
import ImplicitFormats
import ImplicitModel

struct Compose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compose two models into one (A, B, C, D): SECOND after FIRST, or both side by side.",
        discussion: "Cascade: u → FIRST → SECOND, so FIRST's outputs are SECOND's inputs. --parallel: both read the same input and their outputs are stacked. The result is well-posed iff both parts are.")

    @Argument(help: "The first model (any format).")
    var first: String

    @Argument(help: "The second model (any format).")
    var second: String

    @OptionGroup var output: OutputOptions

    @Flag(help: "Parallel composition: same input, outputs stacked, instead of the cascade.")
    var parallel = false

    @OptionGroup var reading: ModelReadingOptions

    func run() throws {
        let a = try reading.implicitModel(first)
        let b = try reading.implicitModel(second)
        let composed: ImplicitModel
        do {
            composed = parallel ? try ImplicitModel.parallel(a, b) : try ImplicitModel.cascade(a, b)
        } catch let error as CompositionError {
            throw FileError(file: second, lead: "cannot compose with \(first): ", error)
        } catch let error as ModelError {
            // A product of finite weights that overflows (B₂C₁, D₂D₁).
            throw FileError(file: second, lead: "cannot compose with \(first): ", error)
        }
        try ModelFile.write(.implicit(composed), to: output.output, inputs: [first, second], force: output.force)
    }
}
