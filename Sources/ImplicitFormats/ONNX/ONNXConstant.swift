/// A constant tensor met while importing: an initializer, a Constant node's value, or a value
/// folded from constants. Elements are row-major (C order), as ONNX stores them, held as
/// doubles (exact for float32, float64 and integers up to 2⁵³).
struct ONNXConstant: Sendable, Equatable {
    /// Extents, outermost first; empty for a scalar.
    var dims: [Int]
    var values: [Double]
    /// The ONNX `TensorProto.DataType` the values came from (1 float, 11 double, 7 int64, 6 int32).
    var dataType: Int32

    init(dims: [Int], values: [Double], dataType: Int32) {
        precondition(values.count == dims.reduce(1, *), "constant of \(values.count) values for dims \(dims)")
        self.dims = dims
        self.values = values
        self.dataType = dataType
    }

    static func scalar(_ value: Double, dataType: Int32 = ONNXDataType.float) -> ONNXConstant {
        ONNXConstant(dims: [], values: [value], dataType: dataType)
    }

    /// Integers up to 2⁵³ are exact as doubles; shape and axis values beyond are refused.
    static let exactIntegerLimit = 9_007_199_254_740_992.0

    var rank: Int { dims.count }
    var count: Int { values.count }
    var isInteger: Bool { dataType == ONNXDataType.int64 || dataType == ONNXDataType.int32 }

    /// The shape as ONNX writes it, e.g. `(3, 4)`.
    var shapeDescription: String { "(" + dims.map(String.init).joined(separator: ", ") + ")" }

    /// The values as integers, for shape and axis tensors.
    /// - Throws: `ONNXNodeFailure` for a non-integer or out-of-range value.
    func integers(what: String) throws -> [Int] {
        try values.map { v in
            guard v.rounded(.towardZero) == v, abs(v) <= ONNXConstant.exactIntegerLimit else {
                throw ONNXNodeFailure("\(what) holds \(v), not an integer")
            }
            return Int(v)
        }
    }

    /// The product of `dims`, or nil when it overflows or an extent is negative.
    static func elementCount(_ dims: [Int]) -> Int? {
        var count = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// Calls `body(index, flat)` for every multi-index of `dims` in row-major (C) order, `flat`
    /// counting from 0: the one walk that broadcasting, transposition and reduction share.
    static func forEachIndex(of dims: [Int], _ body: ([Int], Int) -> Void) {
        let total = dims.reduce(1, *)
        var index = [Int](repeating: 0, count: dims.count)
        for flat in 0..<total {
            body(index, flat)
            var axis = dims.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < dims[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Row-major strides of `dims`.
    static func strides(_ dims: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: dims.count)
        var stride = 1
        for axis in dims.indices.reversed() {
            strides[axis] = stride
            stride *= dims[axis]
        }
        return strides
    }
}

/// The `TensorProto.DataType` numbers the importer and exporter use.
enum ONNXDataType {
    static let float: Int32 = 1
    static let int32: Int32 = 6
    static let int64: Int32 = 7
    static let float16: Int32 = 10
    static let double: Int32 = 11

    /// A readable name for errors.
    static func name(_ type: Int32) -> String {
        switch type {
        case 0: return "UNDEFINED"
        case 1: return "FLOAT"
        case 2: return "UINT8"
        case 3: return "INT8"
        case 4: return "UINT16"
        case 5: return "INT16"
        case 6: return "INT32"
        case 7: return "INT64"
        case 8: return "STRING"
        case 9: return "BOOL"
        case 10: return "FLOAT16"
        case 11: return "DOUBLE"
        case 12: return "UINT32"
        case 13: return "UINT64"
        case 16: return "BFLOAT16"
        default: return "type \(type)"
        }
    }
}
