/// The budget's requests as a node's translation makes them: a refusal is an `ONNXNodeFailure`
/// naming what the node would have allocated.
extension MemoryBudget {
    /// Reserves `count` doubles for `subject` ("initializer 'W'").
    func reserve(_ count: Int, for subject: @autoclosure () -> String) throws(ONNXNodeFailure) {
        do { try reserve(count) } catch { throw ONNXNodeFailure(refusing: subject(), error) }
    }

    /// Reserves a `rows` × `cols` matrix for `subject` ("the layer 'h' reads 'x'").
    func reserve(rows: Int, cols: Int, for subject: @autoclosure () -> String) throws(ONNXNodeFailure) {
        do { try reserve(rows: rows, cols: cols) } catch { throw ONNXNodeFailure(refusing: subject(), error) }
    }

    /// Checks that `count` doubles for `subject` would fit, without reserving them.
    func check(_ count: Int, for subject: @autoclosure () -> String) throws(ONNXNodeFailure) {
        do { try check(count) } catch { throw ONNXNodeFailure(refusing: subject(), error) }
    }

    /// Checks that a `rows` × `cols` matrix for `subject` would fit, without reserving it.
    func check(rows: Int, cols: Int, for subject: @autoclosure () -> String) throws(ONNXNodeFailure) {
        do { try check(rows: rows, cols: cols) } catch { throw ONNXNodeFailure(refusing: subject(), error) }
    }
}
