import ImplicitModel
import Linalg

/// The training objective on the exact forward map, and its gradient by implicit differentiation.
///
///     E(w) = (1/m) Σⱼ ℓ(yⱼ, C xⱼ + D uⱼ + c) + 𝒫(w),   xⱼ the solution of x = φ(A x + B uⱼ + b),
///
/// what the written model is scored on (the relaxed J at X = P = the forward states, where the
/// divergence and the coupling vanish). Its smooth part's gradient: with gⱼ = ∇ℓ(ŷⱼ)/m,
/// Dⱼ = diag φ'(zⱼ) and the adjoint vⱼ solving (I − Dⱼ A)ᵀ vⱼ = Cᵀ gⱼ, δⱼ = Dⱼ vⱼ is ∂E/∂zⱼ, so
///
///     ∇_A = Δ Xᵀ,  ∇_B = Δ Uᵀ,  ∇_b = Δ 1,  ∇_C = G Xᵀ,  ∇_D = G Uᵀ,  ∇_c = G 1.
///
/// I − Dⱼ A is nonsingular for every well-posed model (I − A a P-matrix keeps I − DA nonsingular
/// for D diagonal in [0, 1]; a feedforward I − DA is unit triangular), and each vⱼ is one LU
/// solve (LAPACK), the samples split over the cores. With A = L Rᵀ: ∇_L = ∇_A R, ∇_R = ∇_Aᵀ L.
/// At a ReLU kink φ' is the right derivative (a subgradient, as backpropagation takes it).
struct ExactObjective {
    let problem: RelaxedProblem
    let model: (TrainingParameters) throws -> ImplicitModel

    /// E at a point, with what its gradient and the history entry need.
    struct Evaluation {
        /// The model the point defines, built once: its forward solve gave `states` and
        /// `outputs`, and the refinement scores it on the validation data.
        var model: ImplicitModel
        var value: Double
        /// The smooth part, the mean loss.
        var loss: Double
        /// X, n × m.
        var states: Matrix
        /// Ŷ raw, q × m.
        var outputs: Matrix
    }

    var data: TrainingData { problem.data }

    /// - Throws: `ModelError` when a parameter is not finite; `EvaluationError` when the forward
    ///   solve fails.
    func evaluate(_ w: TrainingParameters) throws -> Evaluation {
        let built = try model(w)
        let (states, outputs) = try built.evaluate(data.inputs)
        let x = Matrix.verticallyStacked(states, cols: data.sampleCount)
        let loss = problem.options.loss.mean(outputs.columnMajorElements, data.targets.columnMajorElements, outputs: outputs.rows)
        return Evaluation(model: built, value: loss + problem.penalty(w), loss: loss, states: x, outputs: outputs)
    }

    /// ∇ of the mean loss at `w` (its forward solve in `e`), entries the structure fixes at 0 zeroed.
    /// - Throws: `LinalgError` if an adjoint system cannot be factored.
    func gradient(_ w: TrainingParameters, at e: Evaluation) throws -> TrainingParameters {
        let m = data.sampleCount, n = w.a.rows, q = w.c.rows
        var g = Matrix(rows: q, cols: m)
        problem.lossGradients(e.outputs, into: &g)
        g.scale(by: 1 / Double(m))
        let pulled = Matrix.product(w.c, g, transposeA: .transposed) // Cᵀ G, n × m
        let z = problem.preactivations(w, states: e.states)
        let activation = problem.activation, a = w.a
        let columns: [Result<[Double], Error>] = ParallelPartition.map(m) { j in
            let slopes = (0..<n).map { activation.slope(z[$0, j]) }
            // (I − D A)ᵀ = I − Aᵀ D: entry (r, c) is δ_rc − A[c, r] d_c.
            var system = Matrix(rows: n, cols: n)
            for c in 0..<n {
                for r in 0..<n { system[r, c] = -a[c, r] * slopes[c] }
                system[c, c] += 1
            }
            return Result {
                let lu = try LUFactorization(system)
                guard !lu.isSingular else { throw TrainingError.diverged("the adjoint system (I − DA)ᵀ of sample \(j) is singular") }
                let v = try lu.solve(Matrix(column: pulled.column(j))).columnMajorElements
                return (0..<n).map { slopes[$0] * v[$0] }
            }
        }
        var delta = Matrix(rows: n, cols: m)
        for j in 0..<m {
            let column = try columns[j].get()
            for i in 0..<n { delta[i, j] = column[i] }
        }
        let ones = [Double](repeating: 1, count: m)
        var gradient = TrainingParameters(
            a: Matrix.product(delta, e.states, transposeB: .transposed),
            b: Matrix.product(delta, data.inputs, transposeB: .transposed),
            biasX: delta.apply(to: ones),
            c: Matrix.product(g, e.states, transposeB: .transposed),
            d: Matrix.product(g, data.inputs, transposeB: .transposed),
            biasY: g.apply(to: ones))
        if let factors = w.factors {
            gradient.factors = LowRankFactors(left: Matrix.product(gradient.a, factors.right),
                                              right: Matrix.product(gradient.a, factors.left, transposeA: .transposed))
        }
        gradient.applyStructure(problem.structure)
        return gradient
    }
}
