"""The Python peer of `implicit convert MLP.onnx -o OUT.onnx`: what a Python user runs to rewrite
an ONNX file, onnx.load + onnx.save.

    python peer_convert_onnx.py MLP.onnx OUT.onnx
"""
import sys

import onnx

if __name__ == "__main__":
    onnx.save(onnx.load(sys.argv[1]), sys.argv[2])
