/// The file formats a model can be read from or written to, chosen by extension.
public enum ModelFormat: String, Sendable, CaseIterable {
    case yaml
    case protobufBinary = "pb"
    case protobufText = "txtpb"
    case onnx
    case npz

    /// The accepted extensions, for error messages.
    public static let extensionsDescription = ".yaml/.yml, .pb, .txtpb, .onnx, .npz"

    /// The format named by the path's extension.
    /// - Throws: `FormatError` for an unknown or missing extension.
    public init(path: String) throws {
        let ext = path.split(separator: "/").last.flatMap { name -> Substring? in
            guard let dot = name.lastIndex(of: ".") else { return nil }
            return name[name.index(after: dot)...]
        }?.lowercased()
        switch ext {
        case "yaml", "yml": self = .yaml
        case "pb", "binpb": self = .protobufBinary
        case "txtpb", "textproto", "pbtxt": self = .protobufText
        case "onnx": self = .onnx
        case "npz": self = .npz
        default:
            throw FormatError(file: path, "unknown model format; use one of \(ModelFormat.extensionsDescription)")
        }
    }
}
