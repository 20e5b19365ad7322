#!/usr/bin/env python3
"""Writes the malformed-input corpus: Tests/CLITests/MalformedCorpus/, one file per case, and
cases.json, which lists for each file the command to run and the error it must give.

Every case must make `implicit` exit 2 with one line on stderr, `error: FILE[:PLACE]: …`, and
write nothing (Tests/CLITests/MalformedCorpusTests.swift checks this through the built binary).
In cases.json, `args` and `expect` use placeholders the test fills in:
  {file}     the case file (a copy in a scratch folder)
  {out}      an empty scratch folder for outputs; it must stay empty
  {samples}  the repository's samples/ folder
`expect` must appear in the error line; it starts with `{file}` and names the place.

Deterministic (fixed seed). Needs NumPy and onnx (the venv of scripts/setup-python.sh):
    .venv/bin/python scripts/make-malformed-corpus.py
Files are small (< 100 KB): bombs are described by sizes, never spelled out.
"""
import io
import json
import random
import struct
import zlib
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "CLITests" / "MalformedCorpus"
rng = random.Random(20261129)
cases = []


def case(name, content, expect, args=None):
    """One corpus file and its expected error; the default command converts it to YAML."""
    data = content.encode() if isinstance(content, str) else bytes(content)
    assert len(data) < 100_000, f"{name} is {len(data)} bytes"
    (OUT / name).write_bytes(data)
    cases.append({"file": name, "args": args or ["convert", "{file}", "-o", "{out}/converted.yaml"], "expect": expect})


def predict(output="y.npy"):
    """Predict with a sample model on the case file as input data."""
    return ["predict", "{samples}/mlp.yaml", "--input", "{file}", "-o", "{out}/" + output]


# MARK: - Protobuf wire format, for our schema (schemas/implicit.proto)

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, wire_type, payload):
    return varint(number << 3 | wire_type) + payload


def uint(number, value):
    return field(number, 0, varint(value))


def message(number, *parts):
    body = b"".join(parts)
    return field(number, 2, varint(len(body)) + body)


def text(number, s):
    data = s.encode()
    return field(number, 2, varint(len(data)) + data)


def doubles(number, values):
    body = struct.pack(f"<{len(values)}d", *values)
    return field(number, 2, varint(len(body)) + body)


def port(number, name, size):
    return message(number, text(1, name), uint(2, size))


def dense(number, rows, cols, values):
    return message(number, message(1, uint(1, rows), uint(2, cols), doubles(3, values)))


RELU = message(2, uint(1, 1))          # Layer.activation
STATE_RELU = message(3, uint(1, 1))    # StateBlock.activation


def pb_network(input_size=2, layer_size=2, weight=None, bias=None, output_size=1):
    """Model { network { input u; layer h (relu) reading u; output y reading h } }."""
    weight = weight or dense(2, layer_size, input_size, [0.5] * (layer_size * input_size))
    layer = message(2, text(1, "h"), RELU, uint(3, layer_size), message(4, text(1, "u"), weight),
                    doubles(5, bias or [0.0] * layer_size))
    output = message(3, text(1, "y"), uint(2, output_size),
                     message(3, text(1, "h"), dense(2, output_size, layer_size, [1.0] * (output_size * layer_size))))
    return message(1, port(1, "u", input_size), layer, output)


# MARK: - ONNX

def onnx_model(nodes, initializers, inputs=(("x", [None, 2]),), outputs=(("y", [None, 1]),), opset=13):
    graph = helper.make_graph(
        nodes, "corpus",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n, shape in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n, shape in outputs],
        initializer=initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="corpus").SerializeToString()


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def mlp_onnx(w=None, b=None):
    """x (N, 2) → Gemm 'fc' (W 2×3, b) → Relu 'act' → Gemm 'head' (V 3×1) → y."""
    w = np.array([[0.5, -1.0, 0.25], [1.5, 0.5, -0.5]]) if w is None else w
    b = np.zeros(3) if b is None else b
    return onnx_model(
        [helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc"),
         helper.make_node("Relu", ["h"], ["r"], name="act"),
         helper.make_node("Gemm", ["r", "V"], ["y"], name="head")],
        [tensor("W", w), tensor("b", b), tensor("V", np.ones((3, 1)))])


def raw_tensor(name, dims, raw):
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
    t.raw_data = raw
    return t


# MARK: - NumPy

