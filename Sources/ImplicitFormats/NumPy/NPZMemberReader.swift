/// Typed access to the arrays of an NPZ archive, with errors naming the file and member.
struct NPZMemberReader {
    let file: String
    let arrays: [String: NumPyArray]

    func failure(_ member: String, _ message: String) -> FormatError {
        FormatError(file: file, location: [.member(member)], message: message)
    }

    /// A member that must be present.
    func array(_ name: String) throws(FormatError) -> NumPyArray {
        guard let array = arrays[name] else { throw failure(name, "is missing") }
        return array
    }

    /// A numeric member whose shape must be `shape`; its elements in C order.
    func numbers(_ name: String, shape: [Int], because reason: String) throws(FormatError) -> [Double] {
        let array = try array(name)
        guard array.shape == shape else { throw shapeMismatch(name, array, expected: shape, because: reason) }
        guard let values = array.doubles else { throw failure(name, "holds strings, expected numbers") }
        try checkFinite(name, values, shape: shape)
        return values
    }

    /// Refuses NaN and infinities, naming the first one's index ([i, j] in C order).
    private func checkFinite(_ name: String, _ values: [Double], shape: [Int]) throws(FormatError) {
        guard let k = values.firstIndex(where: { !$0.isFinite }) else { return }
        let index = shape.count == 2 && shape[1] > 0 ? "[\(k / shape[1]), \(k % shape[1])]" : "[\(k)]"
        throw failure(name, "element \(index) is \(values[k]); weights must be finite numbers")
    }

    /// A 1-d numeric member of any length.
    func vector(_ name: String) throws(FormatError) -> [Double] {
        let array = try array(name)
        guard array.shape.count == 1 else { throw failure(name, "shape \(array.shapeDescription), expected 1-d") }
        guard let values = array.doubles else { throw failure(name, "holds strings, expected numbers") }
        try checkFinite(name, values, shape: array.shape)
        return values
    }

    /// A string member whose shape must be `shape`.
    func strings(_ name: String, shape: [Int], because reason: String) throws(FormatError) -> [String] {
        let array = try array(name)
        guard array.shape == shape else { throw shapeMismatch(name, array, expected: shape, because: reason) }
        guard let values = array.strings else { throw failure(name, "holds numbers, expected unicode strings") }
        return values
    }

    /// A one-element string member (0-d, or 1-d of length 1), or nil when absent.
    func optionalScalarString(_ name: String) throws(FormatError) -> String? {
        guard let array = arrays[name] else { return nil }
        guard array.count == 1, array.shape.count <= 1 else {
            throw failure(name, "shape \(array.shapeDescription), expected ()")
        }
        guard let value = array.strings?.first else { throw failure(name, "holds numbers, expected a unicode string") }
        return value
    }

    /// A 1-d member of integers (integer dtype, or floats with integral values), or nil when absent.
    func optionalIntegers(_ name: String) throws(FormatError) -> [Int]? {
        guard let array = arrays[name] else { return nil }
        guard array.shape.count == 1 else { throw failure(name, "shape \(array.shapeDescription), expected 1-d") }
        switch array.storage {
        case .int64(let values):
            return values.map { Int($0) }
        case .float64(let values):
            var result: [Int] = []
            for (k, value) in values.enumerated() {
                guard let integer = Int(exactly: value) else { throw failure(name, "element \(k) (\(value)) is not an integer") }
                result.append(integer)
            }
            return result
        case .strings:
            throw failure(name, "holds strings, expected integers")
        }
    }

    private func shapeMismatch(_ name: String, _ array: NumPyArray, expected: [Int], because reason: String) -> FormatError {
        let why = reason.isEmpty ? "" : ": \(reason)"
        return failure(name, "shape \(array.shapeDescription), expected \(NumPyArray.describe(shape: expected))\(why)")
    }
}
