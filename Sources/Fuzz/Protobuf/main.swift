// libFuzzer entry point for the protobuf importer, binary (.pb) and text (.txtpb):
// `scripts/fuzz.sh FuzzProtobuf SECONDS`.
//
// Properties: reading any bytes, as binary and as text, returns a model or a `FormatError`,
// never a crash, a hang or an allocation the memory limit does not allow; a model that reads
// writes binary that reads back and writes the same bytes (bytes, not models: NaN ≠ NaN).
import Foundation
import ImplicitFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtobuf(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let options = ModelFile.ReadOptions(memoryLimit: MemoryLimit(bytes: 256 << 20))
    for format in [ModelFormat.protobufBinary, .protobufText] {
        let file = "fuzz.\(format.rawValue)"
        guard let document = try? ModelFile.readWithNotes(data: data, format: format, file: file, options: options).document else {
            continue
        }
        do {
            let written = try ModelFile.encode(document, for: "fuzz.pb")
            let reread = try ModelFile.readWithNotes(data: written, format: .protobufBinary, file: "fuzz.pb", options: options).document
            guard try ModelFile.encode(reread, for: "fuzz.pb") == written else { fatalError("protobuf round trip changed the document") }
        } catch {
            fatalError("a model that was read cannot be written and read back: \(error)")
        }
    }
    return 0
}