def npy(array, **kw):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, **kw)
    return buffer.getvalue()


def npy_header(descr, shape, fortran=False, data=b""):
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1") + data


def member(name, compress=False):
    """A zip entry with a fixed date, so that the corpus is the same bytes on every run."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    return info


def npz(members, compress=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(member(name + ".npy", compress), data if isinstance(data, bytes) else npy(np.asarray(data)))
    return buffer.getvalue()


MODEL = dict(A=np.array([[0.0, 0.0], [0.5, 0.0]]), B=np.array([[1.0], [-1.0]]), C=np.array([[1.0, 2.0]]),
             D=np.array([[0.25]]), bias_x=np.array([0.1, -0.2]), bias_y=np.array([0.3]),
             activation=np.array(["relu", "tanh"]))


def model_npz(**changes):
    members = dict(MODEL)
    for key, value in changes.items():
        if value is None:
            members.pop(key)
        else:
            members[key] = value
    return npz(members)


# MARK: - YAML

NETWORK = """kind: network
input: {name: u, size: 2}
layers:
  - name: h
    activation: relu
    size: 2
    inputs:
      - from: u
        weight: [[1.0, 0.5], [-0.5, 1.0]]
    bias: [0.0, 0.1]
output:
  name: y
  size: 1
  inputs:
    - from: h
      weight: [[1.0, -1.0]]
