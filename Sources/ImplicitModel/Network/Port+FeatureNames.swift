extension Port {
    /// The name of entry `index` of the port, as the reports list it: `name[index]` for a plain
    /// vector (`features[3]`), `name[c,h,w]` for a flattened tensor, its index in the sample's
    /// shape in C order (`image[0,2,5]` for entry 0·H·W + 2·W + 5).
    public func featureName(_ index: Int) -> String {
        guard let shape = validShape, (0..<size).contains(index) else { return "\(name)[\(index)]" }
        var rest = index
        var position = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            position[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "\(name)[\(position.map(String.init).joined(separator: ","))]"
    }

    /// Entry `index` as a report lists it: its name, and for a tensor entry, whose name does
    /// not show it, its column in a data file (`image[0,2,5] (column 37)`).
    public func listedFeatureName(_ index: Int) -> String {
        featureName(index) + (validShape == nil ? "" : " (column \(index))")
    }
}
