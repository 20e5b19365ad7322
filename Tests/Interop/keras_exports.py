"""Keras models converted by tf2onnx, for the interoperability tests (optional extra: tensorflow-cpu
and tf2onnx, installed by scripts/setup-python.sh where the wheels install).

tf2onnx 1.17's `from_keras` does not understand Keras 3 models, so each model is converted as
`tf2onnx.convert.from_function(tf.function(model), input_signature=...)`, which is what its
documentation suggests for Keras 3. Keras initialises biases to zero and tf2onnx then drops the
Add; the biases are set to random values so that the converted graphs keep MatMul + Add.
"""

from __future__ import annotations

import os

import numpy as np

OPSETS = (13, 17)
ARCHITECTURES = ("mlp", "image_flatten")


def model_names() -> list[str]:
    return [f"keras_opset{opset}_{arch}" for opset in OPSETS for arch in ARCHITECTURES]


def export(opset: int, arch: str, rows: int, seed: int):
    """(name, ONNX model, x, Keras's own output on x)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    import tf2onnx

    tf.keras.utils.set_random_seed(seed)
    layers = tf.keras.layers
    if arch == "mlp":
        shape = (5,)
        model = tf.keras.Sequential([tf.keras.Input(shape), layers.Dense(16, activation="relu"),
                                     layers.Dense(8, activation="tanh"), layers.Dense(8, activation="sigmoid"),
                                     layers.Dense(3, activation="softmax")])
    else:
        shape = (4, 4, 3)   # Keras images are channels-last; Flatten reads them in C order
        model = tf.keras.Sequential([tf.keras.Input(shape), layers.Flatten(), layers.Dense(12),
                                     layers.LeakyReLU(negative_slope=0.1), layers.Dense(2)])
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if getattr(layer, "bias", None) is not None:
            layer.bias.assign(rng.standard_normal(layer.bias.shape).astype(np.float32) * 0.3)
    x = rng.standard_normal((rows, *shape)).astype(np.float32)
    spec = (tf.TensorSpec((None, *shape), tf.float32, name="x"),)
    proto, _ = tf2onnx.convert.from_function(tf.function(lambda t: model(t)), input_signature=spec,
                                             opset=opset)
    reference = model(x).numpy().astype(np.float64)
    return f"keras_opset{opset}_{arch}", proto, x, reference
