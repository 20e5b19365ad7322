import Foundation

/// A map from data values to figure coordinates, with the tick marks an axis shows.
protocol Scale {
    func map(_ value: Double) -> Double
    /// Tick positions inside the domain and their labels.
    func ticks() -> [(value: Double, label: String)]
}

/// value ↦ range.lo + (value − domain.lo) / (domain.hi − domain.lo) · (range.hi − range.lo).
struct LinearScale: Scale {
    let lo: Double, hi: Double
    let start: Double, end: Double
    var tickCount = 5

    /// A degenerate domain (lo = hi) is widened by one unit around it, so the value sits mid-axis.
    init(domain lo: Double, _ hi: Double, range start: Double, _ end: Double) {
        let (a, b) = lo < hi ? (lo, hi) : (lo - 0.5, lo + 0.5)
        self.lo = a; self.hi = b; self.start = start; self.end = end
    }

    func map(_ value: Double) -> Double { start + (value - lo) / (hi - lo) * (end - start) }

    /// Steps of 1, 2 or 5 × 10ᵏ giving about `tickCount` ticks.
    func ticks() -> [(value: Double, label: String)] {
        let raw = (hi - lo) / Double(tickCount)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var out: [(Double, String)] = []
        var k = ceil(lo / step)
        while k * step <= hi + step * 1e-9, out.count < 50 {
            let v = Swift.abs(k * step) < step * 1e-9 ? 0 : k * step
            out.append((v, NumberText.short(v)))
            k += 1
        }
        return out
    }
}

/// value ↦ the linear map of log₁₀ value; values ≤ 0 are clamped to the bottom of the domain.
struct LogScale: Scale {
    let lo: Double, hi: Double
    let start: Double, end: Double

    /// - Parameters: lo, hi: positive; a domain under `minimumDecades` (and always an empty one)
    ///   is widened about its middle.
    init(domain lo: Double, _ hi: Double, range start: Double, _ end: Double, minimumDecades: Double = 1) {
        var a = log10(Swift.max(lo, Double.leastNormalMagnitude)), b = log10(Swift.max(hi, Double.leastNormalMagnitude))
        let least = Swift.max(minimumDecades, 1e-6)
        if b - a < least { let mid = (a + b) / 2; a = mid - least / 2; b = mid + least / 2 }
        self.lo = a; self.hi = b; self.start = start; self.end = end
    }

    func map(_ value: Double) -> Double {
        let l = value > 0 ? log10(value) : lo
        return start + (Swift.min(Swift.max(l, lo), hi) - lo) / (hi - lo) * (end - start)
    }

    /// Powers of ten, every k-th when the domain spans many decades; 2 and 5 times them as well
    /// when it spans under three.
    func ticks() -> [(value: Double, label: String)] {
        let first = Int(ceil(lo - 1e-9)), last = Int(floor(hi + 1e-9))
        if hi - lo < 3 {
            var out: [(Double, String)] = []
            for e in (first - 1)...last {
                for m in [1.0, 2, 5] {
                    let v = m * pow(10, Double(e)), l = log10(v)
                    if l >= lo - 1e-9 && l <= hi + 1e-9 { out.append((v, NumberText.short(v))) }
                }
            }
            return out
        }
        let every = Swift.max(1, (last - first) / 6 + 1)
        return stride(from: first, through: last, by: every).map { e in (pow(10, Double(e)), "10" + superscript(e)) }
    }

    private func superscript(_ e: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(e).map { digits[$0] ?? $0 })
    }
}
