#if canImport(Glibc)
import Glibc
#endif

extension Array where Element: BitwiseCopyable {
    /// `count` elements written by `fill` into a new buffer that, when it is large, the kernel is
    /// asked to back with transparent huge pages (`madvise(MADV_HUGEPAGE)` on its 2 MiB-aligned
    /// part, before anything touches it).
    ///
    /// Widening a 4096 × 4096 float32 weight to doubles fills 128 MiB of new anonymous memory;
    /// with 4 KiB pages that is 32 768 page faults, each a trap, a zeroed page and an LRU
    /// insertion, which `perf` showed as a fifth of `convert mlp.onnx -o mlp.yaml` (123 000 faults
    /// for the 784→4×4096→10 MLP; 19 000 with the advice). Where THP is off the advice does
    /// nothing; the contents never depend on it.
    /// - Parameter fill: must initialise every one of the `count` elements.
    static func filledInBulk(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { HugePages.advise(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<Element>.stride) }
            fill(buffer)
            initialized = count
        }
    }

    /// `count` copies of `value`, in a buffer advised for huge pages when large.
    static func filledInBulk(repeating value: Element, count: Int) -> [Element] {
        filledInBulk(count: count) { $0.initialize(repeating: value) }
    }
}

/// The huge-page advice of `Array.filledInBulk`.
enum HugePages {
    /// Buffers smaller than this are left alone: the saving is in the faults, and below a few
    /// huge pages there are too few to matter.
    static let minimumBytes = 8 << 20
    static let pageBytes = 2 << 20

    static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard byteCount >= minimumBytes else { return }
        let first = (Int(bitPattern: start) + pageBytes - 1) & ~(pageBytes - 1)
        let end = (Int(bitPattern: start) + byteCount) & ~(pageBytes - 1)
        guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, end - first, MADV_HUGEPAGE)
        #endif
    }
}
