import Foundation
import ImplicitModel

/// Accumulates the nodes and float32 initializers of an exported ONNX graph, keeping every
/// tensor name unique. Weights are checked against float32's range when added and converted
/// only when written, straight from the model's matrices.
struct ONNXGraphBuilder {
    private(set) var nodes: [Onnx_NodeProto] = []
    /// The initializers; a FLOAT one has no `raw_data` here, its values are in `payloads`.
    private(set) var initializers: [Onnx_TensorProto] = []
    /// The raw data of FLOAT initializers, by index in `initializers`: a matrix or vector of
    /// the model, rounded to float32 as it is written (`ONNXModelDraft`).
    private(set) var payloads: [Int: Piece] = [:]
    private var taken: Set<String> = []
    /// The tensor that holds the model's input as (N, p): the graph input itself, or its
    /// flattening when the input has a sample shape.
    var inputTensor = ""

    /// Claims a name exactly (graph input and output names must be kept).
    mutating func reserve(_ name: String) -> Bool { taken.insert(name).inserted }

    /// `preferred`, or `preferred_2`, `preferred_3`, … if it is taken.
    mutating func unique(_ preferred: String) -> String {
        var name = preferred, suffix = 2
        while taken.contains(name) { name = "\(preferred)_\(suffix)"; suffix += 1 }
        taken.insert(name)
        return name
    }

    /// A float32 initializer holding `values` (row-major) with the given extents.
    /// - Throws: `ONNXExportError.valueOutOfFloat32Range` naming the tensor.
    mutating func floatInitializer(_ preferred: String, dims: [Int], values: [Double]) throws -> String {
        let name = unique(preferred)
        if let (index, value) = Float32Range.firstOutside(values) {
            throw ONNXExportError.valueOutOfFloat32Range(tensor: name, index: index, value: value)
        }
        return floatTensor(name, dims: dims, payload: .float32(values))
    }

    /// A matrix as a float32 initializer of shape (rows, cols).
    /// - Throws: `ONNXExportError.valueOutOfFloat32Range` naming the tensor.
    mutating func matrix(_ preferred: String, _ m: Matrix) throws -> String {
        let name = unique(preferred)
        if let (index, value) = Float32Range.firstOutside(m) {
            throw ONNXExportError.valueOutOfFloat32Range(tensor: name, index: index, value: value)
        }
        return floatTensor(name, dims: [m.rows, m.cols], payload: .float32Rows(m))
    }

    /// A FLOAT tensor whose `raw_data` is `payload`, encoded only when the model is written.
    private mutating func floatTensor(_ name: String, dims: [Int], payload: Piece) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = ONNXDataType.float
        tensor.dims = dims.map { Int64($0) }
        payloads[initializers.count] = payload
        initializers.append(tensor)
        return name
    }

    /// An int64 initializer (shapes and split sizes).
    mutating func int64Initializer(_ preferred: String, _ values: [Int]) -> String {
        let name = unique(preferred)
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = ONNXDataType.int64
        tensor.dims = [Int64(values.count)]
        tensor.int64Data = values.map { Int64($0) }
        initializers.append(tensor)
        return name
    }

    /// Appends a node; `outputs` must already be unique names.
    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], attributes: [Onnx_AttributeProto] = []) {
        var node = Onnx_NodeProto()
        node.opType = op
        node.input = inputs
        node.output = outputs
        node.name = unique("\(outputs.first ?? op)/\(op)")
        node.attribute = attributes
        nodes.append(node)
    }

    static func intAttribute(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    static func floatAttribute(_ name: String, _ value: Double) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = Float(value)
        return a
    }

    /// A float tensor value info of shape (N, features), N symbolic.
    static func valueInfo(_ name: String, features: Int) -> Onnx_ValueInfoProto {
        valueInfo(name, sampleShape: [features])
    }

    /// A float tensor value info of shape (N, d₁, d₂, …), N symbolic.
    static func valueInfo(_ name: String, sampleShape: [Int]) -> Onnx_ValueInfoProto {
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        let extents = sampleShape.map { extent in
            var dim = Onnx_TensorShapeProto.Dimension()
            dim.dimValue = Int64(extent)
            return dim
        }
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = ONNXDataType.float
        tensorType.shape.dim = [batch] + extents
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensorType
        return info
    }
}
