import ArgumentParser

@main
struct Implicit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "implicit", abstract: "Implicit deep learning models")
}
