// libFuzzer entry point for the NumPy importers: `.npz` models (bytes starting with the zip
// signature `PK`) and `.npy` arrays and data matrices (all other bytes):
// `scripts/fuzz.sh FuzzNumPy SECONDS`.
//
// Properties: reading any bytes returns a value or a `FormatError`, never a crash, a hang or an
// allocation the memory limit does not allow; an array that decodes encodes to bytes that
// decode and encode to the same bytes.
import Foundation
import ImplicitFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumPy(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let limit = MemoryLimit(bytes: 256 << 20)
    if data.starts(with: [0x50, 0x4B]) {
        _ = try? ModelFile.readWithNotes(data: data, format: .npz, file: "fuzz.npz", options: .init(memoryLimit: limit))
        return 0
    }
    _ = try? DataFile.read(data: data, format: "npy", file: "fuzz.npy", memoryLimit: limit)
    guard let array = try? NPYFile.decode(data, file: "fuzz.npy", memoryLimit: limit) else { return 0 }
    let written = NPYFile.encode(array)
    guard let reread = try? NPYFile.decode(written, file: "fuzz.npy", memoryLimit: limit) else {
        fatalError("an encoded array does not decode")
    }
    guard NPYFile.encode(reread) == written else { fatalError("NPY round trip changed the array") }
    return 0
}

