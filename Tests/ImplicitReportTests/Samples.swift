import Foundation
import ImplicitFormats
import ImplicitModel
import ImplicitReport
import Linalg

/// The bundled samples the report tests render.
enum Samples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    static func model(_ name: String) throws -> (model: ImplicitModel, kind: String) {
        let document = try ModelFile.read(root.appendingPathComponent(name).path)
        if case .network = document { return (try document.implicitModel(), "network") }
        return (try document.implicitModel(), "implicit")
    }

    static func inputs(_ name: String) throws -> Matrix {
        try DataFile.read(root.appendingPathComponent(name).path)
    }

    static func report(_ name: String, inputs: String? = nil) throws -> ModelReport {
        let (model, kind) = try model(name)
        return try ModelReport(model: model, kind: kind, title: name, inputs: try inputs.map(Self.inputs), inputsName: inputs)
    }
}
