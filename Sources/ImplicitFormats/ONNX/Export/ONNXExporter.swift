import Foundation
import ImplicitModel
import SwiftProtobuf

/// Writes an `ImplicitModel` as an ONNX graph that onnxruntime runs: opset 17, IR version 8,
/// float32 weights, the model's input and output names, a symbolic batch dimension `N`. An
/// input with a sample shape (`Port.shape`, an image (C, H, W)) is declared (N, C, H, W) and
/// flattened by the first node.
///
/// State blocks are emitted in the evaluation order of `BlockStructure`. An explicit block k
/// becomes `x_k = φ_k(Gemm(Concat(sources), [A_kj … B_k], b_k, transB=1))` — one Gemm over the
/// blocks it reads (and the input), its activation (none for identity). A cyclic component is
/// unrolled as a fixed number of Picard steps when it is proven contractive
/// (`ONNXExporter+Cyclic.swift`), and refused otherwise. The readout is the same construction
/// over C and D, followed by the head (`Softmax(axis=1)` or `Sigmoid`).
public struct ONNXExporter {
    /// The default-domain operator set the graph imports: 17, which onnxruntime and every
    /// current converter support (Split/Slice/Softmax take their opset-13 forms).
    public static let opsetVersion = 17
    /// The ONNX IR version written: 8, the one that goes with opset 17.
    public static let irVersion = 8

    /// Picard steps are unrolled until the a-priori error bound is this fraction of the first
    /// step: float32's unit roundoff is 6e-8, so more accuracy would not show in the output.
    public var unrollTolerance = 1e-7
    /// Refuse to unroll more Picard steps than this (κ too close to 1 makes a huge graph).
    public var maximumUnrolledIterations = 1000

    /// An exporter with the default tolerance and iteration cap.
    public init() {}

    /// The `.onnx` file's bytes.
    /// - Throws: `ONNXExportError` for an inconsistent model, a weight float32 cannot hold, or a
    ///   cyclic component that is not proven contractive.
    public func export(_ model: ImplicitModel) throws -> Data {
        let draft = try self.draft(model)
        do {
            return try MemorySink.bytes(of: try draft.pieces())
        } catch {
            throw ONNXExportError.invalidModel("the ONNX graph cannot be encoded: \(error)")
        }
    }

    /// The complete `ModelProto`, weights encoded into it (for inspection; files are written
    /// from `draft(_:)`).
    func modelProto(_ model: ImplicitModel) throws -> Onnx_ModelProto {
        do {
            return try draft(model).materialized()
        } catch let error as ONNXExportError {
            throw error
        } catch {
            throw ONNXExportError.invalidModel("the ONNX graph cannot be encoded: \(error)")
        }
    }

