import Foundation
@testable import ImplicitFormats

/// The NumPy-written files under `Fixtures/` (made by `Fixtures/make_fixtures.py`), located
/// from this source file so the package needs no resource declarations.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func bytes(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    /// The `FormatError` that `body` throws, or nil when it succeeds or throws another error.
    static func error<T>(_ body: () throws -> T) -> FormatError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? FormatError
        }
    }

    /// An `.npy` file with a hand-written header dictionary (padded like NumPy's) and payload.
    static func npy(header: String, version: UInt8 = 1, payload: Data = Data()) -> Data {
        var text = Array(header.utf8)
        let prefix = version == 1 ? 10 : 12
        text += [UInt8](repeating: 0x20, count: (64 - (prefix + text.count + 1) % 64) % 64) + [0x0A]
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0])
        for k in 0..<(prefix - 8) { data.append(UInt8(truncatingIfNeeded: text.count >> (8 * k))) }
        return data + text + payload
    }

    /// The little-endian bytes of doubles.
    static func payload(_ values: [Double]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }
}
