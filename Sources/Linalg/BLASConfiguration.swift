import CLAPACK

/// The OpenBLAS build in use, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`,
/// and the kernel family it picked for this processor: for benchmark records.
public var blasConfiguration: (config: String, core: String) {
    (String(cString: openblas_get_config()), String(cString: openblas_get_corename()))
}
