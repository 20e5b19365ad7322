/// One numbered section of the page.
protocol ReportSection: Sendable {
    /// The anchor (`#id`), stable: tests and links rely on it.
    var id: String { get }
    var title: String { get }
    /// The section's HTML, or nil when the report holds nothing for it (an optional input absent).
    func body(_ report: ModelReport) -> String?
}
