import CLAPACK
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenBLAS build in use, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`,
/// and the kernel family it picked for this processor: for benchmark records.
public var blasConfiguration: (config: String, core: String) {
    (String(cString: openblas_get_config()), String(cString: openblas_get_corename()))
}

/// Stops OpenBLAS's worker threads until a BLAS call needs them again.
///
/// A threaded OpenBLAS starts its workers when the library is loaded, and each idle worker
/// polls for work with `sched_yield` for about 2²⁸ processor ticks (a tenth of a second here)
/// before it sleeps: on two cores that takes one away from whatever the process does first
/// (reading a model, writing a file). Stopped here, they are started again by the first
/// threaded call (OpenBLAS's lazy re-initialisation, the path it takes after `fork`), and
/// poll only after calls they served. OpenBLAS builds without a thread server (and other
/// BLAS libraries) lack the function, and nothing is done.
/// - Precondition: no other thread is in a BLAS call: the workers are joined, so call it at
///   the start of a process, as `implicit` does.
public func parkBLASThreads() {
    typealias Shutdown = @convention(c) () -> Int32
    #if canImport(Darwin)
    let everyLoadedImage = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
    #else
    let everyLoadedImage = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
    #endif
    guard let symbol = dlsym(everyLoadedImage, "blas_thread_shutdown_") else { return }
    _ = unsafeBitCast(symbol, to: Shutdown.self)()
}
