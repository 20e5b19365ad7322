/// Euclidean projection onto the ℓ1 ball { v : ‖v‖₁ ≤ radius }.
///
/// The projection is the soft threshold v ↦ sign(v) max(|v| − θ, 0) with the smallest θ ≥ 0
/// that brings the ℓ1 norm within the radius; θ is found by sorting |v| (Duchi, Shalev-Shwartz,
/// Singer, Chandra 2008, O(k log k)). Applied to each row of A it keeps ‖A‖∞ ≤ κ, problem (13).
public enum L1BallProjection {
    public static func project(_ v: [Double], radius: Double) -> [Double] {
        precondition(radius >= 0, "negative ℓ1 radius")
        let norm = v.reduce(0) { $0 + Swift.abs($1) }
        guard norm > radius else { return v }
        guard radius > 0 else { return [Double](repeating: 0, count: v.count) }
        let sorted = v.map(Swift.abs).sorted(by: >)
        var cumulative = 0.0, theta = 0.0
        for (k, value) in sorted.enumerated() {
            cumulative += value
            let candidate = (cumulative - radius) / Double(k + 1)
            if value > candidate { theta = candidate } else { break }
        }
        return v.map { x in
            let shrunk = Swift.abs(x) - theta
            return shrunk > 0 ? (x > 0 ? shrunk : -shrunk) : 0
        }
    }

    /// sign(v) max(|v| − t, 0): the proximal map of t‖·‖₁.
    public static func softThreshold(_ x: Double, _ t: Double) -> Double {
        let shrunk = Swift.abs(x) - t
        return shrunk > 0 ? (x > 0 ? shrunk : -shrunk) : 0
    }
}
