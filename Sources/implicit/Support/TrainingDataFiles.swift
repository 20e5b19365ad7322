import Foundation
import ImplicitFormats
import ImplicitTraining
import Linalg

/// Reads `fit`'s data files: inputs and real targets, or integer labels for cross-entropy.
enum TrainingDataFiles {
    static func read(inputs: String, targets: String, loss: TrainingLoss, memoryLimit: MemoryLimit,
                     classes: Int? = nil) throws -> TrainingData {
        let u = try DataFile.read(inputs, memoryLimit: memoryLimit)
        do {
            switch loss {
            case .squared:
                return try TrainingData(inputs: u, targets: DataFile.read(targets, memoryLimit: memoryLimit))
            case .crossEntropy:
                return try TrainingData(inputs: u, labels: try labels(targets, memoryLimit: memoryLimit), classes: classes)
            }
        } catch let error as TrainingError {
            throw FileError(file: targets, error)
        }
    }

    /// Labels from a (m,) or (m, 1) .npy (any numeric dtype), or a one-column .csv.
    static func labels(_ path: String, memoryLimit: MemoryLimit) throws -> [Double] {
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" {
            let array = try NPYFile.read(URL(fileURLWithPath: path), memoryLimit: memoryLimit)
            guard array.shape.count == 1 || (array.shape.count == 2 && array.shape[1] == 1) else {
                throw FormatError(file: path, "labels of shape \(array.shapeDescription); expected (m,) or (m, 1)")
            }
            guard let values = array.doubles else { throw FormatError(file: path, "holds strings, expected class indices") }
            return values
        }
        let matrix = try DataFile.read(path, memoryLimit: memoryLimit)
        guard matrix.rows == 1 else { throw FormatError(file: path, "labels need one column, found \(matrix.rows)") }
        return matrix.columnMajorElements
    }
}
