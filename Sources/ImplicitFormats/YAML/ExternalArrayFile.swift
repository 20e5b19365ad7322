import Foundation
import ImplicitModel

/// A `.npy` file referenced from a YAML document by `{npy: name.npy}`, relative to its folder.
struct ExternalArrayFile {
    let yamlFile: String
    let directory: URL
    let name: String

    var url: URL { URL(fileURLWithPath: name, relativeTo: directory).standardizedFileURL }

    func readMatrix() throws -> Matrix {
        throw FormatError(file: yamlFile, "npy references need the NumPy reader (pending merge)")
    }

    func readVector() throws -> [Double] {
        throw FormatError(file: yamlFile, "npy references need the NumPy reader (pending merge)")
    }
}
