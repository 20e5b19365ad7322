import Foundation

/// Implicit models in NumPy's `.npz` format, the layout of docs/formats.md ("NPZ layout"), float64, C order:
///
/// | member | shape | |
/// |---|---|---|
/// | `A` | (n, n) | dense: NPZ has no block-sparse form |
/// | `B` | (n, p) | |
/// | `C` | (q, n) | |
/// | `D` | (q, p) | |
/// | `bias_x` | (n,) | b in x = φ(Ax + Bu + b) |
/// | `bias_y` | (q,) | c in ŷ = Cx + Du + c |
/// | `activation` | (n,) | unicode, `Activation.name` per state, or a block map's name (`softmax`, `layer_normalization:ε`: `NPZModelCodec+BlockMaps.swift`) |
/// | `head` | () | optional unicode: `none`, `softmax`, `sigmoid` |
/// | `state_block_sizes` | (k,) | optional int64 (float64 accepted when integral) |
/// | `state_block_names` | (k,) | optional unicode; needs `state_block_sizes` |
/// | `input_name`, `output_name` | () | optional unicode |
/// | `layer_norm_scale`, `layer_norm_bias` | (n,) | float64 γ and β of layer-normalisation states, present exactly when a block is one |
/// | `input_shape` | (r,) | optional int64: one sample's extents when the input is a flattened tensor (C, H, W), product p |
///
/// The optional members make our round trip exact (block partition, names, head). Without
/// `state_block_sizes`, the states are split into maximal runs of equal activation, named
/// `block0`, `block1`, …; A, B, C are then cut on that partition and zero blocks dropped, so
/// a file written by NumPy becomes block-sparse wherever its A has zero blocks on the runs.
public enum NPZModelCodec {
    /// Members that must be present.
    public static let requiredMembers = ["A", "B", "C", "D", "bias_x", "bias_y", "activation"]
    /// Members read when present.
    public static let optionalMembers = ["head", "state_block_sizes", "state_block_names", "input_name", "output_name", "input_shape",
                                         layerNormScaleMember, layerNormBiasMember]
    /// The input port's name when the file has no `input_name`.
    public static let defaultInputName = "input"
    /// The output port's name when the file has no `output_name`.
    public static let defaultOutputName = "output"
    /// The prefix of state block names made up on reading a file without block names.
    public static let defaultBlockNamePrefix = "block"
}
