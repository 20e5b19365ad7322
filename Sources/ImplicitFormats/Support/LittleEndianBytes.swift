/// Bounds-checked little-endian reads from a byte buffer whose layout a hostile file describes:
/// every read beyond the end gives nil rather than trapping, and offsets are plain `Int`s that
/// callers compute with overflow checks.
struct LittleEndianBytes {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    func u16(_ offset: Int) -> UInt16? { load(offset, as: UInt16.self) }
    func u32(_ offset: Int) -> UInt32? { load(offset, as: UInt32.self) }
    func u64(_ offset: Int) -> UInt64? { load(offset, as: UInt64.self) }

    /// The `length` bytes from `offset`, when they are all present.
    func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer? {
        guard contains(offset, length) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// Whether `length` bytes from `offset` lie inside the buffer.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        guard offset >= 0, length >= 0 else { return false }
        let (end, overflow) = offset.addingReportingOverflow(length)
        return !overflow && end <= bytes.count
    }

    private func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T? {
        guard contains(offset, MemoryLayout<T>.size) else { return nil }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
