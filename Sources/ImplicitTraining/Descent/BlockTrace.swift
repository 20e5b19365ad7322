import Linalg

/// The point of the descent after one block of a sweep (`BlockCoordinateDescent.run(trace:)`):
/// everything a block problem reads, so each step can be checked against an independent solver.
public struct BlockTrace: Sendable {
    /// 0 for the start (the initial model with its readout fitted), then the sweep.
    public var sweep: Int
    /// The block just minimized: `start`, `output`, `proxies`, `states`, `state-map`, `model`.
    public var block: String
    public var parameters: TrainingParameters
    /// X and P, n × m.
    public var states: Matrix
    public var proxies: Matrix
    /// λᵢ during this sweep.
    public var dualWeights: [Double]
    /// J after the block.
    public var objective: Double
}