"""


# Inputs that crashed a fuzz target (scripts/fuzz.sh), kept as they were found: the files
# `fuzz-*` in the corpus folder are not regenerated, only listed.
FUZZ_REGRESSIONS = [
    # ZIPFoundation's in-memory archive trapped on a header offset past the end of the data.
    ("fuzz-numpy-offset-past-end.npz", ["convert", "{file}", "-o", "{out}/converted.yaml"],
     "{file}: damaged zip archive: central directory of 51 bytes at offset 645 does not fit before its end record at 389"),
    # ZIPFoundation trapped converting a ZIP64 local-header offset beyond Int64 to off_t.
    ("fuzz-numpy-zip64-offset.npz", ["convert", "{file}", "-o", "{out}/converted.yaml"],
     "{file}: member 'A.npy': is encrypted, which NPZ files never are"),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if not old.name.startswith("fuzz-"):
            old.unlink()
    for name, args, expect in FUZZ_REGRESSIONS:
        assert (OUT / name).exists(), f"the fuzz regression input {name} is missing"
        cases.append({"file": name, "args": args, "expect": expect})
    random_bytes = lambda n: bytes(rng.randrange(256) for _ in range(n))

    # ONNX: bytes that are not a model.
    good = mlp_onnx()
    case("onnx-truncated.onnx", good[: len(good) // 2], "{file}: not an ONNX model: ")
    case("onnx-random-bytes.onnx", random_bytes(512), "{file}: not an ONNX model: ")
    # ModelProto.graph (field 7) sent as a varint instead of a length-delimited message.
    # SwiftProtobuf skips a field of the wrong wire type as unknown, so the graph is missing.
    case("onnx-wrong-wire-type.onnx", uint(1, 8) + uint(7, 5), "{file}: the file holds no graph")
    case("onnx-empty.onnx", b"", "{file}: the file holds no graph")

    # ONNX: tensors whose sizes do not match their data, or ask for absurd memory.
    def with_weight(w):
        return onnx_model([helper.make_node("Gemm", ["x", "W"], ["y"], name="fc")], [w])
    case("onnx-dims-exceed-data.onnx", with_weight(raw_tensor("W", [2, 1], b"\0" * 4)),
         "{file}: node 'fc' (Gemm): initializer 'W': raw_data has 4 bytes, expected 2 elements × 4 bytes")
    case("onnx-dims-exceed-memory.onnx", with_weight(raw_tensor("W", [1 << 31, 1 << 31], b"")),
         "{file}: node 'fc' (Gemm): initializer 'W' of extents [2147483648, 2147483648] would need")
    case("onnx-dims-negative.onnx", with_weight(raw_tensor("W", [-2, 1], b"\0" * 8)),
         "{file}: node 'fc' (Gemm): initializer 'W' has a negative extent -2")
    case("onnx-dims-overflow.onnx", with_weight(raw_tensor("W", [1 << 62, 1 << 62], b"")),
         "{file}: node 'fc' (Gemm): initializer 'W' has extents [4611686018427387904, 4611686018427387904], too many elements to count")
    case("onnx-input-dims-overflow.onnx",
         onnx_model([helper.make_node("Relu", ["x"], ["y"], name="act")], [], inputs=(("x", [None, 1 << 40, 1 << 40]),)),
         "{file}: input 'x': has a feature extent that is not a positive number (1099511627776)")

    # ONNX: values that are not numbers.
    case("onnx-nan-weight.onnx", mlp_onnx(w=np.array([[0.5, np.nan, 0.25], [1.5, 0.5, -0.5]])),
         "{file}: node 'fc' (Gemm): initializer 'W' has nan at element 1")
    case("onnx-inf-bias.onnx", mlp_onnx(b=np.array([0.0, np.inf, 0.0])),
         "{file}: node 'fc' (Gemm): initializer 'b' has inf at element 1")
    case("onnx-minus-inf-weight.onnx", mlp_onnx(w=np.array([[0.5, 1.0, 0.25], [1.5, 0.5, -np.inf]])),
         "{file}: node 'fc' (Gemm): initializer 'W' has -inf at element 5")

    # ONNX: shapes and graph structure.
    case("onnx-shape-mismatch.onnx", mlp_onnx(w=np.ones((3, 3))),
         "{file}: node 'fc' (Gemm): op(B) is 3×3, but op(A) has 2 features")
    case("onnx-cycle.onnx", onnx_model(
        [helper.make_node("Add", ["x", "b"], ["a"], name="first"),
         helper.make_node("Add", ["a", "c"], ["b"], name="second"),
         helper.make_node("Gemm", ["b", "V"], ["y"], name="head")],
        [tensor("c", np.zeros(2)), tensor("V", np.ones((2, 1)))]),
        "{file}: node 'first' (Add): the graph has a cycle through this node")
    case("onnx-dangling-reference.onnx", onnx_model(
        [helper.make_node("Gemm", ["x", "ghost"], ["y"], name="fc")], []),
        "{file}: tensor 'ghost': is neither a graph input, an initializer nor the output of a node")
    case("onnx-duplicate-names.onnx", onnx_model(
        [helper.make_node("Relu", ["x"], ["h"], name="one"),
         helper.make_node("Tanh", ["x"], ["h"], name="two"),
         helper.make_node("Gemm", ["h", "V"], ["y"], name="head")],
        [tensor("V", np.ones((2, 1)))]),
        "{file}: node 'two' (Tanh): the tensor 'h' is produced twice")
    # A node name of 60000 characters: the error line keeps its beginning and its end.
    case("onnx-huge-node-name.onnx", onnx_model(
        [helper.make_node("Sin", ["x"], ["s"], name="w" * 60000), helper.make_node("Gemm", ["s", "V"], ["y"], name="head")],
        [tensor("V", np.ones((2, 1)))]),
        "{file}: node 'wwwwwwwwww")  # the end of the line: ConvertCommandTests
    case("onnx-unsupported-operator.onnx", onnx_model(
        [helper.make_node("Sin", ["x"], ["s"], name="wave"), helper.make_node("Gemm", ["s", "V"], ["y"], name="head")],
        [tensor("V", np.ones((2, 1)))]),
        "{file}: node 'wave' (Sin): operator Sin is not supported")
    case("onnx-float16-weight.onnx", with_weight(numpy_helper.from_array(np.ones((2, 1), dtype=np.float16), "W")),
         "{file}: node 'fc' (Gemm): initializer 'W' has element type FLOAT16")

    # ONNX: a few kilobytes that ask for gigabytes. Two thin constants broadcast to
    # (2000, 2000); flattened and broadcast again with (1, 2000) they would be 8·10⁹ doubles.
    ints = lambda name, values: numpy_helper.from_array(np.array(values, dtype=np.int64), name)
    case("onnx-broadcast-bomb.onnx", onnx_model(
        [helper.make_node("Add", ["col", "row"], ["square"], name="square"),
         helper.make_node("Reshape", ["square", "flat"], ["column"], name="flatten"),
         helper.make_node("Add", ["column", "row"], ["cube"], name="cube"),
         helper.make_node("Add", ["x", "cube"], ["y"], name="use")],
        [tensor("col", np.zeros((2000, 1))), tensor("row", np.zeros((1, 2000))), ints("flat", [4000000, 1])]),
        "{file}: node 'cube' (Add): broadcasting (4000000, 1) and (1, 2000) to [4000000, 2000] would need")
    # A product of two thin weights, (N, 4000) · (4000, 1) · (1, 4000): 16·10⁶ coefficients,
    # over a limit of 64 MiB.
    case("onnx-product-bomb.onnx", onnx_model(
        [helper.make_node("MatMul", ["x", "thin"], ["t"], name="narrow"),
         helper.make_node("MatMul", ["t", "wide"], ["y"], name="widen")],
        [tensor("thin", np.ones((4000, 1))), tensor("wide", np.ones((1, 4000)))],
        inputs=(("x", [None, 4000]),), outputs=(("y", [None, 4000]),)),
        "{file}: node 'widen' (MatMul): the product would need 4000×4000 = 16000000 doubles (122.1 MiB)",
        args=["info", "{file}", "--max-memory", "64M"])

    # Our protobuf: bytes that are not a model.
    good_pb = pb_network()
    case("pb-truncated.pb", good_pb[: len(good_pb) - 7], "{file}: not a binary implicit.v1.Model protobuf: ")
    case("pb-random-bytes.pb", random_bytes(512), "{file}: not a binary implicit.v1.Model protobuf: ")
    # A field of the wrong wire type is skipped as unknown, so the value it meant is missing:
    # Model.network (field 1) as a 64-bit fixed value, Layer.size (field 3) as a string.
    case("pb-wrong-wire-type.pb", field(1, 1, b"\0" * 8), "{file}: model: sets neither 'network' nor 'implicit'")
    bad_layer = message(2, text(1, "h"), RELU, text(3, "two"))
    case("pb-wrong-wire-type-nested.pb", message(1, port(1, "u", 2), bad_layer), "{file}: network.layers[0].size: size must be positive")
    case("pb-text-syntax.txtpb", 'network {\n  input { name: "u" size: 2 }\n  layers { name: "h" size: }\n}\n',
         "{file}: not a text-format implicit.v1.Model: ")

    # Our protobuf: sizes against data and memory.
    case("pb-dims-exceed-data.pb", pb_network(weight=dense(2, 1000, 2, [0.5] * 4), layer_size=1000, bias=[0.0] * 1000),
         "{file}: network.layers[0].terms[0].weight.dense.values: has 4 values, expected 1000×2 = 2000")
    case("pb-dims-overflow.pb", pb_network(input_size=(1 << 64) - 1, weight=dense(2, 2, 2, [0.5] * 4)),
         "{file}: network.input.size: size 18446744073709551615 exceeds the reader's limit of 16777216")
    case("pb-implied-memory-bomb.pb", message(2,
         port(1, "u", 1 << 24), port(2, "y", 1 << 24),
         message(4, text(1, "s"), uint(2, 1), STATE_RELU)),
         "{file}: implicit.d: D would need 16777216×16777216 = 281474976710656 doubles (2 PiB)")
    case("pb-sparse-memory-bomb.pb", message(2,
         port(1, "u", 1), port(2, "y", 1),
         message(4, text(1, "s"), uint(2, 1 << 24), STATE_RELU),
         message(5, text(1, "s"), text(2, "s"), message(3, message(2, uint(1, 1 << 24), uint(2, 1 << 24))))),
         "{file}: implicit.a[0].values.sparse: would need 16777216×16777216")
    case("pb-network-d-bomb.pb", message(1, port(1, "u", 1 << 24),
         message(2, text(1, "h"), RELU, uint(3, 1)),
         message(3, text(1, "y"), uint(2, 1 << 24))),
         "{file}: network.output: the assembled model's D would need 16777216×16777216")
    case("pb-nan-weight.pb", pb_network(weight=dense(2, 2, 2, [0.5, float("nan"), 0.5, 0.5])),
         "{file}: network.layers[0].terms[0].weight.dense.values[1]: is not finite")
    case("pb-inf-bias.pb", pb_network(bias=[0.0, float("-inf")]), "{file}: network.layers[0].bias[1]: is not finite")
    case("pb-shape-mismatch.pb", pb_network(weight=dense(2, 2, 3, [0.5] * 6)),
         "{file}: network.layers[0].terms[0].weight.dense: is 2×3, expected 2×2")
    case("pb-dangling-reference.txtpb",
         'network {\n  input { name: "u" size: 1 }\n  layers { name: "h" size: 1 activation { kind: RELU } terms { source: "ghost" } }\n  output { name: "y" size: 1 }\n}\n',
         "{file}: network.layers[0].terms[0].source: 'h' reads 'ghost', which is neither the input nor a layer")
    case("pb-cycle.txtpb",
         'network {\n  input { name: "u" size: 1 }\n'
         '  layers { name: "a" size: 1 activation { kind: RELU } terms { source: "b" weight { dense { rows: 1 cols: 1 values: 1 } } } }\n'
         '  layers { name: "b" size: 1 activation { kind: RELU } terms { source: "a" weight { dense { rows: 1 cols: 1 values: 1 } } } }\n'
         '  output { name: "y" size: 1 terms { source: "b" weight { dense { rows: 1 cols: 1 values: 1 } } } }\n}\n',
         "{file}: network: ")
    case("pb-duplicate-names.txtpb",
         'implicit {\n  input { name: "u" size: 1 }\n  output { name: "y" size: 1 }\n'
         '  states { name: "s" size: 1 activation { kind: RELU } }\n  states { name: "s" size: 1 activation { kind: TANH } }\n}\n',
         "{file}: implicit.states[1].name: the name 's' is used twice")

    # YAML: syntax, types, nesting, aliases.
    case("yaml-syntax-error.yaml", "kind: network\ninput: {name: u, size: 2\nlayers: []\n", "{file}:3:7: YAML syntax: ")
    case("yaml-tab-indent.yaml", "kind: network\ninput:\n\tname: u\n", "{file}:3:1: YAML syntax: ")
    case("yaml-not-utf8.yaml", b"kind: network\ninput: {name: \xff\xfe}\n", "{file}: the file is not UTF-8 text")
    case("yaml-wrong-type-size.yaml", NETWORK.replace("size: 2}", "size: two}"), "{file}:2:24: expected an integer")
    case("yaml-wrong-type-layers.yaml", NETWORK.split("layers:")[0] + "layers: 7\n", "{file}:3:9: expected a list")
    case("yaml-wrong-type-weight.yaml", NETWORK.replace("[[1.0, -1.0]]", "[[1.0, yes]]"),
         "{file}:16:22: expected a number, found 'yes'")
    case("yaml-deep-flow-nesting.yaml", "kind: network\ninput: " + "[" * 5000 + "]" * 5000 + "\n",
         "{file}:2:72: the document is nested more than 64 levels deep")
    case("yaml-deep-block-nesting.yaml", "kind: network\ninput:\n" + "".join("  " * k + "a:\n" for k in range(1, 200)),
         "{file}:67:131: the document is indented more than 64 levels deep")
    # Aliases share nodes, so 1000 rows that all alias one row of 1000 zeros are 10⁶ numbers
    # to read from 7 KB of text.
    row = "&r [" + ", ".join(["0"] * 1000) + "]"
    case("yaml-alias-bomb.yaml", "kind: network\ninput: {name: u, size: 1000}\nlayers:\n"
         "  - name: h\n    activation: relu\n    size: 1000\n    inputs:\n      - from: u\n"
         "        weight: [" + row + ", *r" * 999 + "]\noutput: {name: y, size: 1}\n",
         "{file}:9:")
    case("yaml-unknown-key.yaml", NETWORK.replace("  - name: h\n", "  - name: h\n    activaton: tanh\n"),
         "{file}:5:5: unknown key 'activaton'")

    # YAML: references, names, shapes, values, sizes.
    case("yaml-cycle.yaml", """kind: network
