// libFuzzer entry point for the ONNX importer: `scripts/fuzz.sh FuzzONNX SECONDS`.
//
// Property: reading any bytes returns a network or a `FormatError`, never a crash, a hang or an
// allocation the memory limit does not allow; a network that reads also assembles into its
// implicit form (the step every command takes next), or says why not.
import Foundation
import ImplicitFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let options = ModelFile.ReadOptions(memoryLimit: MemoryLimit(bytes: 256 << 20))
    guard let document = try? ModelFile.readWithNotes(data: data, format: .onnx, file: "fuzz.onnx", options: options).document else {
        return 0
    }
    _ = try? document.implicitModel()
    return 0
}

