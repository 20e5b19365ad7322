#!/usr/bin/env python3
"""Write the ONNX models, inputs and onnxruntime outputs the interoperability tests compare against.

Usage: python make_models.py OUTDIR

For every model NAME this writes NAME.onnx, NAME.input.npy (m = 16 rows, float32 or float64 as
the model's input) and NAME.expected.npy (onnxruntime's output on that input, float64 or float32
as onnxruntime returns it), and one manifest.json describing them all. Models come from three
sources: scikit-learn through skl2onnx, graphs built with onnx.helper to cover each operator the
importer supports, and PyTorch's TorchScript exporter when torch imports. Every seed is fixed, so
two runs give the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROWS = 16
OPSET = 17
IR_VERSION = 8
# float32 onnxruntime against the float64 scikit-learn/PyTorch forward pass, used only to check
# that the expected outputs mean what the manifest says they mean.
SANITY_RTOL = 1e-3
SANITY_ATOL = 1e-4


class ModelWriter:
    """Saves models with their input and expected output, and collects the manifest."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.models: list[dict] = []
        self.unsupported: list[dict] = []
        self.skipped: list[dict] = []

    def add(self, name: str, model: onnx.ModelProto, x: np.ndarray, output_name: str,
            source: str, *, reshape_expected: tuple[int, int] | None = None,
            reference: np.ndarray | None = None, note: str | None = None,
            tags: list[str] | None = None) -> None:
        onnx.checker.check_model(model, full_check=True)
        path = self.outdir / f"{name}.onnx"
        onnx.save(model, str(path))

        input_name = model.graph.input[0].name
        np.save(self.outdir / f"{name}.input.npy", x)
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        names = [o.name for o in session.get_outputs()]
        raw = session.run(None, {input_name: x})[names.index(output_name)]
        expected = raw.reshape(reshape_expected) if reshape_expected else raw
        if expected.ndim != 2 or expected.shape[0] != ROWS:
            raise AssertionError(f"{name}: expected output has shape {expected.shape}")
        if reference is not None and not np.allclose(expected, reference,
                                                     rtol=SANITY_RTOL, atol=SANITY_ATOL):
            err = np.max(np.abs(expected - reference))
            raise AssertionError(f"{name}: onnxruntime differs from the source library by {err}")
        np.save(self.outdir / f"{name}.expected.npy", expected)

        entry = {
            "name": name,
            "source": source,
            "file": path.name,
            "input_name": input_name,
            "input_file": f"{name}.input.npy",
            "input_dtype": str(x.dtype),
            "input_shape": list(x.shape),
            "output_name": output_name,
            "expected_file": f"{name}.expected.npy",
            "expected_shape": list(expected.shape),
            "onnxruntime_output_shape": list(raw.shape),
            "ops": [n.op_type for n in model.graph.node],
            "tags": tags or [],
        }
        if note:
            entry["note"] = note
        self.models.append(entry)

    def add_file(self, name: str, path: Path, x: np.ndarray, source: str, *,
                 reference: np.ndarray, tags: list[str]) -> None:
        """A model saved by its exporter, kept as written (external data included): checked by
        path, as onnx requires for external data, and run from its file."""
        onnx.checker.check_model(str(path), full_check=True)
        model = onnx.load(str(path), load_external_data=False)
        external = [t.name for t in model.graph.initializer
                    if t.data_location == onnx.TensorProto.EXTERNAL]
        if "external-data" in tags and not external:
            raise AssertionError(f"{name}: expected external initializers, found none")
        input_name, output_name = model.graph.input[0].name, model.graph.output[0].name
        np.save(self.outdir / f"{name}.input.npy", x)
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        (expected,) = session.run([output_name], {input_name: x})
        if not np.allclose(expected, reference, rtol=SANITY_RTOL, atol=SANITY_ATOL):
            err = np.max(np.abs(expected - reference))
            raise AssertionError(f"{name}: onnxruntime differs from the source library by {err}")
        np.save(self.outdir / f"{name}.expected.npy", expected)
        self.models.append({
            "name": name, "source": source, "file": path.name, "input_name": input_name,
            "input_file": f"{name}.input.npy", "input_dtype": str(x.dtype),
            "input_shape": list(x.shape), "output_name": output_name,
            "expected_file": f"{name}.expected.npy", "expected_shape": list(expected.shape),
            "onnxruntime_output_shape": list(expected.shape),
            "ops": [n.op_type for n in model.graph.node], "tags": tags,
            "opset": next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
            "ir_version": model.ir_version, "external_initializers": external,
        })

    def add_unsupported(self, name: str, model: onnx.ModelProto, node_name: str,
                        op_type: str) -> None:
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, str(self.outdir / f"{name}.onnx"))
        self.unsupported.append({"name": name, "file": f"{name}.onnx",
                                 "node_name": node_name, "op_type": op_type})

    def write_manifest(self, versions: dict) -> Path:
        manifest = {
            "rows": ROWS,
            "opset": OPSET,
            "versions": versions,
            "models": self.models,
            "unsupported": self.unsupported,
            "skipped": self.skipped,
        }
        path = self.outdir / "manifest.json"
        path.write_text(json.dumps(manifest, indent=2) + "\n")
        return path


