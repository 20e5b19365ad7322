"""The Python peer of `implicit convert MLP.onnx -o OUT.pb --form implicit`.

    python peer_convert.py MLP.onnx OUT.pb

What a NumPy user would write: onnx.load, the initializers as arrays, the Gemm/Relu chain
assembled into the same block form (one state block per ReLU layer; B holds the first layer,
A the blocks below the diagonal, C the readout) in float64, written as an `implicit.v1.Model`
in protobuf's wire format with NumPy doing the bulk bytes (python-protobuf's repeated fields
would convert every float through a Python object). The file is byte for byte what
`implicit convert` writes; scripts/bench.sh checks that.
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


def main(src, dst):
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
    states, a_blocks, b_blocks, previous = [], [], [], None
    for node in chain:
        if node.op_type == "Gemm":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            assert attrs.get("transB", 0) == 1 and attrs.get("alpha", 1.0) == 1.0
            gemm = (node, weights[node.input[1]], weights[node.input[2]])
        elif node.op_type == "Relu":
            # The state block takes the activation node's name, as the importer names it.
            name, w, bias = node.name, gemm[1], gemm[2]
            states.append((name, w.shape[0], bias))
            if previous is None:
                b_blocks.append((name, "", w))
            else:
                a_blocks.append((name, previous, w))
            previous = name
            gemm = None
        else:
            raise SystemExit(f"unexpected {node.op_type}")
    readout = gemm
    inp, outp = graph.input[0], graph.output[0]
    p = inp.type.tensor_type.shape.dim[1].dim_value
    q = readout[1].shape[0]

    body = nested(1, [string(1, inp.name), uint(2, p)]) + nested(2, [string(1, outp.name), uint(2, q)])
    for name, size, bias in states:
        activation = [uint(1, 1)]  # RELU
        body += nested(4, [string(1, name), uint(2, size)] + nested(3, activation) + doubles(4, bias))
    for row, col, w in a_blocks:
        body += block(5, row, col, w)
    for row, col, w in b_blocks:
        body += block(6, row, col, w)
    body += block(7, "", previous, readout[1])
    body += doubles(9, readout[2])
    message = nested(2, body) + [string(3, "ImplicitKit")]
    with open(dst, "wb") as f:
        for part in message:
            f.write(part if not isinstance(part, np.ndarray) else memoryview(part))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
