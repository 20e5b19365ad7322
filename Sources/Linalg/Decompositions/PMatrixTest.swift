/// Decides whether a square matrix is a P-matrix (every principal minor positive) by the
/// recursive Schur-complement test of Tsatsomeros and Li (BIT 40, 2000).
///
/// The test rests on one identity: for M with m₁₁ > 0, M is a P-matrix iff both M[2…n] (delete
/// row and column 1) and the Schur complement M/m₁₁ = M[2…n] − M[2…n,1] M[1,2…n] / m₁₁ are.
/// Unrolled, the recursion is a binary tree over the indices 0, 1, …, n−1: at depth ℓ index ℓ is
/// either deleted or eliminated, and the node's pivot (the top-left entry of its Schur complement)
/// is det M[β ∪ {ℓ}] / det M[β], β the eliminated indices. Every nonempty subset α appears exactly
/// once (β = α ∖ {max α}, ℓ = max α), so the 2ⁿ − 1 pivots are all positive iff every principal
/// minor is, and det M[α] is the product of the pivots of α's elements along its path. The whole
/// scan costs Σ_ℓ 2^ℓ (n − ℓ)² ≈ 6 · 2ⁿ multiply-adds instead of 2ⁿ independent determinants of
/// cost up to n³/3 each.
///
/// No pivoting is possible (the order of indices is the recursion), so the computed pivots carry
/// the rounding of a chain of Schur complements; callers treat pivots at or below a threshold as
/// "not certified" and confirm failures independently (an ill-posedness witness).
public struct PMatrixTest: Sendable {
    /// The first principal subset found whose pivot is not above the threshold.
    public struct Failure: Sendable, Equatable {
        /// Indices of the principal submatrix, ascending.
        public let subset: [Int]
        /// det M[subset] / det M[subset ∖ {max subset}]; its sign is that of det M[subset] because
        /// every minor on the path to it was certified positive.
        public let pivot: Double
        /// det M[subset], as the product of pivots along the path.
        public let minor: Double
    }

    /// Largest matrix the scan accepts: 2³⁰ pivots is already beyond any time budget.
    public static let maximumSize = 30

    /// True when every pivot was above the threshold: all principal minors are positive.
    public let isPMatrix: Bool
    /// Set when `isPMatrix` is false.
    public let failure: Failure?
    /// The smallest pivot visited (the whole tree when `isPMatrix`).
    public let smallestPivot: Double
    /// The smallest principal minor visited and its subset.
    public let smallestMinor: Double
    public let smallestMinorSubset: [Int]
    /// Pivots examined: 2ⁿ − 1 when the test passes.
    public let pivotsChecked: Int

    /// - Parameters:
    ///   - m: a square matrix of size at most `maximumSize`.
    ///   - threshold: a pivot counts as positive only when it exceeds this (0 for the plain test).
    /// - Precondition: `m` is square with at most `maximumSize` rows.
    public init(_ m: Matrix, threshold: Double = 0) {
        precondition(m.isSquare, "P-matrix test of a non-square matrix")
        precondition(m.rows <= PMatrixTest.maximumSize, "P-matrix test limited to \(PMatrixTest.maximumSize) rows")
        let scan = PrincipalPivotScan(m, threshold: threshold)
        scan.run()
        isPMatrix = scan.failure == nil
        failure = scan.failure
        smallestPivot = scan.smallestPivot
        smallestMinor = scan.smallestMinor
        smallestMinorSubset = PrincipalPivotScan.indices(of: scan.smallestMinorMask)
        pivotsChecked = scan.pivotsChecked
    }
}
