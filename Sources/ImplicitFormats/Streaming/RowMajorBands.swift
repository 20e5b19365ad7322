import Linalg

/// The inner loops of streamed writes: a band of a matrix's rows in row-major (C) order as
/// little-endian float64 or float32, written straight into a sink's buffer. Kept here, apart
/// from the framing, so that a change of `Matrix`'s layout touches only these few lines.
/// Every host we build for is little-endian, so float64 bands are native copies.
enum RowMajorBands {
    /// Reused float64 rows of the band being narrowed to float32.
    struct Scratch {
        var values: [Double] = []
    }

    /// Rows `rows` of `m`, row-major float64.
    static func float64(_ m: Matrix, rows: Range<Int>, into destination: UnsafeMutableRawPointer) {
        m.copyRowMajor(rows: rows, into: destination.assumingMemoryBound(to: Double.self))
    }

    /// Rows `rows` of `m`, row-major, each element rounded to float32 (to nearest, as
    /// `Float(_:)`): copied as they are from a row-major matrix kept in float32, otherwise
    /// transposed into `scratch`, then narrowed.
    static func float32(_ m: Matrix, rows: Range<Int>, scratch: inout Scratch, into destination: UnsafeMutableRawPointer) {
        if m.copyStoredFloat32RowMajor(rows: rows, into: destination) { return }
        let count = rows.count * m.cols
        if scratch.values.count < count { scratch.values = [Double](repeating: 0, count: count) }
        scratch.values.withUnsafeMutableBufferPointer { band in
            guard let base = band.baseAddress else { return }
            m.copyRowMajor(rows: rows, into: base)
            narrow(UnsafeBufferPointer(start: base, count: count), into: destination)
        }
    }

    /// `source` rounded to float32, little-endian.
    static func narrow(_ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableRawPointer) {
        for k in source.indices {
            destination.storeBytes(of: Float(source[k]).bitPattern.littleEndian, toByteOffset: 4 * k, as: UInt32.self)
        }
    }

    /// `source` as little-endian float64.
    static func copy(_ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableRawPointer) {
        guard let base = source.baseAddress else { return }
        destination.copyMemory(from: base, byteCount: source.count * 8)
    }
}
