import SystemZlib

/// The CRC-32 of a zip member (PKWARE APPNOTE 4.4.7, the polynomial 0xEDB88320 reflected, as
/// zlib computes it), accumulated over the member's bytes as they are written.
///
/// A run of n zero bytes is appended in O(log n) without touching them: appending a run B to a
/// message A gives crc(A‖B) = `crc32_combine(crc(A), crc(B), |B|)`, and the CRC of 2ᵏ zeros
/// follows from that of 2ᵏ⁻¹ by the same identity. A dense A of a feedforward network is mostly
/// zero blocks, which are then neither read nor hashed.
struct CRC32 {
    private(set) var value: UInt = 0

    /// Appends `count` bytes at `bytes`.
    mutating func update(_ bytes: UnsafeRawPointer, count: Int) {
        var offset = 0
        while offset < count {
            // zlib takes a 32-bit length.
            let n = min(count - offset, Int(UInt32.max >> 1))
            value = crc32(value, (bytes + offset).assumingMemoryBound(to: UInt8.self), UInt32(n))
            offset += n
        }
    }

    /// Appends `count` zero bytes.
    mutating func updateZeros(_ count: Int) {
        var remaining = count, k = 0
        while remaining > 0 {
            if remaining & 1 == 1 {
                value = crc32_combine(value, CRC32.zeroRuns[k], 1 << k)
            }
            remaining >>= 1
            k += 1
        }
    }

    /// crc(0^(2ᵏ)) for k = 0 … 62.
    private static let zeroRuns: [UInt] = {
        var zero: UInt8 = 0
        var runs = [crc32(0, &zero, 1)]
        for k in 1..<63 { runs.append(crc32_combine(runs[k - 1], runs[k - 1], 1 << (k - 1))) }
        return runs
    }()
}