input: {name: u, size: 1}
layers:
  - {name: a, activation: relu, size: 1, inputs: [{from: b, weight: [[1.0]]}]}
  - {name: b, activation: relu, size: 1, inputs: [{from: a, weight: [[1.0]]}]}
output: {name: y, size: 1, inputs: [{from: b, weight: [[1.0]]}]}
""", "{file}:4:5: ")
    case("yaml-self-reference.yaml", NETWORK.replace("from: u", "from: h"), "{file}:8:15: 'h' reads itself")
    case("yaml-dangling-reference.yaml", NETWORK.replace("from: u", "from: ghost"),
         "{file}:8:15: 'h' reads 'ghost', which is neither the input nor a layer")
    # Names are the file's to choose: a newline or a terminal escape in one stays on one line.
    case("yaml-control-characters-in-name.yaml",
         NETWORK.replace("  - name: h\n", '  - name: "h\\n\\e[2J"\n').replace("from: u", "from: ghost"),
         "{file}:8:15: 'h \\u{1B}[2J' reads 'ghost', which is neither the input nor a layer")
    case("yaml-duplicate-names.yaml", NETWORK.replace("output:\n  name: y", "output:\n  name: h"),
         "{file}:12:3: the name 'h' is used twice")
    case("yaml-implicit-unknown-block.yaml", """kind: implicit
