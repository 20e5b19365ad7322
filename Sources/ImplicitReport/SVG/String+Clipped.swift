extension String {
    /// At most `length` characters: a longer name keeps its first `length − 1` and ends in "…",
    /// so that labels in a figure keep their place.
    func clipped(to length: Int) -> String {
        count <= length ? self : String(prefix(length - 1)) + "…"
    }
}
