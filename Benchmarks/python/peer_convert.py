"""The Python peer of `implicit convert MLP.onnx -o OUT` for each output format.

    python peer_convert.py MLP.onnx OUT.{pb,npz,onnx,yaml}

What a NumPy user would write: onnx.load, the initializers as arrays, the Gemm/Relu chain
read as state blocks (one per ReLU layer: B holds the first layer, A the blocks below the
diagonal, C the readout), then
- `.pb`: the implicit form in float64 as an `implicit.v1.Model` in protobuf's wire format with
  NumPy doing the bulk bytes (python-protobuf's repeated fields would convert every float
  through a Python object); the file is byte for byte what `implicit convert --form implicit`
  writes, and the benchmark checks that;
- `.npz`: the layout of docs/formats.md (A dense, n x n float64) with `np.savez`;
- `.onnx`: the same Gemm(transB=1)/Relu graph our exporter writes, float32 weights, `onnx.save`;
- `.yaml`: a `kind: network` document, each weight in a `.npy` file beside it (`np.save`,
  float64, C order), biases and the small readout inline.
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def varint(v):
    out = bytearray()
    while True:
        byte = v & 0x7F
        v >>= 7
        if v:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, payload):
    """A length-delimited field: bytes, or a list of bytes/arrays written in order."""
    parts = payload if isinstance(payload, list) else [payload]
    size = sum(p.nbytes if isinstance(p, np.ndarray) else len(p) for p in parts)
    return [varint(number << 3 | 2) + varint(size)] + parts


def size_of(parts):
    return sum(p.nbytes if isinstance(p, np.ndarray) else len(p) for p in parts)


def uint(number, value):
    return varint(number << 3) + varint(value) if value else b""


def string(number, text):
    return field(number, text.encode())[0] + text.encode() if text else b""


def doubles(number, values):
    values = np.ascontiguousarray(values, dtype="<f8")
    return field(number, values) if values.size else []


def nested(number, parts):
    return [varint(number << 3 | 2) + varint(size_of(parts))] + parts


def matrix(w):
    w = np.ascontiguousarray(w, dtype="<f8")  # the one float32 -> float64 pass
    dense = [uint(1, w.shape[0]), uint(2, w.shape[1])] + doubles(3, w.reshape(-1))
    return nested(1, dense)  # Matrix.dense


def block(number, row, col, w):
    return nested(number, [string(1, row), string(2, col)] + nested(3, matrix(w)))


def read_chain(src):
    """The input and output ports, the ReLU state blocks and the readout of the MLP."""
    model = onnx.load(src)
    graph = model.graph
    weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    producers = {node.output[0]: node for node in graph.node}
    # Follow the chain from the output back to the input: Gemm (transB=1) and Relu.
    chain, tensor = [], graph.output[0].name
    while tensor in producers:
        node = producers[tensor]
        chain.append(node)
        tensor = node.input[0]
    chain.reverse()
    states, gemm = [], None
    for node in chain:
        if node.op_type == "Gemm":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            assert attrs.get("transB", 0) == 1 and attrs.get("alpha", 1.0) == 1.0
            gemm = (node, weights[node.input[1]], weights[node.input[2]])
        elif node.op_type == "Relu":
            # The state block takes the activation node's name, as the importer names it.
            states.append((node.name, gemm[1], gemm[2]))
            gemm = None
        else:
            raise SystemExit(f"unexpected {node.op_type}")
    inp, outp = graph.input[0], graph.output[0]
    p = inp.type.tensor_type.shape.dim[1].dim_value
    return inp.name, p, outp.name, states, gemm


def write_pb(src, dst):
    inp, p, outp, states, readout = read_chain(src)
    q = readout[1].shape[0]
    body = nested(1, [string(1, inp), uint(2, p)]) + nested(2, [string(1, outp), uint(2, q)])
    for name, w, bias in states:
        activation = [uint(1, 1)]  # RELU
        body += nested(4, [string(1, name), uint(2, w.shape[0])] + nested(3, activation) + doubles(4, bias))
    for (row, w, _), (col, _, _) in zip(states[1:], states[:-1]):
        body += block(5, row, col, w)
    body += block(6, states[0][0], "", states[0][1])
    body += block(7, "", states[-1][0], readout[1])
    body += doubles(9, readout[2])
    message = nested(2, body) + [string(3, "ImplicitKit")]
    with open(dst, "wb") as f:
        for part in message:
            f.write(part if not isinstance(part, np.ndarray) else memoryview(part))


def write_npz(src, dst):
    inp, p, outp, states, readout = read_chain(src)
    sizes = [w.shape[0] for _, w, _ in states]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    n, q = int(offsets[-1]), readout[1].shape[0]
    a = np.zeros((n, n))
    for k in range(1, len(states)):
        a[offsets[k]:offsets[k + 1], offsets[k - 1]:offsets[k]] = states[k][1]
    b = np.zeros((n, p))
    b[:sizes[0]] = states[0][1]
    c = np.zeros((q, n))
    c[:, offsets[-2]:] = readout[1]
    np.savez(dst, A=a, B=b, C=c, D=np.zeros((q, p)),
             bias_x=np.concatenate([bias for _, _, bias in states]).astype(np.float64),
             bias_y=readout[2].astype(np.float64), activation=np.array(["relu"] * n), head=np.array("none"),
             state_block_sizes=np.array(sizes, dtype=np.int64), state_block_names=np.array([s[0] for s in states]),
             input_name=np.array(inp), output_name=np.array(outp))


def write_onnx(src, dst):
    from onnx import TensorProto, helper
    inp, p, outp, states, readout = read_chain(src)
    nodes, inits, source = [], [], inp
    for name, w, bias in states:
        inits += [numpy_helper.from_array(w.astype(np.float32), f"{name}_pre_W"),
                  numpy_helper.from_array(bias.astype(np.float32), f"{name}_pre_b")]
        nodes += [helper.make_node("Gemm", [source, f"{name}_pre_W", f"{name}_pre_b"], [f"{name}_pre"], transB=1),
                  helper.make_node("Relu", [f"{name}_pre"], [name])]
        source = name
    inits += [numpy_helper.from_array(readout[1].astype(np.float32), f"{outp}_W"),
              numpy_helper.from_array(readout[2].astype(np.float32), f"{outp}_b")]
    nodes.append(helper.make_node("Gemm", [source, f"{outp}_W", f"{outp}_b"], [outp], transB=1))
    graph = helper.make_graph(nodes, "implicitkit",
                              [helper.make_tensor_value_info(inp, TensorProto.FLOAT, ["N", p])],
                              [helper.make_tensor_value_info(outp, TensorProto.FLOAT, ["N", readout[1].shape[0]])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="ImplicitKit")
    model.ir_version = 8
    onnx.save(model, dst)


def write_yaml(src, dst):
    import os
    inp, p, outp, states, readout = read_chain(src)
    folder, stem = os.path.dirname(dst), os.path.splitext(os.path.basename(dst))[0]
    vector = lambda v: "[" + ", ".join(map(repr, v.astype(np.float64).tolist())) + "]"
    lines = ["kind: network", f"input: {{name: {inp}, size: {p}}}", "layers:"]
    source = inp
    for name, w, bias in states:
        npy = f"{stem}.{name}.from.{source}.npy"
        np.save(os.path.join(folder, npy), np.ascontiguousarray(w, dtype=np.float64))
        lines += [f"  - name: {name}", "    activation: relu", f"    size: {w.shape[0]}", "    inputs:",
                  f"      - from: {source}", f"        weight: {{npy: {npy}}}", f"    bias: {vector(bias)}"]
        source = name
    w, bias = readout[1], readout[2]
    lines += ["output:", f"  name: {outp}", f"  size: {w.shape[0]}", "  head: none", "  inputs:",
              f"    - from: {source}", "      weight:"] + [f"        - {vector(row)}" for row in w] + [f"  bias: {vector(bias)}"]
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


def main(src, dst):
    writers = {".pb": write_pb, ".npz": write_npz, ".onnx": write_onnx, ".yaml": write_yaml}
    suffix = dst[dst.rfind("."):]
    if suffix not in writers:
        raise SystemExit(f"peer_convert: no writer for {suffix}")
    writers[suffix](src, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
