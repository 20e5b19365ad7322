import Foundation

/// The header of an `.npy` file: magic, version, and the dictionary giving dtype, order and shape.
///
/// Layout (NumPy's `format` module): `\x93NUMPY`, major and minor version bytes, the header
/// length (little-endian UInt16 for version 1.0, UInt32 for 2.0 and 3.0), then the dictionary
/// text (Latin-1 for 1.0/2.0, UTF-8 for 3.0), space-padded and ending in a newline so that the
/// data starts at a multiple of 64 bytes.
struct NumPyHeader: Equatable, Sendable {
    /// NumPy's limit on the number of dimensions (`NPY_MAXDIMS`, 64 since NumPy 2.0).
    static let maximumRank = 64

    var dtype: NumPyDType
    /// True when the data is stored column-major (NumPy's `fortran_order`).
    var fortranOrder: Bool
    var shape: [Int]

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// NumPy aligns the start of the data to this many bytes.
    static let alignment = 64

    /// The number of elements, or nil when the product of the shape overflows `Int`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// Reads the header at the start of `bytes`.
    /// - Returns: the header and the offset of the first data byte.
    /// - Throws: `failure(reason)` for a missing magic, an unknown version, a header longer
    ///   than the file, an undecodable or malformed dictionary, or an unsupported dtype or shape.
    static func parse(_ bytes: UnsafeRawBufferPointer,
                      failure: @escaping (String) -> FormatError) throws(FormatError) -> (header: NumPyHeader, dataOffset: Int) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw failure("not a NumPy .npy file (the magic string \\x93NUMPY is missing)")
        }
        let major = bytes[6], minor = bytes[7]
        let lengthStart = 8, lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw failure("unsupported format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        guard bytes.count >= lengthStart + lengthBytes else { throw failure("the file ends inside the header") }
        var headerLength = 0
        for k in 0..<lengthBytes { headerLength |= Int(bytes[lengthStart + k]) << (8 * k) }
        let textStart = lengthStart + lengthBytes
        guard headerLength <= bytes.count - textStart else {
            throw failure("declares \(headerLength) header bytes but the file holds \(bytes.count - textStart)")
        }
        let textBytes = bytes[textStart..<(textStart + headerLength)]
        let text: String
        if major == 3 {
            guard let decoded = String(validating: textBytes, as: UTF8.self) else { throw failure("is not valid UTF-8") }
            text = decoded
        } else {
            text = String(String.UnicodeScalarView(textBytes.map { Unicode.Scalar($0) }))  // Latin-1
        }
        let literal = try PythonLiteralParser.parse(text, failure: failure)
        return (try interpret(literal, failure: failure), textStart + headerLength)
    }

    /// Checks the dictionary has exactly the keys `descr`, `fortran_order`, `shape`, as NumPy does.
    private static func interpret(_ literal: PythonLiteral,
                                  failure: (String) -> FormatError) throws(FormatError) -> NumPyHeader {
        guard case .dictionary(let pairs) = literal else { throw failure("is \(literal.kindName), not a dictionary") }
        var values: [String: PythonLiteral] = [:]
        for (key, value) in pairs {
            guard case .string(let name) = key else { throw failure("has a key that is \(key.kindName), not a string") }
            guard ["descr", "fortran_order", "shape"].contains(name) else { throw failure("unexpected key '\(name)'") }
            guard values.updateValue(value, forKey: name) == nil else { throw failure("key '\(name)' appears twice") }
        }
        guard let descrValue = values["descr"] else { throw failure("missing key 'descr'") }
        guard let orderValue = values["fortran_order"] else { throw failure("missing key 'fortran_order'") }
        guard let shapeValue = values["shape"] else { throw failure("missing key 'shape'") }
        guard case .string(let descr) = descrValue else {
            if case .list = descrValue { throw failure("'descr' is a structured dtype, which is not supported") }
            throw failure("'descr' is \(descrValue.kindName), not a string")
        }
        let dtype = try NumPyDType(descr: descr, failure: failure)
        guard case .boolean(let fortranOrder) = orderValue else {
            throw failure("'fortran_order' is \(orderValue.kindName), not True or False")
        }
        guard case .tuple(let items) = shapeValue else { throw failure("'shape' is \(shapeValue.kindName), not a tuple") }
        var shape: [Int] = []
        for item in items {
            guard case .integer(let dimension) = item else { throw failure("'shape' has an element that is \(item.kindName)") }
            guard dimension >= 0 else { throw failure("'shape' has a negative dimension (\(dimension))") }
            shape.append(dimension)
        }
        guard shape.count <= NumPyHeader.maximumRank else {
            throw failure("'shape' \(NumPyArray.describe(shape: shape)) has \(shape.count) dimensions, more than NumPy's \(NumPyHeader.maximumRank)")
        }
        // Readers of more than two dimensions (image-shaped samples) take C order only.
        guard shape.count <= 2 || !fortranOrder else {
            throw failure("'shape' \(NumPyArray.describe(shape: shape)) in Fortran order: arrays of more than 2 dimensions must be in C order")
        }
        guard elementCount(shape) != nil else { throw failure("'shape' \(NumPyArray.describe(shape: shape)) overflows") }
        return NumPyHeader(dtype: dtype, fortranOrder: fortranOrder, shape: shape)
    }

    /// The magic, version and padded dictionary: version 1.0 when the dictionary fits in 65535
    /// bytes (always, for 0- to 2-d arrays), else 2.0. Data written after it is 64-byte aligned.
    func encoded() -> Data {
        let dictionary = "{'descr': '\(dtype.descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(NumPyArray.describe(shape: shape)), }"
        var bytes = Array(dictionary.utf8)
        func padding(_ prefixLength: Int) -> Int {
            (NumPyHeader.alignment - (prefixLength + bytes.count + 1) % NumPyHeader.alignment) % NumPyHeader.alignment
        }
        let prefixLength = bytes.count + padding(10) + 1 <= Int(UInt16.max) ? 10 : 12
        bytes += [UInt8](repeating: 0x20, count: padding(prefixLength)) + [0x0A]
        var data = Data(NumPyHeader.magic)
        data += prefixLength == 10 ? [1, 0] : [2, 0]
        let length = bytes.count
        for k in 0..<(prefixLength - 8) { data.append(UInt8(truncatingIfNeeded: length >> (8 * k))) }
        data += bytes
        return data
    }
}