# MARK: - onnx.helper models

def weight(rng: np.random.Generator, shape: tuple[int, ...], dtype=np.float32) -> np.ndarray:
    fan_in = shape[0] if len(shape) > 1 else 1
    return (rng.standard_normal(shape) / np.sqrt(fan_in)).astype(dtype)


def tensor(name: str, array: np.ndarray, form: str = "raw") -> onnx.TensorProto:
    """An initializer stored as raw_data (form 'raw') or in the typed field float_data,
    double_data or int64_data (form 'typed')."""
    if form == "raw":
        t = numpy_helper.from_array(array, name)
        assert t.raw_data
        return t
    elem = helper.np_dtype_to_tensor_dtype(array.dtype)
    t = helper.make_tensor(name, elem, array.shape, array.flatten().tolist(), raw=False)
    assert not t.raw_data and (t.float_data or t.double_data or t.int64_data)
    return t


def make(graph_name: str, nodes, inputs, outputs, initializers) -> onnx.ModelProto:
    graph = helper.make_graph(nodes, graph_name, inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="implicitkit-make-models")
    model.ir_version = IR_VERSION
    return model


def value(name: str, elem: int, shape) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, elem, shape)


def node(op: str, inputs, outputs, name: str, **attrs) -> onnx.NodeProto:
    return helper.make_node(op, inputs, outputs, name=name, **attrs)


