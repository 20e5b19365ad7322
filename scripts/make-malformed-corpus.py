#!/usr/bin/env python3
"""Writes the malformed-input corpus: Tests/CLITests/MalformedCorpus/, one file per case, and
cases.json, which lists for each file the command to run and the error it must give.

Every case must make `implicit` exit 2 with one line on stderr, `error: FILE[:PLACE]: …`, and
write nothing (Tests/CLITests/MalformedCorpusTests.swift checks this through the built binary,
under a 4 GiB address-space limit): the output folder stays empty, and every file in the input
folder keeps its bytes and its inode. In cases.json, `args` and `expect` use placeholders the
test fills in:
  {file}     the case file (a copy in a scratch folder, the input folder)
  {in}       the input folder, which holds the case file and its companions
  {out}      an empty scratch folder for outputs; it must stay empty
  {samples}  the repository's samples/ folder
`expect` must appear in the error line; it starts with `{file}`, `{in}` or `{out}` and names
the place. A case may also ask for, in the input folder:
  companions  more corpus files, copied next to the case file (weights it references, a file
              an output would replace)
  links       symbolic links, name → destination (relative to the input folder, or absolute)
  folders     empty folders
  fifo        true: the case file is a named pipe with no writer, not a corpus file
and, in the scratch folder that holds the input folder:
  outside     a named pipe: opening it blocks, so a reader that opened anything outside the
              input folder (ONNX external data reaching out of the model's folder) would hang
              and fail the test's time limit

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


def write_corpus_file(name, content):
    data = content.encode() if isinstance(content, str) else bytes(content)
    assert len(data) < 100_000, f"{name} is {len(data)} bytes"
    assert not (OUT / name).exists(), f"{name} is written twice"
    (OUT / name).write_bytes(data)


def case(name, content, expect, args=None, companions=None, links=None, folders=None, outside=None):
    """One corpus file and its expected error; the default command converts it to YAML.

    `content` None makes the case file a named pipe (`fifo`). `companions` maps more corpus
    file names to their content; `links` and `folders` are made in the input folder."""
    entry = {"file": name, "args": args or ["convert", "{file}", "-o", "{out}/converted.yaml"], "expect": expect}
    if content is None:
        entry["fifo"] = True
    else:
        write_corpus_file(name, content)
    if companions:
        for other, data in companions.items():
            write_corpus_file(other, data)
        entry["companions"] = sorted(companions)
    if links:
        entry["links"] = links
    if folders:
        entry["folders"] = folders
    if outside:
        entry["outside"] = outside
    cases.append(entry)


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

    # ONNX external data: W (2, 1) of the MLP `x (N, 2) → Gemm 'fc' → y` stored outside the
    # model. Every case must be refused before anything outside the model's folder is opened;
    # the pipe `outside.bin` next to the input folder would hang a reader that opened it.
    weights = np.array([0.5, -1.0], dtype="<f4").tobytes()

    def external(location, offset=None, length=None, extra=()):
        t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[2, 1])
        t.data_location = TensorProto.EXTERNAL
        entries = [("location", location)] + ([("offset", offset)] if offset is not None else []) \
            + ([("length", length)] if length is not None else []) + list(extra)
        for key, value in entries:
            e = t.external_data.add()
            e.key, e.value = key, value
        return onnx_model([helper.make_node("Gemm", ["x", "W"], ["y"], name="fc")], [t])

    def external_case(name, location, expect, offset=None, length=None, extra=(), with_data=False, links=None):
        """The weights file, when the case needs one, is its own companion `NAME.bin`."""
        data = f"{name[:-len('.onnx')]}.bin"
        location = location.replace("{data}", data)
        case(name, external(location, offset, length, extra), "{file}: initializer 'W': " + expect.replace("{data}", data),
             companions={data: weights} if with_data else None, links=links, outside="outside.bin")

    external_case("onnx-external-traversal.onnx", "../outside.bin",
                  "external data location '../outside.bin' has a '..' component")
    external_case("onnx-external-inner-traversal.onnx", "sub/../../outside.bin",
                  "external data location 'sub/../../outside.bin' has a '..' component")
    external_case("onnx-external-absolute.onnx", "/tmp/implicitkit-corpus-absolute.bin",
                  "external data location '/tmp/implicitkit-corpus-absolute.bin' is an absolute path")
    external_case("onnx-external-symlink-out.onnx", "link.bin",
                  "external data file 'link.bin' is reached through the symbolic link 'link.bin'",
                  links={"link.bin": "../outside.bin"})
    external_case("onnx-external-symlink-folder.onnx", "up/outside.bin",
                  "external data file 'up/outside.bin' is reached through the symbolic link 'up'", links={"up": ".."})
    external_case("onnx-external-symlink-inside.onnx", "alias.bin",
                  "external data file 'alias.bin' is reached through the symbolic link 'alias.bin'",
                  with_data=True, links={"alias.bin": "onnx-external-symlink-inside.bin"})
    external_case("onnx-external-missing.onnx", "missing.bin", "external data file 'missing.bin' does not exist")
    external_case("onnx-external-past-end.onnx", "{data}",
                  "external data file '{data}' has 8 bytes, but the tensor's 8 bytes from offset 4 run past its end",
                  "4", "8", with_data=True)
    external_case("onnx-external-wrong-length.onnx", "{data}",
                  "external data file '{data}': the tensor's length is 4 bytes, but its extents and element type need 8",
                  "0", "4", with_data=True)
    external_case("onnx-external-huge-offset.onnx", "{data}",
                  "external data file '{data}' has 8 bytes, but the tensor's offset is 9223372036854775808: past the end of the file",
                  str(1 << 63), "8", with_data=True)
    external_case("onnx-external-huge-length.onnx", "{data}",
                  "external data file '{data}' has 8 bytes, but the tensor's 18446744073709551615 bytes from offset 0 run past its end",
                  "0", str((1 << 64) - 1), with_data=True)
    external_case("onnx-external-offset-overflow.onnx", "w.bin",
                  "external data 'offset' is '100000000000000000000', not a byte count", "1" + "0" * 20)
    external_case("onnx-external-negative-offset.onnx", "w.bin", "external data 'offset' is '-8', not a byte count", "-8")
    external_case("onnx-external-folder.onnx", ".", "external data location '.' has an empty or '.' component")
    external_case("onnx-external-unknown-key.onnx", "w.bin", "external data has the unknown key 'basepath'",
                  extra=[("basepath", "/")])

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
         "{file}:11:5: the bias of 'l7' would need 16777216 doubles (128 MiB) with the 896.2 MiB this model already takes",
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
    case("npy-three-dimensions.npy", npy(np.zeros((2, 2, 1))),
         "{file}: shape (2, 2, 1) has 3 dimensions; the model's input is a vector", args=predict())
    case("npy-three-dimensions-fortran.npy", npy(np.asfortranarray(np.zeros((2, 2, 2)))),
         "{file}: header: 'shape' (2, 2, 2) in Fortran order", args=predict())
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
    case("npz-input-shape-mismatch.npz", model_npz(input_shape=np.array([2, 3])),
         "{file}: member 'input_shape': [2, 3] does not describe the 1 inputs of B and D")
    case("npz-input-shape-negative.npz", model_npz(input_shape=np.array([-1, -1])),
         "{file}: member 'input_shape': [-1, -1] does not describe the 1 inputs of B and D")
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

    hostile_input_cases()

    (OUT / "cases.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases in {OUT.relative_to(ROOT)}")


def wide_network(weight_file):
    """A network whose 257 × 256 weight is in `weight_file`: past the 65536 elements from which
    the YAML writer puts a matrix in a side file."""
    return ("kind: network\ninput: {name: u, size: 256}\nlayers:\n"
            "  - {name: h, activation: relu, size: 257, inputs: [{from: u, weight: {npy: %s}}]}\n"
            "output: {name: y, size: 1, inputs: [{from: h, weight: [[%s]]}]}\n") % (weight_file, ", ".join(["1.0"] * 257))


# One byte a weight keeps the side file under the corpus's 100 KB.
WIDE_WEIGHT = npy(np.ones((257, 256), dtype=np.uint8))


def hostile_input_cases():
    """The second hostile-input probe: each class with several cases."""
    # 1. A side file the writer makes is a file the command read: refused, through any
    #    spelling (a folder link, `sub/..`) and for every writing command.
    def side(prefix, args_tail, expect, weight=None, **extra):
        weight = weight or f"{prefix}.h.from.u.npy"
        case(f"{prefix}.yaml", wide_network(weight), expect, companions={weight: WIDE_WEIGHT}, **extra,
             args=args_tail)
    side("side-is-input", ["convert", "{file}", "-o", "{in}/side-is-input.yml", "--force"],
         "{in}/side-is-input.h.from.u.npy: refusing to overwrite the input file '{in}/side-is-input.h.from.u.npy' (a side file of 'side-is-input.yml'); choose another output name")
    side("side-through-link", ["convert", "{file}", "-o", "{in}/alias/side-through-link.yml", "--force"],
         "{in}/alias/side-through-link.h.from.u.npy: refusing to overwrite the input file", links={"alias": "."})
    side("side-dotted", ["convert", "{file}", "-o", "{in}/sub/../side-dotted.yml", "--force"],
         "{in}/sub/../side-dotted.h.from.u.npy: refusing to overwrite the input file", folders=["sub"])
    side("side-of-prune", ["prune", "{file}", "-o", "{in}/side-of-prune.yml", "--force"],
         "{in}/side-of-prune.B.h.npy: refusing to overwrite the input file", weight="side-of-prune.B.h.npy")
    side("side-of-compose", ["compose", "{file}", "{file}", "--parallel", "-o", "{in}/side-of-compose.yml", "--force"],
         "{in}/side-of-compose.B.first.h.npy: refusing to overwrite the input file", weight="side-of-compose.B.first.h.npy")
    # The document itself through a link to the input, or to a data input.
    case("output-link-to-input.yaml", NETWORK, "{in}/link.yml: refusing to overwrite the input file",
         args=["convert", "{file}", "-o", "{in}/link.yml", "--force"], links={"link.yml": "output-link-to-input.yaml"})
    case("output-link-to-data.csv", "1,2,3,4\n", "{in}/y.csv: refusing to overwrite the input file",
         args=["predict", "{samples}/mlp.yaml", "--input", "{file}", "-o", "{in}/y.csv", "--force"],
         links={"y.csv": "output-link-to-data.csv"})
    case("output-dotted-compose.yaml", NETWORK, "{in}/sub/../output-dotted-compose.yaml: refusing to overwrite the input file",
         args=["compose", "{file}", "{file}", "--parallel", "-o", "{in}/sub/../output-dotted-compose.yaml", "--force"],
         folders=["sub"])

    # 2. A refused write leaves nothing: every target is checked before any is written (the
    #    side files of this model come first).
    wide = npz({**MODEL, "A": np.full((257, 257), 0.001), "B": np.zeros((257, 1)), "C": np.zeros((1, 257)),
                "bias_x": np.zeros(257), "activation": np.array(["relu"] * 257)}, compress=True)
    case("refusal-existing-document.npz", wide, "{in}/m.yaml: already exists; use --force to overwrite it",
         args=["convert", "{file}", "-o", "{in}/m.yaml"], companions={"m.yaml": NETWORK})
    case("refusal-document-is-folder.npz", wide, "{in}/m.yaml: is a directory",
         args=["convert", "{file}", "-o", "{in}/m.yaml", "--force"], folders=["m.yaml"])
    case("refusal-side-is-folder.npz", wide, "{in}/w.A.block0.block0.npy: is a directory",
         args=["convert", "{file}", "-o", "{in}/w.yaml", "--force"], folders=["w.A.block0.block0.npy"])
    case("refusal-side-exists.npz", wide, "{in}/v.A.block0.block0.npy: already exists; use --force to overwrite it (a side file of 'v.yaml')",
         args=["convert", "{file}", "-o", "{in}/v.yaml"], companions={"v.A.block0.block0.npy": b"old"})
    case("refusal-missing-folder.npz", wide, "{out}/missing/m.A.block0.block0.npy: the output directory",
         args=["convert", "{file}", "-o", "{out}/missing/m.yaml"])

    # 3. Sizes from flags go through --max-memory like sizes from files.
    prune_verify = lambda n, *more: ["prune", "{file}", "-o", "{out}/p.yaml", "--box", "0,1", "--verify", str(n), *more]
    case("flag-verify-huge.yaml", NETWORK, "{file}: measuring the deviation on 1000000000000000000 samples would need more doubles than memory can address",
         args=prune_verify(10 ** 18))
    case("flag-verify-overflow.yaml", NETWORK, "{file}: measuring the deviation on 4611686018427387904 samples would need more doubles than memory can address",
         args=prune_verify(1 << 62))
    case("flag-verify-over-limit.yaml", NETWORK, "{file}: measuring the deviation on 100000000 samples would need 2200000000 doubles (16.4 GiB), beyond the memory limit of 1 GiB",
         args=prune_verify(10 ** 8, "--max-memory", "1G"))
    case("flag-predict-batch.csv", "1,2,3,4\n" * 100, "{file}: predicting 100 samples would need",
         args=["predict", "{in}/huge-states.yaml", "--input", "{file}", "-o", "{out}/y.npy"],
         companions={"huge-states.yaml": "kind: network\ninput: {name: u, size: 4}\nlayers:\n"
                     "  - {name: h, activation: relu, size: 16777216}\noutput: {name: y, size: 1}\n"})

    # 4. Special files: refused from their type, never opened (a pipe with no writer blocks).
    case("special-pipe.npz", None, "{file}: is a pipe, not a file", args=["info", "{file}"])
    case("special-pipe.onnx", None, "{file}: is a pipe, not a file", args=["info", "{file}"])
    case("special-pipe.yaml", None, "{file}: is a pipe, not a file")
    case("special-pipe.pb", None, "{file}: is a pipe, not a file")
    case("special-pipe.npy", None, "{file}: is a pipe, not a file", args=predict())
    case("special-pipe.csv", None, "{file}: is a pipe, not a file", args=predict("y.csv"))
    case("special-pipe-verify.npy", None, "{file}: is a pipe, not a file",
         args=["prune", "{samples}/mlp.yaml", "-o", "{out}/p.yaml", "--verify-input", "{file}"])
    case("special-pipe-box.csv", None, "{file}: is a pipe, not a file",
         args=["prune", "{samples}/mlp.yaml", "-o", "{out}/p.yaml", "--inputs", "{file}"])
    case("special-device-weight.yaml", NETWORK.replace("[[1.0, 0.5], [-0.5, 1.0]]", "{npy: zero.npy}"),
         "{in}/zero.npy: is a device or socket, not a regular file", links={"zero.npy": "/dev/zero"})
    case("special-device-model.yaml", NETWORK, "{in}/zero.npz: is a device or socket, not a regular file",
         args=["info", "{in}/zero.npz"], links={"zero.npz": "/dev/zero"})

    # 5. Yams' node tree is charged against --max-memory before the text is composed: long
    #    one-line documents of short numbers cost 150 bytes a number.
    zeros = lambda n, sep=",": sep.join(["0"] * n)
    case("yaml-cost-one-line.yaml",
         "{kind: network, input: {name: u, size: 100}, layers: [{name: h, activation: relu, size: 300, inputs: "
         "[{from: u, weight: [" + ",".join("[" + zeros(100) + "]" for _ in range(300)) + "]}]}], output: {name: y, size: 1}}\n",
         "{file}: composing the YAML text (", args=["info", "{file}", "--max-memory", "2M"])
    case("yaml-cost-implicit.yaml",
         "{kind: implicit, input: {name: u, size: 1}, output: {name: y, size: 1}, states: [{name: s, size: 150, activation: relu}], "
         "A: [{row: s, col: s, weight: [" + ",".join("[" + zeros(150) + "]" for _ in range(150)) + "]}]}\n",
         "{file}: composing the YAML text (", args=["info", "{file}", "--max-memory", "1M"])
    case("yaml-cost-block-rows.yaml",
         "kind: network\ninput: {name: u, size: 100}\nlayers:\n  - name: h\n    activation: relu\n    size: 200\n"
         "    inputs:\n      - from: u\n        weight:\n" + "".join("          - [" + zeros(100, ", ") + "]\n" for _ in range(200))
         + "output: {name: y, size: 1}\n",
         "{file}: composing the YAML text (", args=["convert", "{file}", "-o", "{out}/m.onnx", "--max-memory", "1M"])
    case("yaml-cost-long-bias.yaml",
         "kind: network\ninput: {name: u, size: 1}\nlayers:\n  - {name: h, activation: relu, size: 40000, bias: [" + zeros(40000)
         + "]}\noutput: {name: y, size: 1}\n",
         "{file}: composing the YAML text (", args=["info", "{file}", "--max-memory", "4M"])

    # 6. Two values for one thing, which other tools read the other way: refused, as onnx.checker does.
    w1, w2 = np.array([[0.5, -1.0, 0.25], [1.5, 0.5, -0.5]]), np.full((2, 3), 7.0)
    mlp_nodes = lambda act=None: [helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc"),
                                  act or helper.make_node("Relu", ["h"], ["r"], name="act"),
                                  helper.make_node("Gemm", ["r", "V"], ["y"], name="head")]
    mlp_weights = [tensor("W", w1), tensor("b", np.zeros(3)), tensor("V", np.ones((3, 1)))]
    case("onnx-duplicate-initializer.onnx", onnx_model(mlp_nodes(), mlp_weights + [tensor("W", w2)]),
         "{file}: initializer 'W': is given twice")
    case("onnx-duplicate-unused-initializer.onnx", onnx_model(mlp_nodes(), mlp_weights + [tensor("extra", [1.0]), tensor("extra", [2.0])]),
         "{file}: initializer 'extra': is given twice")
    leaky = helper.make_node("LeakyRelu", ["h"], ["r"], name="act", alpha=1.0)
    leaky.attribute.append(helper.make_attribute("alpha", 3.0))
    case("onnx-duplicate-attribute.onnx", onnx_model(mlp_nodes(leaky), mlp_weights),
         "{file}: node 'act' (LeakyRelu): the attribute 'alpha' is given twice")
    gemm = helper.make_node("Gemm", ["x", "W", "b"], ["h"], name="fc", transB=0)
    gemm.attribute.append(helper.make_attribute("transB", 1))
    case("onnx-duplicate-attribute-gemm.onnx", onnx_model([gemm] + mlp_nodes()[1:], mlp_weights),
         "{file}: node 'fc' (Gemm): the attribute 'transB' is given twice")
    both = tensor("W", w1)
    both.float_data.extend(w2.ravel().tolist())
    case("onnx-raw-and-float-data.onnx", onnx_model(mlp_nodes(), [both] + mlp_weights[1:]),
         "{file}: initializer 'W': holds its values twice, in raw_data and float_data")
    constant = tensor("value", np.zeros(3))
    constant.float_data.extend([1.0, 2.0, 3.0])
    case("onnx-constant-two-value-fields.onnx", onnx_model(
        [helper.make_node("Constant", [], ["b"], name="bias", value=constant)] + mlp_nodes(), [mlp_weights[0], mlp_weights[2]]),
         "{file}: node 'bias' (Constant): the value holds its values twice, in raw_data and float_data")
    doubled_input = onnx.load_from_string(mlp_onnx())
    doubled_input.graph.input.append(helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2]))
    case("onnx-duplicate-input.onnx", doubled_input.SerializeToString(), "{file}: input 'x': is declared twice")
    doubled_opset = onnx.load_from_string(mlp_onnx())
    doubled_opset.opset_import.append(helper.make_opsetid("", 17))
    case("onnx-duplicate-opset.onnx", doubled_opset.SerializeToString(),
         "{file}: the model imports the default operator set twice (opset_import versions [13, 17])")

    # 7. A first line mixing numbers and text is a typo, not a header: refused where the text is.
    for name, text, place in [("csv-mixed-first-line.csv", "0.5,O.25,1,2\n1,2,3,4\n", "1:5: 'O.25'"),
                              ("csv-header-with-a-number.csv", "x1,x2,3,x4\n1,2,3,4\n", "1:1: 'x1'"),
                              ("csv-mixed-after-blank-lines.csv", "\n\n1,2,three,4\n", "3:5: 'three'")]:
        case(name, text, "{file}:" + place + " is not a number (the first line mixes numbers and text", args=predict("y.csv"))
    case("csv-mixed-verify-input.csv", "1,2,3,four\n", "{file}:1:7: 'four' is not a number (the first line mixes",
         args=["prune", "{samples}/mlp.yaml", "-o", "{out}/p.yaml", "--verify-input", "{file}"])
    case("csv-mixed-box-inputs.csv", "1,2,3,four\n", "{file}:1:7: 'four' is not a number (the first line mixes",
         args=["prune", "{samples}/mlp.yaml", "-o", "{out}/p.yaml", "--inputs", "{file}"])


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
