import ImplicitModel

/// `ImplicitModel.Port` under a name Foundation does not also use (`Foundation.Port` is
/// NSPort), for files that import both.
typealias ModelPort = Port
