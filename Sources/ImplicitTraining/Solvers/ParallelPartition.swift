import Foundation

/// Runs independent per-row or per-sample problems over the machine's cores.
///
/// The index range is cut into `parts` contiguous chunks, one `concurrentPerform` iteration
/// each; every chunk writes only its own slots of the result, so no locking is needed.
enum ParallelPartition {
    /// Two chunks: the machine this runs on has two cores shared by everything else.
    static let defaultParts = 2

    /// `body(i)` for every i in 0..<count, results in index order.
    static func map<T: Sendable>(_ count: Int, parts: Int = defaultParts, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1, parts > 1 else { return (0..<count).map(body) }
        var results = [T?](repeating: nil, count: count)
        let chunk = (count + parts - 1) / parts
        results.withUnsafeMutableBufferPointer { slots in
            let base = Int(bitPattern: slots.baseAddress)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                guard let start = UnsafeMutablePointer<T?>(bitPattern: base) else { return }
                let lo = part * chunk, hi = Swift.min(count, lo + chunk)
                guard lo < hi else { return }
                for i in lo..<hi { (start + i).pointee = body(i) }
            }
        }
        return results.map { $0! }
    }
}
