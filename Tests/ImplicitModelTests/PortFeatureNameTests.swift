import Testing
import ImplicitModel

/// `Port.featureName`: a vector entry by its index, a tensor entry by its position in C order.
@Suite struct PortFeatureNameTests {
    @Test func vectorEntriesAreNamedByTheirIndex() {
        let port = Port(name: "features", size: 4)
        #expect((0..<4).map(port.featureName) == ["features[0]", "features[1]", "features[2]", "features[3]"])
    }

    /// Every position of a (2, 3, 4) tensor, enumerated in C order (last axis fastest), names
    /// the entry at its flat index.
    @Test func tensorEntriesAreNamedByTheirPositionInCOrder() {
        let port = Port(name: "image", size: 24, shape: [2, 3, 4])
        var index = 0
        for c in 0..<2 {
            for h in 0..<3 {
                for w in 0..<4 {
                    #expect(port.featureName(index) == "image[\(c),\(h),\(w)]")
                    index += 1
                }
            }
        }
    }

    @Test func anIndexOutsideTheTensorOrAShapeThatDoesNotFitFallsBackToTheFlatIndex() {
        #expect(Port(name: "image", size: 6, shape: [2, 3]).featureName(6) == "image[6]")
        #expect(Port(name: "image", size: 7, shape: [2, 3]).featureName(5) == "image[5]")
    }

    @Test func aListedTensorEntryAlsoGivesItsColumn() {
        #expect(Port(name: "features", size: 4).listedFeatureName(3) == "features[3]")
        #expect(Port(name: "image", size: 24, shape: [2, 3, 4]).listedFeatureName(17) == "image[1,1,1] (column 17)")
    }
}
