import ImplicitModel
import Linalg

extension ImplicitModel {
    /// x = map(A x + u), y = x: one square block reading the input through I, read out through I.
    public static func oneBlock(_ map: StateMap, a: Matrix) throws -> ImplicitModel {
        let n = a.rows
        var model = Builder(input: Port(name: "u", size: n), output: Port(name: "y", size: n),
                            states: [StateBlock(name: "x", size: n, map: map)])
        model.a[0, 0] = a
        model.b[0, 0] = .identity(n)
        model.c[0, 0] = .identity(n)
        return try model.build()
    }
}
