import SwiftProtobuf

/// What SwiftProtobuf's decoding errors mean, in words a user can act on (its own descriptions
/// are case names such as `malformedProtobuf`).
enum ProtobufDecodingFailure {
    static func describe(_ error: Error) -> String {
        switch error {
        case let error as BinaryDecodingError:
            switch error {
            case .truncated: return "the data ends inside a field (truncated file?)"
            case .malformedProtobuf: return "the bytes are not protobuf wire format"
            case .invalidUTF8: return "a string field is not UTF-8"
            case .messageDepthLimit: return "messages are nested too deeply"
            case .trailingGarbage: return "there are bytes after the message"
            default: return "\(error)"
            }
        case let error as TextFormatDecodingError:
            switch error {
            case .malformedText: return "the text is not protobuf text format"
            case .malformedNumber: return "a number is malformed or missing"
            case .unknownField: return "a field name is not in the schema"
            case .unrecognizedEnumValue: return "an enum value is not in the schema"
            case .conflictingOneOf: return "two fields of one oneof are set"
            case .messageDepthLimit: return "messages are nested too deeply"
            case .truncated: return "the text ends inside a message"
            case .invalidUTF8: return "a string is not UTF-8"
            default: return "\(error)"
            }
        default:
            return "\(error)"
        }
    }
}
