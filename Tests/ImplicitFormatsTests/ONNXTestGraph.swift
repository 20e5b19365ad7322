import Foundation
@testable import ImplicitFormats
import ImplicitModel

/// Builds small ONNX models with the generated message types, for importer tests.
struct ONNXTestGraph {
    enum Storage { case floatData, doubleData, raw32, raw64, int64Data }

    var nodes: [Onnx_NodeProto] = []
    var initializers: [Onnx_TensorProto] = []
    var inputs: [Onnx_ValueInfoProto] = []
    var outputs: [Onnx_ValueInfoProto] = []
    var opset: Int64 = 17

    init(input: String = "x", features: Int, batch: Int? = nil, elemType: Int32 = 1) {
        inputs = [ONNXTestGraph.valueInfo(input, dims: [batch.map { .dimValue(Int64($0)) } ?? .dimParam("N"), .dimValue(Int64(features))], elemType: elemType)]
    }

    static func valueInfo(_ name: String, dims: [Onnx_TensorShapeProto.Dimension.OneOf_Value], elemType: Int32 = 1) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var t = Onnx_TypeProto.Tensor()
        t.elemType = elemType
        t.shape.dim = dims.map { value in var d = Onnx_TensorShapeProto.Dimension(); d.value = value; return d }
        info.type.tensorType = t
        return info
    }

    static func tensor(_ name: String, _ dims: [Int], _ values: [Double], _ storage: Storage = .floatData) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims.map { Int64($0) }
        switch storage {
        case .floatData: t.dataType = 1; t.floatData = values.map { Float($0) }
        case .doubleData: t.dataType = 11; t.doubleData = values
        case .int64Data: t.dataType = 7; t.int64Data = values.map { Int64($0) }
        case .raw32:
            t.dataType = 1
            var data = Data()
            for v in values { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            t.rawData = data
        case .raw64:
            t.dataType = 11
            var data = Data()
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            t.rawData = data
        }
        return t
    }

    mutating func initializer(_ name: String, _ dims: [Int], _ values: [Double], _ storage: Storage = .floatData) {
        initializers.append(ONNXTestGraph.tensor(name, dims, values, storage))
    }

    /// A matrix initializer in row-major order.
    mutating func initializer(_ name: String, _ m: Matrix, _ storage: Storage = .floatData) {
        initializer(name, [m.rows, m.cols], m.rowMajor, storage)
    }

    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String? = nil, domain: String = "",
                       _ attributes: Onnx_AttributeProto...) {
        var n = Onnx_NodeProto()
        n.opType = op
        n.input = inputs
        n.output = outputs
        n.name = name ?? outputs[0] + "_node"
        n.domain = domain
        n.attribute = attributes
        nodes.append(n)
    }

    mutating func output(_ name: String, features: Int, elemType: Int32 = 1) {
        outputs.append(ONNXTestGraph.valueInfo(name, dims: [.dimParam("N"), .dimValue(Int64(features))], elemType: elemType))
    }

    static func int(_ name: String, _ v: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .int; a.i = Int64(v); return a
    }

    static func float(_ name: String, _ v: Double) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .float; a.f = Float(v); return a
    }

    static func tensorAttribute(_ name: String, _ t: Onnx_TensorProto) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .tensor; a.t = t; return a
    }

    func model() -> Onnx_ModelProto {
        var graph = Onnx_GraphProto()
        graph.name = "test"
        graph.node = nodes
        graph.initializer = initializers
        graph.input = inputs
        graph.output = outputs
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var set = Onnx_OperatorSetIdProto()
        set.version = opset
        model.opsetImport = [set]
        model.graph = graph
        return model
    }

    func data() throws -> Data { try model().serializedBytes() }

    func read(output: String? = nil) throws -> ONNXImport {
        try ONNXImporter(file: "test.onnx", outputName: output).read(data())
    }

    func network(output: String? = nil) throws -> Network { try read(output: output).network }
}

/// Reference computations on samples-in-rows matrices (m × features), independent of import.
enum Reference {
    static func relu(_ m: Matrix) -> Matrix { map(m) { max(0, $0) } }
    static func map(_ m: Matrix, _ f: (Double) -> Double) -> Matrix {
        Matrix(rows: m.rows, cols: m.cols, columnMajor: m.columnMajorElements.map(f))
    }
    /// m + 1·vᵀ: a per-feature bias on every row.
    static func addRow(_ m: Matrix, _ v: [Double]) -> Matrix {
        var out = m
        for j in 0..<m.cols { for i in 0..<m.rows { out[i, j] += v[j] } }
        return out
    }
}
