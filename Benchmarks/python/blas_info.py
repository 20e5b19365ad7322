"""Prints, as JSON, the BLAS NumPy runs here (threadpoolctl) and the peers' package versions."""
import json

import numpy as np
from threadpoolctl import threadpool_info

info = {"numpy": np.__version__, "blas": [
    {k: lib.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "threading_layer")}
    for lib in threadpool_info() if lib.get("user_api") == "blas"]}
try:
    import onnxruntime
    info["onnxruntime"] = onnxruntime.__version__
except ImportError:
    pass
print(json.dumps(info))
