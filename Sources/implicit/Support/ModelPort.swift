import ImplicitModel

/// `ImplicitModel.Port` under a name Foundation does not also use (`Foundation.Port` is NSPort;
/// the module's own name hides the qualified spelling), for the files that import both.
typealias ModelPort = Port
