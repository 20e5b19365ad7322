#!/usr/bin/env python3
"""Check the ONNX files ImplicitKit exported against onnx's checker and onnxruntime.

Usage: python scripts/check-onnx-export.py DIR

DIR is a folder written by Tests/Interop/make_models.py in which the Swift test
ONNXInteropTests (IMPLICITKIT_INTEROP_DIR=DIR swift test --filter ONNXInteropTests) has left
DIR/exported/NAME.onnx and NAME.via-pb.onnx. Each exported file must pass
onnx.checker.check_model(full_check=True), keep the original input and output names, and give
onnxruntime's output on the original model within rtol 1e-4, atol 1e-5. Cyclic models the
test exports as unrolled fixed-point iterations (exported/NAME.onnx with NAME.json holding the
input and ImplicitKit's float64 fixed-point predictions) must pass the checker and agree too.
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

RTOL, ATOL = 1e-4, 1e-5


def main(directory: str) -> int:
    root = Path(directory)
    manifest = json.loads((root / "manifest.json").read_text())
    passed = failed = 0
    for entry in manifest["models"]:
        for suffix in ("", ".via-pb"):
            path = root / "exported" / f"{entry['name']}{suffix}.onnx"
            try:
                model = onnx.load(str(path))
                onnx.checker.check_model(model, full_check=True)
                assert [i.name for i in model.graph.input] == [entry["input_name"]], "input name"
                assert [o.name for o in model.graph.output] == [entry["output_name"]], "output name"
                x = np.load(root / entry["input_file"]).astype(np.float32)
                expected = np.load(root / entry["expected_file"]).astype(np.float64)
                session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
                (y,) = session.run([entry["output_name"]], {entry["input_name"]: x})
                np.testing.assert_allclose(y, expected, rtol=RTOL, atol=ATOL)
                passed += 1
            except Exception as error:  # report every file, then fail
                failed += 1
                print(f"FAIL {path.name}: {error}")
    for record_path in sorted((root / "exported").glob("*.json")):
        path = record_path.with_suffix(".onnx")
        try:
            record = json.loads(record_path.read_text())
            model = onnx.load(str(path))
            onnx.checker.check_model(model, full_check=True)
            session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
            x = np.asarray(record["x"], dtype=np.float32)
            (y,) = session.run([record["output_name"]], {record["input_name"]: x})
            np.testing.assert_allclose(y, np.asarray(record["expected"]), rtol=RTOL, atol=ATOL)
            passed += 1
        except Exception as error:
            failed += 1
            print(f"FAIL {path.name}: {error}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
