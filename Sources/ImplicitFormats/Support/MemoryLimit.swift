import Foundation

/// The most memory the sizes written in one input file may make a reader allocate (the command
/// line sets it with `--max-memory`).
///
/// Sizes read from a file are checked against the bytes actually present where the file must
/// hold the data, and against this limit where it need not: zeros a reader fills in (absent
/// biases, sparse blocks, D), archive members it decompresses, expressions an ONNX graph builds
/// from small weights. The limit bounds what one file can make us allocate, not the process's
/// peak: later stages (assembly, export) add copies, measured at 1.28× the weights for the
/// largest network in `docs/benchmarks.md`.
///
/// The default, 8 GiB, is a third of the 24 GiB machines we run on, so that a hostile file
/// cannot take the memory other jobs need, and it holds the largest model docs/benchmarks.md measures
/// (a dense A of 32768 states, 8 GiB; the 8 × 4096 network's ONNX import accounts about 1.3 GiB).
public struct MemoryLimit: Sendable, Equatable, CustomStringConvertible {
    /// 8 GiB.
    public static let defaultBytes = 8 << 30
    public static let `default` = MemoryLimit(bytes: defaultBytes)

    /// The limit in bytes.
    public var bytes: Int

    public init(bytes: Int) {
        self.bytes = max(0, bytes)
    }

    /// The limit in doubles (8 bytes each).
    public var doubles: Int { bytes / 8 }

    /// Parses a size as given on the command line: a number of bytes with an optional binary
    /// suffix `K`, `M`, `G`, `T` (also `KB`, `KiB`, …; any case), e.g. `512M`, `4G`, `1.5G`.
    /// - Returns: nil for text that is not such a size or that overflows.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        var suffix = trimmed.dropFirst(number.count)
        if suffix.hasSuffix("IB") { suffix = suffix.dropLast(2) } else if suffix.hasSuffix("B") { suffix = suffix.dropLast() }
        let shifts: [Substring: Int] = ["": 0, "K": 10, "M": 20, "G": 30, "T": 40]
        guard let shift = shifts[suffix], let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let bytes = (value * Double(1 << shift)).rounded(.down)
        guard bytes < 9.0e18 else { return nil }
        self.init(bytes: Int(bytes))
    }

    /// Checks that `doubles` fit under the limit, for sizes that come from flags or from work
    /// about to start rather than from a file (`prune --verify N`, a batch to predict).
    /// - Throws: `MemoryShortfall` when they do not fit, the refusal the readers give.
    public func check(doubles: Int) throws(MemoryShortfall) {
        try MemoryBudget(self).check(doubles)
    }

    /// The limit in the largest binary unit that keeps it readable, e.g. `8 GiB`, `512 MiB`.
    public var description: String { MemoryLimit.format(bytes) }

    /// A byte count in binary units with at most one decimal, e.g. `2.0 PiB`, `300 bytes`.
    public static func format(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) \(units[unit])" : "\(rounded) \(units[unit])"
    }
}