    /// The model as an ONNX graph whose weights are still the model's matrices.
    func draft(_ model: ImplicitModel) throws -> ONNXModelDraft {
        guard model.input.size > 0 else {
            throw ONNXExportError.invalidModel("the model has no input features; an ONNX graph needs an input")
        }
        var builder = ONNXGraphBuilder()
        guard builder.reserve(model.input.name), builder.reserve(model.output.name) else {
            throw ONNXExportError.invalidModel("the input and the output are both named '\(model.input.name)'; ONNX needs distinct names")
        }
        if model.input.validShape != nil {
            // The graph takes samples as the tensors they were, (N, d₁, d₂, …), and flattens them first.
            builder.inputTensor = builder.unique("\(model.input.name)_flat")
            builder.node("Flatten", [model.input.name], [builder.inputTensor], attributes: [ONNXGraphBuilder.intAttribute("axis", 1)])
        } else {
            builder.inputTensor = model.input.name
        }
        var stateTensors = [String?](repeating: nil, count: model.states.count)
        for component in BlockStructure(model).components {
            if component.isCyclic {
                try unrollCyclic(component.blocks, of: model, into: &builder, stateTensors: &stateTensors)
                continue
            }
            let k = component.blocks[0]
            var sources = try model.a.blocks(inRow: k).map { j, block in
                (tensor: try computed(j, stateTensors, model), weight: block)
            }
            if let bk = model.b[k, 0] { sources.append((builder.inputTensor, bk)) }
            let range = model.stateRange(ofBlock: k)
            let block = model.states[k]
            let pre = try affine(sources, bias: Array(model.biasX[range]), rows: block.size, model: model,
                                 name: block.sharedActivation == .identity ? block.name : "\(block.name)_pre", into: &builder)
            stateTensors[k] = try activate(pre, block.map, name: block.name, into: &builder)
        }

        var readoutSources = try model.c.blocks(inRow: 0).map { j, block in
            (tensor: try computed(j, stateTensors, model), weight: block)
        }
        if !model.d.isZero { readoutSources.append((builder.inputTensor, model.d)) }
        let rawName = model.head == .none ? model.output.name : builder.unique("\(model.output.name)_logits")
        _ = try affine(readoutSources, bias: model.biasY, rows: model.output.size, model: model,
                       name: rawName, exactName: true, into: &builder)
        switch model.head {
        case .none: break
        case .softmax:
            builder.node("Softmax", [rawName], [model.output.name], attributes: [ONNXGraphBuilder.intAttribute("axis", 1)])
        case .sigmoid:
            builder.node("Sigmoid", [rawName], [model.output.name])
        }

        var graph = Onnx_GraphProto()
        graph.name = "implicitkit"
        graph.node = builder.nodes
        graph.initializer = builder.initializers
        graph.input = [ONNXGraphBuilder.valueInfo(model.input.name, sampleShape: model.input.validShape ?? [model.input.size])]
        graph.output = [ONNXGraphBuilder.valueInfo(model.output.name, features: model.output.size)]
        var proto = Onnx_ModelProto()
        proto.irVersion = Int64(ONNXExporter.irVersion)
        proto.producerName = "ImplicitKit"
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Int64(ONNXExporter.opsetVersion)
        proto.opsetImport = [opset]
        proto.graph = graph
        return ONNXModelDraft(proto: proto, payloads: builder.payloads)
    }

    /// The tensor of state block j, which evaluation order guarantees is already emitted.
    func computed(_ j: Int, _ stateTensors: [String?], _ model: ImplicitModel) throws -> String {
        guard let tensor = stateTensors[j] else {
            throw ONNXExportError.invalidModel("state block '\(model.states[j].name)' is read before it is computed")
        }
        return tensor
    }

    /// `Σ_s source_s · W_sᵀ + bias` as one Gemm (transB=1) over the concatenated sources, shape
    /// (N, rows). With no source (a constant block) the input is multiplied by zeros, so that
    /// the result still has the batch dimension.
    /// - Parameter exactName: use `name` as is (it is already reserved), else make it unique.
    func affine(_ sources: [(tensor: String, weight: Matrix)], bias: [Double], rows: Int, model: ImplicitModel,
                name: String, exactName: Bool = false, into builder: inout ONNXGraphBuilder) throws -> String {
        let output = exactName ? name : builder.unique(name)
        let used = sources.isEmpty ? [(tensor: builder.inputTensor, weight: Matrix(rows: rows, cols: model.input.size))] : sources
        let input: String
        let weight: Matrix
        if used.count == 1 {
            input = used[0].tensor
            weight = used[0].weight
        } else {
            input = builder.unique("\(name)_sources")
            builder.node("Concat", used.map(\.tensor), [input], attributes: [ONNXGraphBuilder.intAttribute("axis", 1)])
            weight = Matrix.horizontallyJoined(used.map(\.weight), rows: rows)
        }
        let w = try builder.matrix("\(name)_W", weight)
        let b = try builder.floatInitializer("\(name)_b", dims: [rows], values: bias)
        builder.node("Gemm", [input, w, b], [output], attributes: [ONNXGraphBuilder.intAttribute("transB", 1)])
        return output
    }
}
