import Linalg

/// An array read from or written to a NumPy `.npy` file, always held in C (row-major) order.
///
/// Files in Fortran order are transposed on reading, so `shape` and the element order mean the
/// same thing for every array: element (i, j) of a 2-D array of shape (r, c) is at `i * c + j`.
/// Numeric dtypes arrive as `.float64` (floats) or `.int64` (integers and booleans).
public struct NumPyArray: Sendable, Equatable {
    /// The elements, in C order.
    public enum Storage: Sendable, Equatable {
        /// `<f8` (written) and `<f4` (read, converted exactly).
        case float64([Double])
        /// `<i8` (written); `<i1` … `<i8`, `|u1` … `<u8`, `|b1` (read).
        case int64([Int64])
        /// `<U{n}`: little-endian UCS-4, trailing NULs dropped as NumPy does.
        case strings([String])

        /// The number of elements.
        public var count: Int {
            switch self {
            case .float64(let v): return v.count
            case .int64(let v): return v.count
            case .strings(let v): return v.count
            }
        }
    }

    /// Dimensions; `[]` for a 0-d array (one element).
    public let shape: [Int]
    public let storage: Storage

    /// An array of the given shape; the storage must hold exactly the product of the shape.
    public init(shape: [Int], storage: Storage) {
        precondition(shape.allSatisfy { $0 >= 0 } && NumPyHeader.elementCount(shape) == storage.count,
                     "shape \(shape) does not hold \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// A 0-d string array, e.g. the NPZ `head` member.
    public init(scalar string: String) { self.init(shape: [], storage: .strings([string])) }

    /// A 1-d array of strings.
    public init(strings: [String]) { self.init(shape: [strings.count], storage: .strings(strings)) }

    /// A 1-d float64 array.
    public init(vector: [Double]) { self.init(shape: [vector.count], storage: .float64(vector)) }

    /// The (rows, cols) float64 array with the matrix's elements, C order.
    public init(matrix: Matrix) {
        self.init(shape: [matrix.rows, matrix.cols], storage: .float64(matrix.rowMajor))
    }

    /// The number of elements (1 for a 0-d array).
    public var count: Int { storage.count }

    /// The elements as doubles (integers converted; exact below 2⁵³), or nil for strings.
    public var doubles: [Double]? {
        switch storage {
        case .float64(let v): return v
        case .int64(let v): return v.map(Double.init)
        case .strings: return nil
        }
    }

    /// The elements as strings, or nil for a numeric array.
    public var strings: [String]? {
        if case .strings(let v) = storage { return v }
        return nil
    }

    /// The shape as NumPy prints it: `()`, `(3,)`, `(3, 4)`.
    public var shapeDescription: String { NumPyArray.describe(shape: shape) }

    /// NumPy's tuple notation for a shape.
    public static func describe(shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
