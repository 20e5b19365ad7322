import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Implicit models through NPZ: exact round trips, NumPy-written files, and refusals.
struct NPZModelCodecTests {
    /// Writing then reading must give back the identical model (same blocks, names, head,
    /// bit-identical values): the optional members carry everything the dense arrays lose.
    @Test(arguments: [UInt64(1), 2, 3])
    func randomBlockSparseModelsRoundTripExactly(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let blocks = [
            StateBlock(name: "h1", size: 4, activation: .relu),
            StateBlock(name: "h2", size: 3, activation: .leakyReLU(alpha: 0.1)),
            StateBlock(name: "h3", size: 5, activation: .relu),
            StateBlock(name: "h4", size: 1, activation: .tanh),
            StateBlock(name: "h5", size: 2, activation: .sigmoid),
            StateBlock(name: "out", size: 2, activation: .identity),
        ]
        let model = try RandomModel.make(blocks: blocks, inputs: 3, outputs: 2, density: 0.4, head: .softmax, using: &rng)
        #expect(model.a.blocks.count > blocks.count, "several off-diagonal blocks")
        #expect(model.a.blocks.count < blocks.count * blocks.count, "some zero blocks")
        let directory = try TemporaryDirectory()
        let url = directory.file("model.npz")
        try NPZModelCodec.write(model, to: url)
        #expect(try NPZModelCodec.read(url) == model)
        #expect(try directory.contents() == ["model.npz"], "no temporary file left")
    }

