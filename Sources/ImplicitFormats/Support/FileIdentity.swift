#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file as the file system knows it: its device and inode, whatever path, spelling, hard
/// link or symbolic link names it.
///
/// Two paths name the same file exactly when their identities are equal (on one machine, while
/// both exist), which no comparison of path text can decide: `./dir/../net.yaml`, a symbolic
/// link and a hard link all reach the same inode.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The identity of what `stat(2)` finds (a symbolic link is followed).
    init(_ info: stat) {
        device = UInt64(truncatingIfNeeded: info.st_dev)
        inode = UInt64(truncatingIfNeeded: info.st_ino)
    }

    /// The identity of the file `path` names after following symbolic links; nil when nothing
    /// is there (or it cannot be examined).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}
