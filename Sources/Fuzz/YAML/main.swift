// libFuzzer entry point for the YAML importer: `scripts/fuzz.sh FuzzYAML SECONDS`.
//
// Properties: reading any bytes returns a model or a `FormatError`, never a crash, a hang or an
// allocation the memory limit does not allow; a model that reads writes YAML that reads back
// and writes the same bytes (bytes, not models, are compared: NaN ≠ NaN) — checked wherever the
// written text fits the same memory limit. A few bytes can declare a constant layer of 16M units,
// which reads in 128 MiB but writes 80 MiB of inline zeros (this harness writes no .npy side
// files), whose Yams tree the limit refuses before composing: that refusal is the first
// property, not a failed round trip.
import Foundation
import ImplicitFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let options = ModelFile.ReadOptions(memoryLimit: MemoryLimit(bytes: 256 << 20))
    let file = "/nonexistent/fuzz.yaml"
    guard let document = try? ModelFile.readWithNotes(data: data, format: .yaml, file: file, options: options).document else {
        return 0
    }
    do {
        let written = try ModelFile.encode(document, for: file)
        if let text = String(data: written, encoding: .utf8),
           try YAMLModelReader.compositionCost(of: text, file: file) > options.memoryLimit.bytes {
            return 0
        }
        let reread = try ModelFile.readWithNotes(data: written, format: .yaml, file: file, options: options).document
        guard try ModelFile.encode(reread, for: file) == written else { fatalError("YAML round trip changed the document") }
    } catch {
        fatalError("a model that was read cannot be written and read back: \(error)")
    }
    return 0
}