input: {name: u, size: 1}
output: {name: y, size: 1}
states:
  - {name: s, size: 1, activation: relu}
A:
  - {row: s, col: t, weight: [[0.5]]}
""", "{file}:7:19: no state block named 't'")
    case("yaml-shape-mismatch.yaml", NETWORK.replace("[[1.0, 0.5], [-0.5, 1.0]]", "[[1.0, 0.5, 2.0], [-0.5, 1.0, 2.0]]"),
         "{file}:9:17: the weight from 'u' into 'h' is 2×3, expected 2×2")
    case("yaml-ragged-weight.yaml", NETWORK.replace("[-0.5, 1.0]]", "[-0.5]]"), "{file}:9:30: row 1 has 1 values, row 0 has 2")
    case("yaml-nan-weight.yaml", NETWORK.replace("[[1.0, 0.5]", "[[.nan, 0.5]"),
         "{file}:9:17: the weight from 'u' into 'h' contains NaN or infinity")
    case("yaml-inf-bias.yaml", NETWORK.replace("bias: [0.0, 0.1]", "bias: [-.inf, 0.1]"),
         "{file}:10:11: the bias of 'h' contains NaN or infinity")
    case("yaml-negative-size.yaml", NETWORK.replace("size: 2}", "size: -2}"), "{file}:2:24: size -2 is outside 0…16777216")
    case("yaml-overflowing-size.yaml", NETWORK.replace("size: 2}", "size: 99999999999999999999999}"),
         "{file}:2:24: expected an integer")
    case("yaml-memory-bomb.yaml", "kind: implicit\ninput: {name: u, size: 16777216}\noutput: {name: y, size: 16777216}\nstates: []\n",
         "{file}:3:9: D would need 16777216×16777216 = 281474976710656 doubles (2 PiB)")
    case("yaml-bias-bomb.yaml", "kind: network\ninput: {name: u, size: 1}\nlayers:\n" +
         "".join(f"  - {{name: l{k}, activation: relu, size: 16777216}}\n" for k in range(100)) + "output: {name: y, size: 1}\n",
         "{file}:12:5: the bias of 'l8' would need 16777216 doubles (128 MiB) with the 1 GiB this model already takes",
         args=["info", "{file}", "--max-memory", "1G"])
    case("yaml-npy-escape.yaml", NETWORK.replace("[[1.0, 0.5], [-0.5, 1.0]]", "{npy: ../../etc/passwd.npy}"),
         "{file}: npy reference '../../etc/passwd.npy' must be a path inside the YAML file's folder")

    # NPY data for predict (the sample model takes 4 features).
    x = np.arange(12, dtype="<f8").reshape(3, 4) / 8
    good_npy = npy(x)
    case("npy-truncated.npy", good_npy[:-20], "{file}: header promises 96 bytes of data", args=predict())
    case("npy-truncated-header.npy", good_npy[:40], "{file}: header: declares 118 header bytes but the file holds 30", args=predict())
    case("npy-random-bytes.npy", random_bytes(300), "{file}: header: not a NumPy .npy file", args=predict())
    case("npy-big-endian.npy", npy(x.astype(">f8")), "{file}: header: big-endian dtype '>f8' is not supported", args=predict())
    case("npy-object.npy", npy(np.array([[1, "a", None, 2.0]], dtype=object), allow_pickle=True),
         "{file}: header: object arrays ('|O') hold pickled Python objects and are not supported", args=predict())
    case("npy-complex.npy", npy(x.astype("<c16")), "{file}: header: unsupported dtype '<c16'", args=predict())
    case("npy-structured.npy", npy(np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")])),
         "{file}: header: 'descr' is a structured dtype", args=predict())
    case("npy-shape-exceeds-data.npy", npy_header("<f8", "(1000000, 4)", data=b"\0" * 64),
         "{file}: header promises 32000000 bytes of data (shape (1000000, 4) of '<f8') but the file holds 64", args=predict())
    case("npy-shape-exceeds-memory.npy", npy_header("<f8", "(4611686018427387904, 4)"),
         "{file}: header: 'shape' (4611686018427387904, 4) overflows", args=predict())
    case("npy-negative-shape.npy", npy_header("<f8", "(-3, 4)"), "{file}: header: 'shape' has a negative dimension (-3)", args=predict())
    case("npy-three-dimensions.npy", npy(np.zeros((2, 2, 1))), "{file}: header: 'shape' (2, 2, 1) has 3 dimensions", args=predict())
    case("npy-nan-input.npy", npy(np.array([[0.0, 1.0, 2.0, 3.0], [0.5, np.nan, 0.0, 0.0]])),
         "{file}: the input has NaN or infinity at row 1, column 1", args=predict())
    case("npy-inf-input.npy", npy(np.array([[0.0, 1.0, 2.0, -np.inf]])),
         "{file}: the input has NaN or infinity at row 0, column 3", args=predict())
    case("npy-wrong-width.npy", npy(np.zeros((2, 3))), "{file}: ", args=predict())
    case("npy-strings.npy", npy(np.array([["a", "b", "c", "d"]])), "{file}: holds strings, expected numbers", args=predict())

    # NPZ models.
    good_npz = model_npz()
    case("npz-truncated.npz", good_npz[: len(good_npz) // 2], "{file}: is not a zip archive (NPZ)")
    case("npz-random-bytes.npz", random_bytes(400), "{file}: is not a zip archive (NPZ)")
    # A deflated member of 512 KiB whose headers declare 1000 bytes.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(member("A.npy", compress=True), npy(np.zeros((256, 256))))
    raw = bytearray(buffer.getvalue())
    struct.pack_into("<I", raw, 22, 1000)
    struct.pack_into("<I", raw, raw.index(b"PK\x01\x02") + 24, 1000)
    case("npz-decompression-bomb.npz", bytes(raw), "{file}: member 'A': decompresses to more than the 1000 bytes it declares")
    # A member that declares 64 GiB uncompressed (zip64 sizes), over the default limit.
    case("npz-declared-size-bomb.npz", handmade_zip(npy(MODEL["A"]), declared=1 << 36), "{file}: member 'A': declares 68719476736 bytes uncompressed, over the limit")
    # Damaged archive structure: every offset, count and size is checked against the bytes present.
    case("npz-offset-beyond-int64.npz", handmade_zip(npy(MODEL["A"]), local_offset=(1 << 64) - 16),
         "{file}: member 'A.npy': damaged zip archive: no local header at offset 18446744073709551600")
    case("npz-directory-past-end.npz", handmade_zip(npy(MODEL["A"]), directory_offset=1 << 31),
         "{file}: damaged zip archive: central directory of 51 bytes at offset 2147483648 does not fit")
    case("npz-entry-count-bomb.npz", handmade_zip(npy(MODEL["A"]), entries=65000),
         "{file}: damaged zip archive: central directory of 51 bytes cannot hold the 65000 entries it declares")
    case("npz-unsupported-method.npz", handmade_zip(npy(MODEL["A"]), method=12),
         "{file}: member 'A.npy': is compressed with zip method 12; only stored (0) and deflated (8) members can be read")
    case("npz-crc-mismatch.npz", handmade_zip(npy(MODEL["A"]), crc=0x12345678), "{file}: member 'A': is corrupt (CRC-32 mismatch)")
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = deflater.compress(npy(MODEL["A"])) + deflater.flush()
    case("npz-truncated-deflate.npz",
         handmade_zip(deflated[:20], method=8, crc=zlib.crc32(npy(MODEL["A"])), declared=len(npy(MODEL["A"]))),
         "{file}: member 'A': its compressed data ends after")
    case("npz-corrupt-deflate.npz",
         handmade_zip(b"\xff" * 40, method=8, declared=len(npy(MODEL["A"]))), "{file}: member 'A': holds corrupt deflate data")
    case("npz-missing-member.npz", model_npz(D=None), "{file}: member 'D': is missing")
    case("npz-shape-mismatch.npz", model_npz(A=np.zeros((2, 3))), "{file}: member 'A': shape (2, 3), expected (2, 2)")
    case("npz-nan-weight.npz", model_npz(B=np.array([[1.0], [np.nan]])), "{file}: member 'B': element [1, 0] is nan")
    case("npz-inf-bias.npz", model_npz(bias_x=np.array([0.1, np.inf])), "{file}: member 'bias_x': element [1] is inf")
    case("npz-bad-activation.npz", model_npz(activation=np.array(["relu", "swash"])),
         "{file}: member 'activation': element 1 'swash' is not an activation")
    case("npz-object-member.npz", model_npz(bias_y=npy(np.array([None], dtype=object), allow_pickle=True)),
         "{file}: member 'bias_y': header: object arrays")
    case("npz-big-endian-member.npz", model_npz(C=npy(MODEL["C"].astype(">f8"))),
         "{file}: member 'C': header: big-endian dtype '>f8' is not supported")
    case("npz-truncated-member.npz", model_npz(A=npy(MODEL["A"])[:-8]),
         "{file}: member 'A': header promises 32 bytes of data")

    # CSV data for predict.
    case("csv-ragged-rows.csv", "1,2,3,4\n5,6,7\n", "{file}:2:6: 3 fields, expected 4 as on line 1", args=predict("y.csv"))
    case("csv-extra-field.csv", "1,2,3,4\n5,6,7,8,9\n", "{file}:2:9: 5 fields, expected 4 as on line 1", args=predict("y.csv"))
    case("csv-not-a-number.csv", "1,2,3,4\n5,six,7,8\n", "{file}:2:3: 'six' is not a number", args=predict("y.csv"))
    case("csv-empty-field.csv", "1,2,3,4\n5,,7,8\n", "{file}:2:3: empty field", args=predict("y.csv"))
    case("csv-nan.csv", "a,b,c,d\n1,2,3,4\n5,6,nan,8\n", "{file}: the input has NaN or infinity at row 1, column 2", args=predict("y.csv"))
    case("csv-no-samples.csv", "a,b,c,d\n\n", "{file}: holds no samples", args=predict("y.csv"))
    case("csv-not-utf8.csv", b"1,2,3,\xff\n", "{file}: is not UTF-8 text", args=predict("y.csv"))

    # Outputs: a missing folder, the input itself, a float32 overflow on ONNX export.
    case("output-missing-folder.yaml", NETWORK, "{out}/no-such-folder/m.onnx: the output directory",
         args=["convert", "{file}", "-o", "{out}/no-such-folder/m.onnx"])
    case("output-is-input.yaml", NETWORK, "{file}: refusing to overwrite the input file",
         args=["convert", "{file}", "-o", "{file}", "--force"])
    case("output-is-predict-input.csv", "1,2,3,4\n", "{file}: refusing to overwrite the input file",
         args=["predict", "{samples}/mlp.yaml", "--input", "{file}", "-o", "{file}", "--force"])
    case("export-float32-overflow.yaml", NETWORK.replace("[[1.0, -1.0]]", "[[1.0e300, -1.0]]"),
         "{out}/m.onnx: ", args=["convert", "{file}", "-o", "{out}/m.onnx"])

    (OUT / "cases.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases in {OUT.relative_to(ROOT)}")


def handmade_zip(data, declared=None, local_offset=None, method=0, compressed=None, crc=None,
                 entries=1, directory_offset=None):
    """A zip holding one member 'A.npy' (`data`, stored as given), its headers written by hand.

    `declared` and `local_offset` go into zip64 fields (the 32-bit fields saturated);
    `compressed` overrides the compressed size, `crc` the checksum, `entries` the entry count and
    `directory_offset` the central directory's offset in the end record.
    """
    import zlib
    name = b"A.npy"
    crc = zlib.crc32(data) if crc is None else crc
    size = len(data) if compressed is None else compressed
    uncompressed = len(data) if declared is None else declared
    zip64 = []
    if declared is not None:
        zip64 += [declared, size]
    if local_offset is not None:
        zip64 += [local_offset]
    extra = struct.pack("<HH" + "Q" * len(zip64), 1, 8 * len(zip64), *zip64) if zip64 else b""
    saturated = 0xFFFFFFFF
    size32 = saturated if declared is not None else size
    uncompressed32 = saturated if declared is not None else uncompressed
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0, crc, size32, uncompressed32, len(name), 0)
    local += name + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method, 0, 0, crc, size32, uncompressed32,
                          len(name), len(extra), 0, 0, 0, 0, saturated if local_offset is not None else 0) + name + extra
    offset = len(local) if directory_offset is None else directory_offset
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, len(central), offset, 0)
    return local + central + end


if __name__ == "__main__":
    main()
