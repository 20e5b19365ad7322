import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of an `.onnx` file, from which its external tensors are read, and nothing else.
///
/// A location (already checked by its spelling, `ONNXExternalReference`) is walked component by
/// component from the folder with `lstat`, which opens nothing: every component must exist and
/// none may be a symbolic link, the last must be a regular file, and the real path must lie
/// inside the folder's real path. Only then is the file opened (`O_NOFOLLOW`, so it cannot have
/// become a link in between) and mapped, once per location. Each tensor's range is checked
/// against the file's real size before a slice of the mapping is handed out.
final class ONNXExternalDataFolder {
    /// The real path of the model's folder.
    let folder: String
    private var files: [String: MappedFile] = [:]

    /// - Parameter modelPath: the `.onnx` file, as the user named it.
    /// - Throws: `ONNXNodeFailure` when the folder has no real path (it vanished).
    init(modelPath: String) throws {
        let directory = URL(fileURLWithPath: modelPath).deletingLastPathComponent().path
        guard let resolved = realpath(directory, nil) else {
            throw ONNXNodeFailure("the model's folder '\(directory)' cannot be resolved: \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        folder = String(cString: resolved)
    }

    /// The `count` bytes `reference` names, as a no-copy slice of the mapped file, and a call
    /// that releases its pages once they are read.
    /// - Parameter expectedLength: the bytes the tensor's extents and type need, when known.
    /// - Throws: `ONNXNodeFailure` naming the location and what is wrong with it.
    func bytes(of reference: ONNXExternalReference, expectedLength: UInt64?) throws -> (data: Data, release: () -> Void) {
        let file = try mapping(reference)
        let shown = "external data file '\(ONNXExternalReference.shown(reference.location))'"
        let size = UInt64(file.bytes.count)
        guard reference.offset <= size else {
            throw ONNXNodeFailure("\(shown) has \(size) bytes, but the tensor's offset is \(reference.offset): past the end of the file")
        }
        let length = reference.length ?? size - reference.offset
        guard length <= size - reference.offset else {
            throw ONNXNodeFailure("\(shown) has \(size) bytes, but the tensor's \(length) bytes from offset \(reference.offset) run past its end")
        }
        if let expectedLength, length != expectedLength {
            throw ONNXNodeFailure("\(shown): the tensor's length is \(length) bytes, but its extents and element type need \(expectedLength)")
        }
        let range = Int(reference.offset)..<Int(reference.offset + length)
        return (file.data(range), { file.release(range) })
    }

    private func mapping(_ reference: ONNXExternalReference) throws -> MappedFile {
        if let file = files[reference.location] { return file }
        let path = try checkedPath(reference)
        let file: MappedFile
        do {
            file = try MappedFile(path: path, followingLinks: false)
        } catch {
            throw ONNXNodeFailure("external data file '\(ONNXExternalReference.shown(reference.location))' \(error.message)")
        }
        files[reference.location] = file
        return file
    }

    /// The path of a regular file inside the folder, reached through no symbolic link.
    private func checkedPath(_ reference: ONNXExternalReference) throws -> String {
        let shown = "external data file '\(ONNXExternalReference.shown(reference.location))'"
        var path = folder
        for (k, component) in reference.components.enumerated() {
            path += "/" + component
            var info = stat()
            guard lstat(path, &info) == 0 else {
                let reason = errno == ENOENT ? "does not exist" : "cannot be examined: \(String(cString: strerror(errno)))"
                throw ONNXNodeFailure("\(shown) \(reason) (looked for in the model's folder '\(folder)')")
            }
            let kind = info.st_mode & S_IFMT
            guard kind != S_IFLNK else {
                throw ONNXNodeFailure("\(shown) is reached through the symbolic link '\(reference.components[...k].joined(separator: "/"))'; external data must be a regular file inside the model's folder")
            }
            if k < reference.components.count - 1 {
                guard kind == S_IFDIR else { throw ONNXNodeFailure("\(shown): '\(component)' is not a folder") }
            } else {
                guard kind == S_IFREG else { throw ONNXNodeFailure("\(shown) is not a regular file") }
            }
        }
        // No component is a link, so the real path is this one; checked all the same.
        guard let resolved = realpath(path, nil) else {
            throw ONNXNodeFailure("\(shown) cannot be resolved: \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        guard String(cString: resolved).hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
            throw ONNXNodeFailure("\(shown) resolves outside the model's folder")
        }
        return path
    }
}

extension ONNXExternalDataFolder {
    /// The bytes a tensor of these extents and element type holds, when its type has a fixed
    /// width and the count does not overflow; nil otherwise (the decoder then reports it).
    static func expectedLength(_ tensor: Onnx_TensorProto) -> UInt64? {
        guard let width = elementWidth(tensor.dataType) else { return nil }
        var count: UInt64 = 1
        for d in tensor.dims {
            guard d >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: UInt64(d))
            guard !overflow else { return nil }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        return overflow ? nil : bytes
    }

    /// Bytes per element of the fixed-width `TensorProto.DataType`s.
    private static func elementWidth(_ type: Int32) -> UInt64? {
        switch type {
        case 2, 3, 9: return 1           // UINT8, INT8, BOOL
        case 4, 5, 10, 16: return 2      // UINT16, INT16, FLOAT16, BFLOAT16
        case 1, 6, 12: return 4          // FLOAT, INT32, UINT32
        case 7, 11, 13, 14: return 8     // INT64, DOUBLE, UINT64, COMPLEX64
        case 15: return 16               // COMPLEX128
        default: return nil
        }
    }
}
