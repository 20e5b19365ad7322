import Linalg

/// (A, B, b, C, D, c) as one flat vector, for the joint model step and the refinement; with a
/// rank k, the factors (L, R) of A = L Rᵀ stand in A's place.
struct ParameterLayout {
    let n: Int, p: Int, q: Int
    let rank: Int?

    init(n: Int, p: Int, q: Int, rank: Int? = nil) {
        self.n = n
        self.p = p
        self.q = q
        self.rank = rank
    }

    func pack(_ w: TrainingParameters) -> [Double] {
        let stateMap = rank != nil ? (w.factors.map { $0.left.columnMajorElements + $0.right.columnMajorElements } ?? []) : w.a.columnMajorElements
        return stateMap + w.b.columnMajorElements + w.biasX + w.c.columnMajorElements + w.d.columnMajorElements + w.biasY
    }

    func unpack(_ flat: [Double]) -> TrainingParameters {
        var offset = 0
        func take(_ count: Int) -> [Double] {
            defer { offset += count }
            return Array(flat[offset..<(offset + count)])
        }
        var factors: LowRankFactors?
        let a: Matrix
        if let rank {
            let f = LowRankFactors(left: Matrix(rows: n, cols: rank, columnMajor: take(n * rank)),
                                   right: Matrix(rows: n, cols: rank, columnMajor: take(n * rank)))
            factors = f
            a = f.product
        } else {
            a = Matrix(rows: n, cols: n, columnMajor: take(n * n))
        }
        let b = Matrix(rows: n, cols: p, columnMajor: take(n * p))
        let biasX = take(n)
        let c = Matrix(rows: q, cols: n, columnMajor: take(q * n))
        let d = Matrix(rows: q, cols: p, columnMajor: take(q * p))
        var w = TrainingParameters(a: a, b: b, biasX: biasX, c: c, d: d, biasY: take(q))
        w.factors = factors
        return w
    }
}