    /// A of 101 states is 80 KiB: the archive asks for 16 KiB chunks that end mid-row, so
    /// this checks the row streaming across chunk boundaries.
    @Test func largeStreamedMatricesRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 42)
        let blocks = [StateBlock(name: "a", size: 37, activation: .tanh),
                      StateBlock(name: "b", size: 31, activation: .leakyReLU(alpha: 0.1)),
                      StateBlock(name: "c", size: 33, activation: .relu)]
        let model = try RandomModel.make(blocks: blocks, inputs: 29, outputs: 7, density: 0.7, using: &rng)
        let directory = try TemporaryDirectory()
        try NPZModelCodec.write(model, to: directory.file("big.npz"))
        #expect(try NPZModelCodec.read(directory.file("big.npz")) == model)
        #expect(try NPZFile.read(directory.file("big.npz"), names: ["A"])["A"] == NumPyArray(matrix: model.a.dense()))
    }

    @Test func emptyStateModelRoundTrips() throws {
        var parts = ImplicitModel.Builder(input: Port(name: "x", size: 2), output: Port(name: "y", size: 1), states: [])
        parts.d = Matrix([[1.5, -2]])
        let model = try parts.build()
        let directory = try TemporaryDirectory()
        try NPZModelCodec.write(model, to: directory.file("linear.npz"))
        #expect(try NPZModelCodec.read(directory.file("linear.npz")) == model)
    }

    /// A file saved by `np.savez` (and `np.savez_compressed`) without our optional members:
    /// states split into runs of equal activation, zero blocks of A dropped.
    @Test(arguments: ["model_numpy.npz", "model_numpy_compressed.npz"])
    func readsNumPyWrittenModel(name: String) throws {
        let model = try NPZModelCodec.read(Fixtures.url(name))
        #expect(model.states == [StateBlock(name: "block0", size: 1, activation: .relu),
                                 StateBlock(name: "block1", size: 1, activation: .tanh)])
        #expect(model.head == .sigmoid)
        #expect(model.input == Port(name: "input", size: 1) && model.output == Port(name: "output", size: 1))
        #expect(model.a.blocks == [BlockIndex(row: 1, col: 0): Matrix([[0.5]])])
        #expect(model.b.dense() == Matrix([[1], [-1]]))
        #expect(model.c.dense() == Matrix([[1, 2]]))
        #expect(model.d == Matrix([[0.25]]) && model.biasX == [0.1, -0.2] && model.biasY == [0.3])
    }

    /// The members of a 3-state, 2-input, 1-output model, for tests to break one at a time.
    static func members(replacing name: String? = nil, with array: NumPyArray? = nil) -> [(name: String, array: NumPyArray)] {
        var members: [(name: String, array: NumPyArray)] = [
            ("A", NumPyArray(matrix: Matrix(rows: 3, cols: 3))),
            ("B", NumPyArray(matrix: Matrix(rows: 3, cols: 2, repeating: 1))),
            ("C", NumPyArray(matrix: Matrix(rows: 1, cols: 3, repeating: 1))),
            ("D", NumPyArray(matrix: Matrix(rows: 1, cols: 2))),
            ("bias_x", NumPyArray(vector: [0, 0, 0])),
            ("bias_y", NumPyArray(vector: [0])),
            ("activation", NumPyArray(strings: ["relu", "relu", "tanh"])),
        ]
        if let name, let index = members.firstIndex(where: { $0.name == name }) {
            if let array { members[index].array = array } else { members.remove(at: index) }
        } else if let name, let array {
            members.append((name, array))
        }
        return members
    }

    static func readError(_ members: [(name: String, array: NumPyArray)], maxBytes: Int = NPZFile.defaultMaxBytes) throws -> String? {
        let directory = try TemporaryDirectory()
        let url = URL(fileURLWithPath: "model.npz", relativeTo: directory.url)
        try NPZFile.write(members, to: url)
        return Fixtures.error { try NPZModelCodec.read(url, maxBytes: maxBytes) }?.description
    }

    @Test func partitionsByActivationRunsWithoutBlockMembers() throws {
        let directory = try TemporaryDirectory()
        try NPZFile.write(NPZModelCodecTests.members(), to: directory.file("m.npz"))
        let model = try NPZModelCodec.read(directory.file("m.npz"))
        #expect(model.stateSizes == [2, 1] && model.states.map(\.sharedActivation) == [.relu, .tanh])
        #expect(model.a.blocks.isEmpty)
    }

    @Test func refusesInconsistentShapes() throws {
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "A", with: NumPyArray(matrix: Matrix(rows: 3, cols: 4))))
            == "model.npz: member 'A': shape (3, 4), expected (3, 3): bias_x has 3 states")
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "B", with: NumPyArray(matrix: Matrix(rows: 3, cols: 1))))
            == "model.npz: member 'B': shape (3, 1), expected (3, 2): bias_x has 3 states and D has 2 inputs")
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "activation", with: NumPyArray(strings: ["relu", "relu"])))
            == "model.npz: member 'activation': shape (2,), expected (3,): bias_x has 3 states")
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(replacing: "C"))
            == "model.npz: member 'C': is missing")
    }

    /// A block whose states name different activations keeps them per state (a PReLU with a
    /// slope per unit), and writes them back the same.
    @Test func blockWithPerStateActivations() throws {
        let directory = try TemporaryDirectory()
        let url = URL(fileURLWithPath: "model.npz", relativeTo: directory.url)
        try NPZFile.write(NPZModelCodecTests.members(replacing: "state_block_sizes", with: NumPyArray(vector: [1, 2])), to: url)
        let model = try NPZModelCodec.read(url, maxBytes: NPZFile.defaultMaxBytes)
        #expect(model.stateSizes == [1, 2])
        #expect(model.states[1].map == .perState([.relu, .tanh]) && model.states[1].sharedActivation == nil)
        #expect(model.stateActivations == [.relu, .relu, .tanh])
    }

    @Test func refusesUnknownActivationAndBadBlocks() throws {
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "activation", with: NumPyArray(strings: ["relu", "swash", "tanh"])))?
            .hasPrefix("model.npz: member 'activation': element 1 'swash' is not an activation") == true)
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "state_block_sizes", with: NumPyArray(shape: [2], storage: .int64([2, 2]))))?
            .hasPrefix("model.npz: member 'state_block_sizes': sizes [2, 2]") == true)
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "head", with: NumPyArray(scalar: "argmax")))
            == "model.npz: member 'head': 'argmax' is not a head (none, softmax, sigmoid)")
        #expect(try NPZModelCodecTests.readError(NPZModelCodecTests.members(
            replacing: "bias_x", with: NumPyArray(vector: [0, .nan, 0])))?.contains("member 'bias_x': element [1] is nan") == true)
    }

    /// Bytes in memory read as the same file on disk does, and a central directory that points
    /// past the end is refused as damaged (found by FuzzNumPy, on which ZIPFoundation's reader
    /// trapped; the input is in the CLI corpus).
    @Test func archiveBytesReadLikeTheFile() throws {
        let url = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CLITests/MalformedCorpus/fuzz-numpy-offset-past-end.npz")
        let error = Fixtures.error { try NPZModelCodec.read(data: try Data(contentsOf: url), file: "m.npz") }
        #expect(error?.description == "m.npz: damaged zip archive: central directory of 51 bytes at offset 645 does not fit before its end record at 389")
        let model = try NPZModelCodec.read(data: Fixtures.bytes("model_numpy_compressed.npz"), file: "m.npz")
        #expect(model == (try NPZModelCodec.read(Fixtures.url("model_numpy_compressed.npz"))))
    }

    /// The declared uncompressed size is checked against the budget before decompressing.
    @Test func refusesMembersOverTheByteBudget() throws {
        let error = try NPZModelCodecTests.readError(NPZModelCodecTests.members(), maxBytes: 500)
        #expect(error?.hasPrefix("model.npz: member '") == true)
        #expect(error?.contains("over the limit of 500 bytes") == true)
    }

    /// A member that inflates past its declared size is cut off, not decompressed in full.
    @Test func refusesMemberLargerThanDeclared() {
        let error = Fixtures.error { try NPZFile.read(Fixtures.url("bomb.npz")) }
        #expect(error?.location == [.member("A")])
        #expect(error?.message == "decompresses to more than the 1000 bytes it declares")
    }

    @Test func refusesFilesThatAreNotArchives() throws {
        let error = Fixtures.error { try NPZModelCodec.read(Fixtures.url("f8_c_v1.npy")) }
        #expect(error?.message.contains("not a zip archive") == true)
    }
}
