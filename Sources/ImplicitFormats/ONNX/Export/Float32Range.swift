import Linalg

/// Where values leave float32's range: the first element that `Float(_:)` rounds to ±∞ or
/// that is NaN (|v| ≥ 2¹²⁸ − 2¹⁰³ rounds to infinity), in the order the tensor stores it.
/// The exporter checks each weight before anything is written, so that a model it refuses
/// leaves no file behind and names the tensor and element at fault.
enum Float32Range {
    /// The first out-of-range value of `values`, with its index.
    static func firstOutside(_ values: [Double]) -> (index: Int, value: Double)? {
        values.firstIndex { !Float($0).isFinite }.map { ($0, values[$0]) }
    }

    /// The first out-of-range element of `m` in row-major order, with its row-major index.
    static func firstOutside(_ m: Matrix) -> (index: Int, value: Double)? {
        // A matrix kept in float32 holds float32 values: only a NaN or an infinity is outside.
        if m.storage == .float32, m.isFinite { return nil }
        // A row-major matrix (as read from ONNX or NumPy) is scanned in place, in its own order.
        if m.layout == .rowMajor {
            return m.withRowMajorElements { buffer in buffer.firstIndex { !Float($0).isFinite }.map { ($0, buffer[$0]) } }
        }
        var first: (index: Int, value: Double)?
        for j in 0..<m.cols {
            m.withColumn(j) { column in
                // Within a column the first hit is the earliest in row-major order.
                guard let i = column.firstIndex(where: { !Float($0).isFinite }) else { return }
                let index = i * m.cols + j
                if index < first?.index ?? .max { first = (index, column[i]) }
            }
        }
        return first
    }
}
