// libFuzzer entry point for the CSV data reader: `scripts/fuzz.sh FuzzCSV SECONDS`.
//
// Properties: reading any bytes returns a matrix or a `FormatError`, never a crash or a hang; a
// matrix that reads writes text that reads back and writes the same text.
import Foundation
import ImplicitFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let limit = MemoryLimit(bytes: 256 << 20)
    guard let matrix = try? DataFile.read(data: data, format: "csv", file: "fuzz.csv", memoryLimit: limit),
          let written = CSVDataFile.encode(matrix) else { return 0 }
    guard let reread = try? CSVDataFile.parse(written, file: "fuzz.csv").matrix else {
        fatalError("written CSV does not read back:\n\(written)")
    }
    guard CSVDataFile.encode(reread) == written else { fatalError("CSV round trip changed the text") }
    return 0
}

