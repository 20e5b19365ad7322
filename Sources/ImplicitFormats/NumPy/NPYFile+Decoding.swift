import Foundation

extension NPYFile {
    /// Decodes the bytes of an `.npy` file.
    ///
    /// Every size comes from the header and is checked against the bytes present before
    /// anything is allocated: a shape whose product overflows, or that promises more (or fewer)
    /// bytes than follow the header, is refused.
    /// - Parameters:
    ///   - file: the file name used in errors.
    ///   - member: the NPZ member name, when the bytes come from an archive.
    ///   - memoryLimit: the most the decoded array may take in memory (elements widened to 8 bytes).
    /// - Throws: `FormatError` at `file` (and `member`), with `.header` for header faults.
    public static func decode(_ data: Data, file: String, member: String? = nil,
                              memoryLimit: MemoryLimit? = nil) throws(FormatError) -> NumPyArray {
        try decode(data, file: file, member: member, budget: memoryLimit.map(MemoryBudget.init))
    }

    /// Decodes the bytes of an `.npy` file whose elements must fit in what is left of `budget`
    /// (checked, not reserved: the caller reserves what it keeps).
    static func decode(_ data: Data, file: String, member: String? = nil,
                       budget: MemoryBudget?) throws(FormatError) -> NumPyArray {
        let place: [FormatError.Location] = member.map { [.member($0)] } ?? []
        let result: Result<NumPyArray, FormatError> = data.withUnsafeBytes { raw in
            Result { () throws(FormatError) -> NumPyArray in
                try decode(raw, budget: budget,
                           headerFailure: { FormatError(file: file, location: place + [.header], message: $0) },
                           dataFailure: { FormatError(file: file, location: place, message: $0) })
            }
        }
        return try result.get()
    }

    private static func decode(_ raw: UnsafeRawBufferPointer, budget: MemoryBudget?,
                               headerFailure: @escaping (String) -> FormatError,
                               dataFailure: (String) -> FormatError) throws(FormatError) -> NumPyArray {
        let (header, offset) = try NumPyHeader.parse(raw, failure: headerFailure)
        let shapeText = NumPyArray.describe(shape: header.shape)
        guard let count = NumPyHeader.elementCount(header.shape) else {
            throw headerFailure("'shape' \(shapeText) overflows")
        }
        let itemSize = header.dtype.itemSize
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow else { throw headerFailure("'shape' \(shapeText) of '\(header.dtype.descr)' overflows") }
        guard itemSize > 0 || count == 0 else { throw headerFailure("'descr' '\(header.dtype.descr)' has zero-width elements") }
        let available = raw.count - offset
        guard byteCount <= available else {
            throw dataFailure("header promises \(byteCount) bytes of data (shape \(shapeText) of '\(header.dtype.descr)') but the file holds \(available)")
        }
        guard byteCount == available else {
            throw dataFailure("has \(available - byteCount) bytes after the data of shape \(shapeText)")
        }
        do {
            try budget?.check(count.multipliedReportingOverflow(by: max(1, itemSize / 8)).partialValue)
        } catch {
            var refusal = dataFailure("shape \(shapeText) \(error)")
            refusal.kind = .exceedsMemoryLimit(error)
            throw refusal
        }
        let body = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + byteCount)])
        var storage: NumPyArray.Storage
        switch header.dtype {
        case .float64:
            var values = [Double](repeating: 0, count: count)
            values.withUnsafeMutableBytes { $0.copyMemory(from: body) }
            #if _endian(big)
            values = values.map { Double(bitPattern: UInt64(littleEndian: $0.bitPattern)) }
            #endif
            storage = .float64(values)
        case .float32:
            storage = .float64((0..<count).map {
                Double(Float(bitPattern: UInt32(littleEndian: body.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))))
            })
        case .bool:
            storage = .int64(body.map { $0 == 0 ? 0 : 1 })
        case .signed(let bytes):
            storage = .int64((0..<count).map { signedInteger(body, at: $0 * bytes, bytes: bytes) })
        case .unsigned(let bytes):
            var values: [Int64] = []
            values.reserveCapacity(count)
            for k in 0..<count {
                let value = unsignedInteger(body, at: k * bytes, bytes: bytes)
                guard let exact = Int64(exactly: value) else { throw dataFailure("element \(k) (\(value)) exceeds the range of Int64") }
                values.append(exact)
            }
            storage = .int64(values)
        case .unicode(let length):
            storage = .strings(try strings(body, count: count, length: length, failure: dataFailure))
        }
        if header.fortranOrder && header.shape.count == 2 {
            storage = cOrder(storage, rows: header.shape[0], cols: header.shape[1])
        }
        return NumPyArray(shape: header.shape, storage: storage)
    }

    private static func signedInteger(_ body: UnsafeRawBufferPointer, at offset: Int, bytes: Int) -> Int64 {
        switch bytes {
        case 1: return Int64(Int8(bitPattern: body[offset]))
        case 2: return Int64(Int16(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case 4: return Int64(Int32(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        default: return Int64(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        }
    }

    private static func unsignedInteger(_ body: UnsafeRawBufferPointer, at offset: Int, bytes: Int) -> UInt64 {
        switch bytes {
        case 1: return UInt64(body[offset])
        case 2: return UInt64(UInt16(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        case 4: return UInt64(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        default: return UInt64(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
    }

    /// UCS-4 elements of `length` code points; trailing NULs are padding, as in NumPy.
    private static func strings(_ body: UnsafeRawBufferPointer, count: Int, length: Int,
                                failure: (String) -> FormatError) throws(FormatError) -> [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        for k in 0..<count {
            var scalars = String.UnicodeScalarView()
            var pendingNULs = 0
            for c in 0..<length {
                let code = UInt32(littleEndian: body.loadUnaligned(fromByteOffset: (k * length + c) * 4, as: UInt32.self))
                guard let scalar = Unicode.Scalar(code) else {
                    throw failure("string element \(k) has an invalid code point 0x\(String(code, radix: 16))")
                }
                if code == 0 { pendingNULs += 1; continue }
                scalars.append(contentsOf: repeatElement(Unicode.Scalar(0), count: pendingNULs))
                pendingNULs = 0
                scalars.append(scalar)
            }
            result.append(String(scalars))
        }
        return result
    }

    /// Column-major (Fortran) elements of a rows × cols array, reordered to C order.
    private static func cOrder(_ storage: NumPyArray.Storage, rows: Int, cols: Int) -> NumPyArray.Storage {
        func transpose<T>(_ v: [T]) -> [T] {
            guard rows > 1 && cols > 1 else { return v }
            return (0..<(rows * cols)).map { v[($0 % cols) * rows + $0 / cols] }
        }
        switch storage {
        case .float64(let v): return .float64(transpose(v))
        case .int64(let v): return .int64(transpose(v))
        case .strings(let v): return .strings(transpose(v))
        }
    }
}
