/// The element types we read from NPY headers (`descr`), all little-endian.
///
/// Big-endian data, Python objects (`|O`, which NumPy stores pickled), byte strings, dates and
/// structured dtypes are refused: none of them can hold a model or a data matrix we would use.
enum NumPyDType: Equatable, Sendable {
    case float64
    case float32
    /// Signed integer of 1, 2, 4 or 8 bytes.
    case signed(bytes: Int)
    /// Unsigned integer of 1, 2, 4 or 8 bytes.
    case unsigned(bytes: Int)
    case bool
    /// `<U{length}`: `length` UCS-4 code points per element.
    case unicode(length: Int)

    /// Parses a `descr` string such as `<f8`, `|u1`, `<U12`.
    /// - Parameter failure: turns a reason into the error to throw (the caller knows the file).
    init(descr: String, failure: (String) -> FormatError) throws(FormatError) {
        let scalars = Array(descr.unicodeScalars)
        guard scalars.count >= 2 else { throw failure("unsupported dtype '\(descr)'") }
        let order = scalars[0], kind = scalars[1]
        let sizeText = String(String.UnicodeScalarView(scalars[2...]))
        if order == ">" {
            throw failure("big-endian dtype '\(descr)' is not supported; save with arr.astype('<\(String(String.UnicodeScalarView(scalars[1...])))')")
        }
        guard order == "<" || order == "|" || order == "=" else {
            throw failure("unsupported dtype '\(descr)'")
        }
        switch kind {
        case "O": throw failure("object arrays ('\(descr)') hold pickled Python objects and are not supported")
        case "S", "a": throw failure("byte-string dtype '\(descr)' is not supported; use unicode strings ('<U')")
        default: break
        }
        guard let size = Int(sizeText), size >= 0 else { throw failure("unsupported dtype '\(descr)'") }
        switch (kind, size) {
        case ("f", 8): self = .float64
        case ("f", 4): self = .float32
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): self = .signed(bytes: size)
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): self = .unsigned(bytes: size)
        case ("b", 1): self = .bool
        case ("U", _):
            guard size.multipliedReportingOverflow(by: 4).overflow == false else {
                throw failure("dtype '\(descr)' is too long")
            }
            self = .unicode(length: size)
        default: throw failure("unsupported dtype '\(descr)' (supported: <f8, <f4, <i1…<i8, |u1…<u8, |b1, <U)")
        }
        if order == "|" && itemSize > 1 && !(kind == "U") {
            throw failure("dtype '\(descr)' has no byte order")
        }
    }

    /// Bytes per element.
    var itemSize: Int {
        switch self {
        case .float64: return 8
        case .float32: return 4
        case .signed(let bytes), .unsigned(let bytes): return bytes
        case .bool: return 1
        case .unicode(let length): return length * 4
        }
    }

    /// The `descr` we write.
    var descr: String {
        switch self {
        case .float64: return "<f8"
        case .float32: return "<f4"
        case .signed(let bytes): return bytes == 1 ? "|i1" : "<i\(bytes)"
        case .unsigned(let bytes): return bytes == 1 ? "|u1" : "<u\(bytes)"
        case .bool: return "|b1"
        case .unicode(let length): return "<U\(length)"
        }
    }
}
