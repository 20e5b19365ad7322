/// What `implicit certify` found, row by row (`--json`: docs/robustness.md).
public struct CertificationReport: Sendable, Codable, Equatable {
    /// One row's verdict and its evidence.
    public struct Row: Sendable, Codable, Equatable {
        public let row: Int
        public let label: Int
        /// The arg-max of the raw outputs at the row's sample (first index on ties).
        public let predicted: Int
        /// True when every margin y_label − y_j has a positive lower bound over the box.
        public let certified: Bool
        /// The smallest lower bound over j ≠ label of y_label − y_j on the box.
        public let lowestMarginBound: Double
    }

    public let method: BoundsMethod
    /// The methods whose bounds were intersected.
    public let applied: [BoundsMethod]
    public let count: Int
    /// Rows whose sample is classified as its label.
    public let correct: Int
    /// Rows certified.
    public let certifiedCount: Int
    public let cleanAccuracy: Double
    public let certifiedAccuracy: Double
    public let rows: [Row]
    public let unconvergedComponents: [[String]]

    public init(method: BoundsMethod, applied: [BoundsMethod], rows: [Row], unconvergedComponents: [[String]]) {
        self.method = method
        self.applied = applied
        self.rows = rows
        count = rows.count
        correct = rows.filter { $0.predicted == $0.label }.count
        certifiedCount = rows.filter(\.certified).count
        cleanAccuracy = count > 0 ? Double(correct) / Double(count) : 0
        certifiedAccuracy = count > 0 ? Double(certifiedCount) / Double(count) : 0
        self.unconvergedComponents = unconvergedComponents
    }
}