def gemm_variants(rng):
    """Gemm with transB, alpha and beta; C as (n,), (1,n), a scalar, and absent."""
    p = 5
    inits = [
        tensor("W1", weight(rng, (7, p)).copy()),                 # used transposed
        tensor("C1", weight(rng, (7,))),
        tensor("W2", weight(rng, (7, 6)), "typed"),
        tensor("C2", weight(rng, (1, 6)), "typed"),
        tensor("W3", weight(rng, (6, 4))),
        tensor("W4", weight(rng, (4, 3)), "typed"),
        tensor("C4", np.array(0.25, dtype=np.float32), "typed"),
    ]
    nodes = [
        node("Gemm", ["x", "W1", "C1"], ["g1"], "gemm_transB", transB=1, alpha=0.5, beta=2.0),
        node("Relu", ["g1"], ["r1"], "relu1"),
        node("Gemm", ["r1", "W2", "C2"], ["g2"], "gemm_alpha", alpha=1.5),
        node("Tanh", ["g2"], ["t2"], "tanh2"),
        node("Gemm", ["t2", "W3"], ["g3"], "gemm_no_c"),
        node("Sigmoid", ["g3"], ["s3"], "sigmoid3"),
        node("Gemm", ["s3", "W4", "C4"], ["y"], "gemm_scalar_c", beta=0.5),
    ]
    model = make("gemm_variants", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("y", TensorProto.FLOAT, ["N", 3])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def gemm_transposed(rng):
    """transA: Gemm(W, x, transB=1) gives the features-by-batch tensor W xᵀ + c; a second Gemm
    with transA=1 turns it back into batch-by-features."""
    p = 5
    inits = [
        tensor("W1", weight(rng, (6, p))),
        tensor("C1", weight(rng, (6, 1))),
        tensor("W2", weight(rng, (6, 3))),
        tensor("C2", weight(rng, (3,))),
    ]
    nodes = [
        node("Gemm", ["W1", "x", "C1"], ["h_t"], "gemm_data_as_b", transB=1),
        node("Relu", ["h_t"], ["r_t"], "relu_transposed"),
        node("Gemm", ["r_t", "W2", "C2"], ["y"], "gemm_transA", transA=1, alpha=0.8, beta=1.2),
    ]
    model = make("gemm_transposed", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("y", TensorProto.FLOAT, ["N", 3])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def matmul_arithmetic(rng):
    """MatMul + Add (bias on either side), Sub, Mul and Div by constants, LeakyRelu(0.1)."""
    p = 4
    inits = [
        tensor("W1", weight(rng, (p, 6))),
        tensor("b1", weight(rng, (6,))),
        tensor("sub_c", weight(rng, (6,)), "typed"),
        tensor("mul_s", np.array(1.7, dtype=np.float32)),
        tensor("div_c", (1.0 + rng.random(6)).astype(np.float32), "typed"),
        tensor("W2", weight(rng, (6, 3))),
        tensor("b2", weight(rng, (1, 3))),
        tensor("mul_v", weight(rng, (3,))),
        tensor("sub_left", weight(rng, (3,))),
    ]
    nodes = [
        node("MatMul", ["x", "W1"], ["m1"], "matmul1"),
        node("Add", ["b1", "m1"], ["a1"], "add_bias_left"),
        node("Sub", ["a1", "sub_c"], ["s1"], "sub_const"),
        node("Mul", ["s1", "mul_s"], ["u1"], "mul_scalar"),
        node("Div", ["u1", "div_c"], ["d1"], "div_vector"),
        node("LeakyRelu", ["d1"], ["l1"], "leaky1", alpha=0.1),
        node("MatMul", ["l1", "W2"], ["m2"], "matmul2"),
        node("Add", ["m2", "b2"], ["a2"], "add_bias_right"),
        node("Mul", ["mul_v", "a2"], ["u2"], "mul_vector_left"),
        node("Sub", ["sub_left", "u2"], ["y"], "sub_const_minus_x"),
    ]
    model = make("matmul_arithmetic", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("y", TensorProto.FLOAT, ["N", 3])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def concat_branches(rng):
    """Two branches from the input joined by Concat, then a Softmax head."""
    p = 5
    inits = [
        tensor("Wa", weight(rng, (p, 4))), tensor("ca", weight(rng, (4,))),
        tensor("Wb", weight(rng, (p, 3))), tensor("cb", weight(rng, (3,))),
        tensor("Wo", weight(rng, (7, 3))), tensor("co", weight(rng, (3,))),
    ]
    nodes = [
        node("Gemm", ["x", "Wa", "ca"], ["ga"], "branch_a"),
        node("Relu", ["ga"], ["ra"], "branch_a_relu"),
        node("MatMul", ["x", "Wb"], ["mb"], "branch_b"),
        node("Add", ["mb", "cb"], ["ab"], "branch_b_bias"),
        node("Tanh", ["ab"], ["tb"], "branch_b_tanh"),
        node("Concat", ["ra", "tb"], ["cat"], "concat", axis=1),
        node("Gemm", ["cat", "Wo", "co"], ["logits"], "head_gemm"),
        node("Softmax", ["logits"], ["probs"], "softmax", axis=1),
    ]
    model = make("concat_branches", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("probs", TensorProto.FLOAT, ["N", 3])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def residual(rng):
    """Skip connections: a hidden layer added to a later one, and the input added too."""
    p = 6
    inits = [
        tensor("W1", weight(rng, (p, p))), tensor("c1", weight(rng, (p,))),
        tensor("W2", weight(rng, (p, p))), tensor("c2", weight(rng, (p,))),
        tensor("W3", weight(rng, (p, 2))), tensor("c3", weight(rng, (2,))),
    ]
    nodes = [
        node("Gemm", ["x", "W1", "c1"], ["g1"], "gemm1"),
        node("Relu", ["g1"], ["h1"], "relu1"),
        node("Gemm", ["h1", "W2", "c2"], ["g2"], "gemm2"),
        node("Relu", ["g2"], ["h2"], "relu2"),
        node("Add", ["h1", "h2"], ["s1"], "skip_hidden"),
        node("Add", ["s1", "x"], ["s2"], "skip_input"),
        node("Gemm", ["s2", "W3", "c3"], ["y"], "gemm_out"),
    ]
    model = make("residual", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("y", TensorProto.FLOAT, ["N", 2])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def batchnorm(rng):
    """BatchNormalization (inference) between a Gemm and its activation."""
    p, h = 5, 6
    inits = [
        tensor("W1", weight(rng, (h, p))), tensor("c1", weight(rng, (h,))),
        tensor("bn_scale", (0.5 + rng.random(h)).astype(np.float32)),
        tensor("bn_bias", weight(rng, (h,))),
        tensor("bn_mean", weight(rng, (h,)), "typed"),
        tensor("bn_var", (0.2 + rng.random(h)).astype(np.float32), "typed"),
        tensor("W2", weight(rng, (h, 2))), tensor("c2", weight(rng, (2,))),
    ]
    nodes = [
        node("Gemm", ["x", "W1", "c1"], ["g1"], "gemm1", transB=1),
        node("BatchNormalization", ["g1", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["n1"],
             "bn1", epsilon=1e-3, momentum=0.9),
        node("Relu", ["n1"], ["r1"], "relu1"),
        node("Gemm", ["r1", "W2", "c2"], ["y"], "gemm2"),
    ]
    model = make("batchnorm", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("y", TensorProto.FLOAT, ["N", 2])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def shape_ops(rng):
    """Flatten, Identity, Cast to float, Dropout (with and without ratio), and Reshape with
    shape initializers [0, -1] and [-1, k]."""
    p = 6
    inits = [
        tensor("W1", weight(rng, (p, 5))), tensor("c1", weight(rng, (5,))),
        tensor("ratio", np.array(0.5, dtype=np.float32)),
        tensor("shape_keep_batch", np.array([0, -1], dtype=np.int64)),
        tensor("W2", weight(rng, (5, 4))), tensor("c2", weight(rng, (4,))),
        tensor("shape_infer_batch", np.array([-1, 4], dtype=np.int64), "typed"),
        tensor("W3", weight(rng, (4, 2))), tensor("c3", weight(rng, (2,))),
    ]
    nodes = [
        node("Flatten", ["x"], ["f"], "flatten", axis=1),
        node("Identity", ["f"], ["i"], "identity"),
        node("Cast", ["i"], ["c"], "cast_float", to=TensorProto.FLOAT),
        node("Gemm", ["c", "W1", "c1"], ["g1"], "gemm1"),
        node("Relu", ["g1"], ["r1"], "relu1"),
        node("Dropout", ["r1"], ["d1"], "dropout_plain"),
        node("Reshape", ["d1", "shape_keep_batch"], ["rs1"], "reshape_0_m1"),
        node("Gemm", ["rs1", "W2", "c2"], ["g2"], "gemm2"),
        node("Tanh", ["g2"], ["t2"], "tanh2"),
        node("Dropout", ["t2", "ratio"], ["d2"], "dropout_ratio"),
        node("Reshape", ["d2", "shape_infer_batch"], ["rs2"], "reshape_m1_k"),
        node("Gemm", ["rs2", "W3", "c3"], ["y"], "gemm3"),
    ]
    model = make("shape_ops", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("y", TensorProto.FLOAT, ["N", 2])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def constant_weights(rng):
    """Weights supplied by Constant nodes (a tensor value and a value_float), Sigmoid head."""
    p = 4
    w1, c1, w2, c2 = (weight(rng, (p, 5)), weight(rng, (5,)),
                      weight(rng, (5, 1)), weight(rng, (1,)))
    nodes = [
        node("Constant", [], ["W1"], "const_W1", value=numpy_helper.from_array(w1, "W1")),
        node("Constant", [], ["c1"], "const_c1", value=tensor("c1", c1, "typed")),
        node("Constant", [], ["scale"], "const_scale", value_float=0.75),
        node("Constant", [], ["W2"], "const_W2", value=numpy_helper.from_array(w2, "W2")),
        node("Constant", [], ["c2"], "const_c2", value=numpy_helper.from_array(c2, "c2")),
        node("MatMul", ["x", "W1"], ["m1"], "matmul1"),
        node("Add", ["m1", "c1"], ["a1"], "add1"),
        node("Mul", ["a1", "scale"], ["s1"], "mul_scale"),
        node("Relu", ["s1"], ["r1"], "relu1"),
        node("Gemm", ["r1", "W2", "c2"], ["logit"], "gemm2"),
        node("Sigmoid", ["logit"], ["p"], "sigmoid_head"),
    ]
    model = make("constant_weights", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                 [value("p", TensorProto.FLOAT, ["N", 1])], [])
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def double_mlp(rng):
    """A float64 model: double_data and raw_data initializers, Cast to double, Softmax head."""
    p, f8 = 5, np.float64
    inits = [
        tensor("W1", weight(rng, (p, 6), f8), "typed"),
        tensor("c1", weight(rng, (6,), f8), "typed"),
        tensor("W2", weight(rng, (4, 6), f8)),
        tensor("c2", weight(rng, (4,), f8)),
        tensor("W3", weight(rng, (4, 3), f8), "typed"),
        tensor("c3", weight(rng, (1, 3), f8)),
    ]
    nodes = [
        node("Cast", ["x"], ["xc"], "cast_double", to=TensorProto.DOUBLE),
        node("MatMul", ["xc", "W1"], ["m1"], "matmul1"),
        node("Add", ["m1", "c1"], ["a1"], "add1"),
        node("Tanh", ["a1"], ["t1"], "tanh1"),
        node("Gemm", ["t1", "W2", "c2"], ["g2"], "gemm2", transB=1),
        node("LeakyRelu", ["g2"], ["l2"], "leaky2", alpha=0.1),
        node("Gemm", ["l2", "W3", "c3"], ["logits"], "gemm3"),
        node("Softmax", ["logits"], ["probs"], "softmax"),
    ]
    model = make("double_mlp", nodes, [value("x", TensorProto.DOUBLE, ["N", p])],
                 [value("probs", TensorProto.DOUBLE, ["N", 3])], inits)
    return model, rng.standard_normal((ROWS, p))


def fixed_batch(rng):
    """The one model whose batch dimension is fixed (16) instead of symbolic."""
    p = 5
    inits = [
        tensor("W1", weight(rng, (p, 8))), tensor("c1", weight(rng, (8,))),
        tensor("W2", weight(rng, (8, 2))), tensor("c2", weight(rng, (2,))),
    ]
    nodes = [
        node("Gemm", ["x", "W1", "c1"], ["g1"], "gemm1"),
        node("Relu", ["g1"], ["r1"], "relu1"),
        node("Gemm", ["r1", "W2", "c2"], ["y"], "gemm2"),
    ]
    model = make("fixed_batch", nodes, [value("x", TensorProto.FLOAT, [ROWS, p])],
                 [value("y", TensorProto.FLOAT, [ROWS, 2])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def tf2onnx_style(rng):
    """tf2onnx's spelling of a dense stack: Identity chains, MatMul with (K, N) weights, one of
    them a Transpose of a stored (N, K) constant, Add of the bias, a Transpose pair on the data."""
    p = 5
    inits = [
        tensor("dense/kernel_t", weight(rng, (6, p))),            # stored (N, K)
        tensor("dense/bias", weight(rng, (6,))),
        tensor("dense_1/kernel", weight(rng, (6, 3))),
        tensor("dense_1/bias", weight(rng, (3,))),
    ]
    nodes = [
        node("Identity", ["input_1"], ["input_1:0"], "input_identity"),
        node("Identity", ["input_1:0"], ["x_id"], "input_identity_2"),
        node("Transpose", ["x_id"], ["x_t"], "to_columns", perm=[1, 0]),
        node("Transpose", ["x_t"], ["x_rows"], "to_rows"),
        node("Transpose", ["dense/kernel_t"], ["dense/kernel"], "kernel_transpose", perm=[1, 0]),
        node("MatMul", ["x_rows", "dense/kernel"], ["dense/MatMul:0"], "dense/MatMul"),
        node("Add", ["dense/MatMul:0", "dense/bias"], ["dense/BiasAdd:0"], "dense/BiasAdd"),
        node("Relu", ["dense/BiasAdd:0"], ["dense/Relu:0"], "dense/Relu"),
        node("Identity", ["dense/Relu:0"], ["dense/Identity:0"], "dense/Identity"),
        node("MatMul", ["dense/Identity:0", "dense_1/kernel"], ["dense_1/MatMul:0"], "dense_1/MatMul"),
        node("Add", ["dense_1/MatMul:0", "dense_1/bias"], ["dense_1/BiasAdd:0"], "dense_1/BiasAdd"),
        node("Identity", ["dense_1/BiasAdd:0"], ["Identity:0"], "output_identity"),
    ]
    model = make("tf2onnx_style", nodes, [value("input_1", TensorProto.FLOAT, ["unk__6", p])],
                 [value("Identity:0", TensorProto.FLOAT, ["unk__7", 3])], inits)
    return model, rng.standard_normal((ROWS, p)).astype(np.float32)


def opset_forms(rng):
    """Squeeze/Unsqueeze with axes as inputs (opset 13+), ReduceMean with axes as an input
    (opset 18+), Reshape with allowzero, on an image-shaped input (N, 2, 3): written at opset 18."""
    inits = [
        tensor("axes_last", np.array([-1], dtype=np.int64)),
        tensor("axes_3", np.array([3], dtype=np.int64)),
        tensor("flat", np.array([-1, 2], dtype=np.int64)),
        tensor("W", weight(rng, (2, 4))), tensor("c", weight(rng, (4,))),
        tensor("V", weight(rng, (4, 2))),
    ]
    nodes = [
        node("Unsqueeze", ["x", "axes_3"], ["x4"], "unsqueeze"),             # (N, 2, 3, 1)
        node("Squeeze", ["x4", "axes_3"], ["x3"], "squeeze"),                # (N, 2, 3)
        node("ReduceMean", ["x3", "axes_last"], ["m"], "mean", keepdims=1),  # (N, 2, 1)
        node("Reshape", ["m", "flat"], ["mf"], "reshape", allowzero=1),      # (N, 2)
        node("Gemm", ["mf", "W", "c"], ["g"], "gemm"),
        node("Tanh", ["g"], ["t"], "tanh"),
        node("MatMul", ["t", "V"], ["y"], "out"),
    ]
    graph = helper.make_graph(nodes, "opset_forms", [value("x", TensorProto.FLOAT, ["N", 2, 3])],
                              [value("y", TensorProto.FLOAT, ["N", 2])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)],
                              producer_name="implicitkit-make-models")
    model.ir_version = IR_VERSION
    return model, rng.standard_normal((ROWS, 2, 3)).astype(np.float32)


def unsupported_sin(rng):
    p = 3
    inits = [tensor("W1", weight(rng, (p, 4))), tensor("W2", weight(rng, (4, 2)))]
    nodes = [
        node("Gemm", ["x", "W1"], ["g1"], "gemm1"),
        node("Sin", ["g1"], ["s1"], "sine_layer"),
        node("Gemm", ["s1", "W2"], ["y"], "gemm2"),
    ]
    return make("unsupported_sin", nodes, [value("x", TensorProto.FLOAT, ["N", p])],
                [value("y", TensorProto.FLOAT, ["N", 2])], inits)


HELPER_MODELS = [gemm_variants, gemm_transposed, matmul_arithmetic, concat_branches, residual,
                 batchnorm, shape_ops, constant_weights, double_mlp, fixed_batch, tf2onnx_style,
                 opset_forms]


def add_helper_models(writer: ModelWriter) -> None:
    for index, build in enumerate(HELPER_MODELS):
        rng = np.random.default_rng(1000 + index)
        model, x = build(rng)
        tags = ["transposed-intermediate"] if build is gemm_transposed else []
        if build is fixed_batch:
            tags.append("fixed-batch")
        writer.add(build.__name__, model, x, model.graph.output[0].name, "onnx.helper",
                   note=build.__doc__.split("\n")[0], tags=tags)
    writer.add_unsupported("unsupported_sin", unsupported_sin(np.random.default_rng(999)),
                           "sine_layer", "Sin")


# MARK: - scikit-learn models

# (hidden activation, number of targets, input dtype) of each MLPRegressor.
REGRESSOR_SPECS = [(activation, targets, np.float32)
                   for activation in ("relu", "tanh", "logistic", "identity")
                   for targets in (1, 3)] + [("tanh", 3, np.float64)]
CLASSIFIER_NAMES = {2: "sk_mlpclf_binary", 3: "sk_mlpclf_multiclass"}
TORCH_MODEL_NAMES = ("torch_mlp", "torch_batchnorm_flatten")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import keras_exports  # noqa: E402
import torch_exports  # noqa: E402


def regressor_name(activation: str, targets: int, dtype) -> str:
    kind = "multi" if targets > 1 else "single"
    suffix = "_f64" if dtype == np.float64 else ""
    return f"sk_mlpreg_{activation}_{kind}{suffix}"


def planned_models() -> list[tuple[str, str]]:
    """(name, source) of every model main() writes when torch imports, without building any."""
    return ([(regressor_name(*spec), "sklearn") for spec in REGRESSOR_SPECS]
            + [(name, "sklearn") for name in CLASSIFIER_NAMES.values()]
            + [(build.__name__, "onnx.helper") for build in HELPER_MODELS]
            + [(name, "torch") for name in TORCH_MODEL_NAMES]
            + [(name, "torch-dynamo" if "_dynamo_" in name else "torch")
               for name in torch_exports.model_names()]
            + [(name, "tensorflow") for name in keras_exports.model_names()])


def add_sklearn_models(writer: ModelWriter) -> None:
    from skl2onnx import to_onnx
    from sklearn.datasets import make_classification, make_regression
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    p = 5
    for seed, (activation, targets, dtype) in enumerate(REGRESSOR_SPECS):
        X, y = make_regression(n_samples=200, n_features=p, n_targets=targets, noise=0.1,
                               random_state=seed)
        y = y / np.std(y)
        regressor = MLPRegressor(hidden_layer_sizes=(8, 6), activation=activation,
                                 max_iter=60, random_state=seed).fit(X, y)
        x = np.random.default_rng(2000 + seed).standard_normal((ROWS, p)).astype(dtype)
        model = to_onnx(regressor, x[:1], target_opset=OPSET)
        reference = regressor.predict(x.astype(np.float64)).reshape(ROWS, targets)
        note = None
        if targets > 1:
            note = (f"skl2onnx ends with Reshape(-1, 1): onnxruntime gives ({ROWS * targets}, 1); "
                    f"the expected output is reshaped to ({ROWS}, {targets}) as predict() gives")
        writer.add(regressor_name(activation, targets, dtype), model, x, "variable", "sklearn",
                   reshape_expected=(ROWS, targets) if targets > 1 else None,
                   reference=reference, note=note)

    for seed, classes in enumerate((2, 3)):
        X, y = make_classification(n_samples=200, n_features=p, n_informative=3,
                                   n_redundant=0, n_classes=classes, random_state=seed)
        classifier = MLPClassifier(hidden_layer_sizes=(8,), activation="relu", max_iter=60,
                                   random_state=seed).fit(X, y)
        x = np.random.default_rng(3000 + seed).standard_normal((ROWS, p)).astype(np.float32)
        model = to_onnx(classifier, x[:1], target_opset=OPSET,
                        options={id(classifier): {"zipmap": False}})
        name = CLASSIFIER_NAMES[classes]
        writer.add(name, model, x, "probabilities", "sklearn",
                   reference=classifier.predict_proba(x.astype(np.float64)),
                   note="compare the probabilities output; the label output is an ArgMax branch")


# MARK: - PyTorch models

def add_torch_models(writer: ModelWriter) -> str | None:
    try:
        import torch
        from torch import nn
    except ImportError as error:
        print("torch not available: skipping PyTorch models", file=sys.stderr)
        for source in ("torch", "torch-dynamo"):
            writer.skipped.append({"source": source,
                                   "reason": f"torch not available ({error}): PyTorch models skipped"})
        return None

    p = 5
    torch.manual_seed(4000)
    mlp = nn.Sequential(nn.Linear(p, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 3))
    bn = nn.BatchNorm1d(8)
    with torch.no_grad():
        bn.weight.copy_(0.5 + torch.rand(8))
        bn.bias.copy_(torch.randn(8) * 0.1)
        bn.running_mean.copy_(torch.randn(8) * 0.3)
        bn.running_var.copy_(0.3 + torch.rand(8))
    with_bn = nn.Sequential(nn.Flatten(), nn.Linear(p, 8), bn, nn.ReLU(), nn.Linear(8, 2))

    for seed, (name, net) in enumerate(zip(TORCH_MODEL_NAMES, (mlp, with_bn))):
        net.eval()
        x = np.random.default_rng(5000 + seed).standard_normal((ROWS, p)).astype(np.float32)
        tx = torch.from_numpy(x)
        path = writer.outdir / f"{name}.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(net, (tx,), str(path), dynamo=False, input_names=["x"],
                              output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}},
                              opset_version=OPSET)
        with torch.no_grad():
            reference = net(tx).numpy().astype(np.float64)
        writer.add(name, onnx.load(str(path)), x, "y", "torch", reference=reference)

    try:
        import onnxscript  # noqa: F401  (the default exporter needs it)
        exporters = list(torch_exports.EXPORTERS)
    except ImportError as error:
        print("onnxscript not available: skipping the default (dynamo) exporter", file=sys.stderr)
        writer.skipped.append({"source": "torch-dynamo",
                               "reason": f"onnxscript not available ({error}): dynamo exports skipped"})
        exporters = [e for e in torch_exports.EXPORTERS if e != "dynamo"]
    for seed, (exporter, arch) in enumerate((e, a) for e in exporters for a in torch_exports.ARCHITECTURES):
        name, path, x, reference = torch_exports.export(exporter, arch, writer.outdir, ROWS, 6000 + seed)
        tags = [exporter] + (["external-data"] if exporter == "dynamo" else [])
        if x.ndim > 2:
            tags.append("image-input")
        writer.add_file(name, path, x, "torch-dynamo" if exporter == "dynamo" else "torch",
                        reference=reference, tags=tags)
    return torch.__version__


# MARK: - Keras models (tf2onnx)

def add_keras_models(writer: ModelWriter) -> str | None:
    try:
        import tensorflow as tf
        import tf2onnx  # noqa: F401
    except ImportError as error:
        print("tensorflow/tf2onnx not available: skipping Keras models", file=sys.stderr)
        writer.skipped.append({"source": "tensorflow",
                               "reason": f"tensorflow/tf2onnx not available ({error}): Keras models skipped"})
        return None
    for seed, (opset, arch) in enumerate((o, a) for o in keras_exports.OPSETS
                                         for a in keras_exports.ARCHITECTURES):
        name, model, x, reference = keras_exports.export(opset, arch, ROWS, 7000 + seed)
        writer.add(name, model, x, model.graph.output[0].name, "tensorflow", reference=reference,
                   tags=["keras"] + (["image-input"] if x.ndim > 2 else []))
    return tf.__version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)

    warnings.filterwarnings("ignore")
    writer = ModelWriter(args.outdir)
    add_sklearn_models(writer)
    add_helper_models(writer)
    torch_version = add_torch_models(writer)
    tensorflow_version = add_keras_models(writer)

    import sklearn
    import skl2onnx
    versions = {"numpy": np.__version__, "onnx": onnx.__version__,
                "onnxruntime": ort.__version__, "scikit-learn": sklearn.__version__,
                "skl2onnx": skl2onnx.__version__, "torch": torch_version,
                "tensorflow": tensorflow_version}
    path = writer.write_manifest(versions)
    print(f"wrote {len(writer.models)} models and {len(writer.unsupported)} unsupported-op "
          f"models to {args.outdir}; manifest {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
