import Foundation
import ImplicitModel

/// Decodes a `TensorProto` (an initializer or a Constant node's value) into an `ONNXConstant`.
///
/// FLOAT, DOUBLE, INT64 and INT32 tensors, from `raw_data` (fixed-width little-endian, as ONNX
/// specifies regardless of the machine) or from the typed field (`float_data`, `double_data`,
/// `int64_data`, `int32_data`). The element count implied by `dims` is checked against the data
/// actually present and against the memory budget (callers reserve what they keep) before
/// anything is allocated. External data (attached by the importer beforehand when the model is read from its file) and segments are refused here, and so are NaN and infinite
/// values: no operator we translate gives them a meaning, and a weight that holds one makes
/// every prediction NaN.
enum ONNXTensorDecoder {
    static func decode(_ tensor: Onnx_TensorProto, what: String, memory: MemoryBudget) throws -> ONNXConstant {
        if let reference = try ONNXExternalReference(tensor) {
            // `ONNXImporter.read(contentsOf:)` attaches the bytes of external initializers before
            // the walk; what is left is a model read from bytes, or a Constant's value.
            throw ONNXNodeFailure("\(what) is stored in the external file '\(ONNXExternalReference.shown(reference.location))', which is read only for an initializer of a model read from its file")
        }
        if tensor.hasSegment { throw ONNXNodeFailure("\(what) is a segment of a larger tensor; segments are not supported") }
        if let fields = valueFieldsIfMoreThanOne(tensor) {
            throw ONNXNodeFailure("\(what) holds its values twice, in \(fields) (a tensor has one value field)")
        }
        // Extents of 0 are allowed, but the others must not overflow either: reshapes and
        // flattens multiply subsets of them.
        var nonzeroProduct = 1
        for d in tensor.dims {
            guard d >= 0 else { throw ONNXNodeFailure("\(what) has a negative extent \(d)") }
            let (product, overflow) = nonzeroProduct.multipliedReportingOverflow(by: Int(max(d, 1)))
            guard !overflow else { throw ONNXNodeFailure("\(what) has extents \(tensor.dims), too many elements to count") }
            nonzeroProduct = product
        }
        let count = tensor.dims.contains(0) ? 0 : nonzeroProduct
        let dims = tensor.dims.map { Int($0) }
        try memory.check(count, for: "\(what) of extents \(tensor.dims)")
        let type = tensor.dataType
        let values: [Double]
        switch type {
        case ONNXDataType.float:
            values = try tensor.hasRawData
                ? raw(tensor.rawData, count: count, width: 4, what: what) { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
                : typed(tensor.floatData, count: count, fieldName: "float_data", what: what) { Double($0) }
        case ONNXDataType.double:
            values = try tensor.hasRawData
                ? raw(tensor.rawData, count: count, width: 8, what: what) { Double(bitPattern: $0) }
                : typed(tensor.doubleData, count: count, fieldName: "double_data", what: what) { $0 }
        case ONNXDataType.int64:
            values = try tensor.hasRawData
                ? raw(tensor.rawData, count: count, width: 8, what: what) { Double(Int64(bitPattern: $0)) }
                : typed(tensor.int64Data, count: count, fieldName: "int64_data", what: what) { Double($0) }
        case ONNXDataType.int32:
            values = try tensor.hasRawData
                ? raw(tensor.rawData, count: count, width: 4, what: what) { Double(Int32(truncatingIfNeeded: $0)) }
                : typed(tensor.int32Data, count: count, fieldName: "int32_data", what: what) { Double($0) }
        default:
            throw ONNXNodeFailure("\(what) has element type \(ONNXDataType.name(type)); only FLOAT, DOUBLE, INT64 and INT32 constants are supported")
        }
        if let k = values.firstIndex(where: { !$0.isFinite }) {
            throw ONNXNodeFailure("\(what) has \(values[k]) at element \(k); weights must be finite numbers")
        }
        return ONNXConstant(dims: dims, values: values, dataType: type)
    }

    /// The value fields a tensor sets, as "raw_data and float_data", when it sets more than one
    /// (onnx.checker: "one and only one value field"); nil when it sets one or none.
    static func valueFieldsIfMoreThanOne(_ tensor: Onnx_TensorProto) -> String? {
        let present = [("raw_data", tensor.hasRawData && !tensor.rawData.isEmpty), ("float_data", !tensor.floatData.isEmpty),
                       ("double_data", !tensor.doubleData.isEmpty), ("int32_data", !tensor.int32Data.isEmpty),
                       ("int64_data", !tensor.int64Data.isEmpty), ("uint64_data", !tensor.uint64Data.isEmpty),
                       ("string_data", !tensor.stringData.isEmpty)].filter(\.1).map(\.0)
        return present.count > 1 ? present.joined(separator: " and ") : nil
    }

    /// A 2-D FLOAT or DOUBLE tensor with `raw_data`, M (rows × cols), as the row-major matrix M
    /// in the file's order: widened in one sequential pass or, with `keepingFloat32`, a FLOAT
    /// tensor's values copied as they are (`Matrix.storage`). A caller that needs Mᵀ takes
    /// `transposed()`, the same buffer read column-major, which copies nothing.
    /// - Returns: nil for any other tensor, which `decode` handles.
    /// - Throws: `ONNXNodeFailure` when the raw data do not hold the elements `dims` promise.
    static func matrix(_ tensor: Onnx_TensorProto, what: String, keepingFloat32: Bool = false,
                       memory: MemoryBudget) throws -> Matrix? {
        #if _endian(big)
        return nil  // the widening kernels read little-endian words as native ones
        #endif
        guard tensor.dims.count == 2, tensor.hasRawData, !tensor.hasSegment,
              tensor.dataLocation != .external, tensor.externalData.isEmpty,
              tensor.dataType == ONNXDataType.float || tensor.dataType == ONNXDataType.double,
              tensor.dims.allSatisfy({ $0 >= 0 }), valueFieldsIfMoreThanOne(tensor) == nil else { return nil }
        let rows = Int(tensor.dims[0]), cols = Int(tensor.dims[1])
        let width = tensor.dataType == ONNXDataType.float ? 4 : 8
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        let (bytes, overflow2) = count.multipliedReportingOverflow(by: width)
        guard !overflow, !overflow2 else { return nil }  // `decode` reports it
        try memory.check(count, for: "\(what) of extents \(tensor.dims)")
        guard tensor.rawData.count == bytes else {
            throw ONNXNodeFailure("\(what): raw_data has \(tensor.rawData.count) bytes, expected \(count) elements × \(width) bytes")
        }
        let format: StoredFloat = width == 4 ? .float32 : .float64
        return try tensor.rawData.withUnsafeBytes { raw in
            let m = Matrix(rowMajor: raw, of: format, rows: rows, cols: cols, keepingFloat32: keepingFloat32)
            guard m.isFinite else {
                // The first non-finite value in the file's order, as `decode` names it.
                for k in 0..<count {
                    let v = width == 4 ? Double(raw.loadUnaligned(fromByteOffset: 4 * k, as: Float.self))
                                       : raw.loadUnaligned(fromByteOffset: 8 * k, as: Double.self)
                    if !v.isFinite { throw ONNXNodeFailure("\(what) has \(v) at element \(k); weights must be finite numbers") }
                }
                return m
            }
            return m
        }
    }

    /// `count` little-endian words of `width` bytes (4 or 8), each mapped by `convert`.
    private static func raw(_ data: Data, count: Int, width: Int, what: String,
                            _ convert: (UInt64) -> Double) throws -> [Double] {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, data.count == bytes else {
            throw ONNXNodeFailure("\(what): raw_data has \(data.count) bytes, expected \(count) elements × \(width) bytes")
        }
        return data.withUnsafeBytes { buffer in
            (0..<count).map { k in
                let offset = k * width
                let word = width == 4
                    ? UInt64(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    : UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                return convert(word)
            }
        }
    }

    private static func typed<T>(_ field: [T], count: Int, fieldName name: String, what: String,
                                 _ convert: (T) -> Double) throws -> [Double] {
        guard field.count == count else {
            throw ONNXNodeFailure("\(what): \(name) has \(field.count) values, expected \(count)")
        }
        return field.map(convert)
    }
}
