"""The onnxruntime peer of `implicit predict MODEL.onnx --input X.npy --precision float32`.

    python peer_predict_onnx.py MODEL.onnx X.npy --threads T --repeat K   # prints JSON timings
    python peer_predict_onnx.py MODEL.onnx X.npy --threads T --out Y.npy  # one run, end to end
    python peer_predict_onnx.py MODEL.onnx X.npy --threads T --compare OURS.npy

Timings are of `session.run` alone (the model loaded, the input in memory), after one warm-up
run on a few rows. --compare checks ImplicitKit's outputs against onnxruntime's with the rtol
and atol of docs/formats.md (1e-4, 1e-5) and prints the largest deviations as JSON.
"""
import argparse
import json
import time

import numpy as np
import onnxruntime as ort

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("x")
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--repeat", type=int, default=0)
parser.add_argument("--out")
parser.add_argument("--compare")
args = parser.parse_args()

options = ort.SessionOptions()
options.intra_op_num_threads = args.threads
options.inter_op_num_threads = 1
options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
name = session.get_inputs()[0].name
x = np.load(args.x).astype(np.float32, copy=False)

if args.out:
    np.save(args.out, session.run(None, {name: x})[0])
elif args.compare:
    reference = session.run(None, {name: x})[0].astype(np.float64)
    ours = np.load(args.compare)
    deviation = np.abs(ours - reference)
    rtol, atol = 1e-4, 1e-5
    print(json.dumps({
        "max_abs": float(deviation.max()),
        "max_rel": float((deviation / np.maximum(np.abs(reference), 1e-30)).max()),
        "allclose_rtol_1e-4": bool(np.allclose(ours, reference, rtol=rtol, atol=atol)),
        "scale": float(np.abs(reference).max()),
    }))
else:
    session.run(None, {name: x[:64]})
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        session.run(None, {name: x})
        times.append(time.perf_counter() - start)
    print(json.dumps({"times": times, "onnxruntime": ort.__version__}))
