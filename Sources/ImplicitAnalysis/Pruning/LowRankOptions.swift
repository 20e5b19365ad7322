/// How A is replaced by low-rank factors: which parts, and at what rank.
public struct LowRankOptions: Sendable, Equatable {
    /// The rank kept for each factored part.
    public enum Rank: Sendable, Equatable {
        /// Keep k singular values (`--rank K`), or all of them when the part has fewer.
        case fixed(Int)
        /// Keep the singular values above tolerance · σ₁ (`--rank-tol T`).
        case relativeTolerance(Double)
    }

    /// Which parts of A are factored.
    public enum Scope: String, Sendable, Codable {
        /// Each cyclic component's A_cc as a whole, and each stored block of A outside the cyclic
        /// components (a feedforward layer's weight).
        case automatic
        /// Only the cyclic components.
        case cyclicComponents = "cyclic"
        /// Every stored block of A on its own, including those inside cyclic components.
        case blocks
    }

    public var rank: Rank
    public var scope: Scope = .automatic
    /// Parts whose smaller side exceeds this are left alone: the SVD costs O(r c min(r, c)) and
    /// would dominate (a 4096 × 4096 layer takes tens of seconds on two cores).
    public var svdSizeLimit: Int = LowRankOptions.defaultSVDSizeLimit
    public static let defaultSVDSizeLimit = 4096

    public init(rank: Rank, scope: Scope = .automatic) {
        self.rank = rank
        self.scope = scope
    }

    /// The numerical rank reported next to each part counts the singular values above
    /// max(r, c) · ε · σ₁, the threshold of LAPACK's and NumPy's `matrix_rank`: below it a
    /// singular value is indistinguishable from the rounding in the SVD itself.
    public static func numericalRankThreshold(rows: Int, cols: Int, largest: Double) -> Double {
        Double(Swift.max(rows, cols)) * Double.ulpOfOne * largest
    }

    /// - Throws: `ReductionError.invalidOption` for a rank below 0 or a bad tolerance.
    func validate() throws {
        switch rank {
        case .fixed(let k) where k < 0:
            throw ReductionError.invalidOption(name: "rank", why: "\(k) is negative")
        case .relativeTolerance(let t) where !(t.isFinite && t >= 0):
            throw ReductionError.invalidOption(name: "rank tolerance", why: "\(t) is not a finite number ≥ 0")
        default: break
        }
        guard svdSizeLimit >= 0 else {
            throw ReductionError.invalidOption(name: "SVD size limit", why: "\(svdSizeLimit) is negative")
        }
    }
}
