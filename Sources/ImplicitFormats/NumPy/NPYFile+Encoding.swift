import Foundation

extension NPYFile {
    /// The bytes of an `.npy` file holding `array`: a version 1.0 header padded to 64 bytes,
    /// then the elements in C order as `<f8`, `<i8`, or `<U{n}` with n the longest string
    /// (at least 1, as NumPy). Trailing NUL characters of a string do not survive, as in NumPy.
    public static func encode(_ array: NumPyArray) -> Data {
        switch array.storage {
        case .float64(let values):
            var data = NumPyHeader(dtype: .float64, fortranOrder: false, shape: array.shape).encoded()
            #if _endian(little)
            values.withUnsafeBytes { data.append(contentsOf: $0) }
            #else
            appendLittleEndian(values.map(\.bitPattern), to: &data)
            #endif
            return data
        case .int64(let values):
            var data = NumPyHeader(dtype: .signed(bytes: 8), fortranOrder: false, shape: array.shape).encoded()
            appendLittleEndian(values.map { UInt64(bitPattern: $0) }, to: &data)
            return data
        case .strings(let values):
            let length = max(1, values.map(\.unicodeScalars.count).max() ?? 1)
            var data = NumPyHeader(dtype: .unicode(length: length), fortranOrder: false, shape: array.shape).encoded()
            var codes: [UInt32] = []
            codes.reserveCapacity(values.count * length)
            for value in values {
                codes += value.unicodeScalars.map(\.value)
                codes += repeatElement(0, count: length - value.unicodeScalars.count)
            }
            appendLittleEndian(codes, to: &data)
            return data
        }
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ values: [T], to data: inout Data) {
        #if _endian(little)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        #else
        values.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        #endif
    }
}
