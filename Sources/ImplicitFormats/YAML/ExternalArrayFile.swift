import Foundation
import ImplicitModel

/// A `.npy` file referenced from a YAML document by `{npy: name.npy}`, relative to its folder.
///
/// Weights are (rows, cols) arrays in NumPy's own orientation: `np.save("w.npy", W)` for a
/// rows × cols W. They are read once, then reordered into our column-major storage.
struct ExternalArrayFile {
    let yamlFile: String
    let directory: URL
    let name: String

    var url: URL { URL(fileURLWithPath: name, relativeTo: directory).standardizedFileURL }

    /// The array, its elements reserved from `memory` before they are loaded.
    private func array(_ memory: MemoryBudget) throws -> NumPyArray {
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw FormatError(file: yamlFile, "npy reference '\(name)' must be a path inside the YAML file's folder")
        }
        // The header is checked against what is left of the budget before the data is loaded.
        let array = try NPYFile.read(url, budget: memory)
        do {
            try memory.reserve(array.count)
        } catch {
            throw FormatError(file: url.path, refusing: "the array", error)
        }
        return array
    }

    func readMatrix(memory: MemoryBudget) throws -> Matrix {
        let a = try array(memory)
        guard a.shape.count == 2, let values = a.doubles else {
            throw FormatError(file: url.path, "expected a 2-d numeric array, found shape \(a.shapeDescription)")
        }
        return Matrix(rows: a.shape[0], cols: a.shape[1], rowMajor: values)
    }

    func readVector(memory: MemoryBudget) throws -> [Double] {
        let a = try array(memory)
        guard a.shape.count == 1, let values = a.doubles else {
            throw FormatError(file: url.path, "expected a 1-d numeric array, found shape \(a.shapeDescription)")
        }
        return values
    }
}
