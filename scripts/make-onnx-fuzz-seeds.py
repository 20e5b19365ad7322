"""Writes ONNX fuzz seeds from PyTorch exports of the MLP idioms (Tests/Interop/test_idioms.py):
Split (num_outputs, sizes as attribute and input), the legacy exporter's Shape/Gather/Slice and
Shape/Gather/Unsqueeze/Concat/Reshape chains with a symbolic batch, ConstantOfShape/Expand/Tile,
3-D Softmax heads, the refused Bilinear and grouped Softmax, and the block maps of
Tests/Interop/test_block_maps.py (LayerNormalization, its opset-14 decomposition, an inner Softmax).

    python scripts/make-onnx-fuzz-seeds.py OUTDIR

Each case is exported by the default exporter with the weights inline (`external_data=False`:
the fuzz target reads bytes, without a folder) and by the legacy exporter at opsets 17, 13 and
11 where torch supports it. Needs torch (and onnxscript for the default exporter); prints what
it skipped and exits 0 when torch is missing, so scripts/fuzz.sh still runs without it.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "Tests" / "Interop"))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/make-onnx-fuzz-seeds.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        import torch
        import test_block_maps
        import test_idioms
    except ImportError as error:
        print(f"make-onnx-fuzz-seeds: no PyTorch exports ({error})", file=sys.stderr)
        return 0
    cases = {name: (factory, shape) for name, (factory, shape) in test_idioms.CASES.items()}
    cases.update({name: (factory, shape) for name, (factory, shape, _) in test_idioms.REFUSED.items()})
    cases["block-maps"] = (test_block_maps.network, (test_block_maps.INPUTS,))
    written, skipped = 0, 0
    for name, (factory, shape) in sorted(cases.items()):
        for exporter in ("dynamo", "legacy17", "legacy14" if name == "block-maps" else "legacy13", "legacy11"):
            torch.manual_seed(test_idioms.SEED)
            model = factory().eval()
            x = torch.randn(2, *shape, generator=torch.Generator().manual_seed(test_idioms.SEED))
            path = outdir / f"idiom-{name}-{exporter}.onnx"
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                try:
                    if exporter == "dynamo":
                        torch.onnx.export(model, (x,), str(path), external_data=False)
                    else:
                        torch.onnx.export(model, (x,), str(path), dynamo=False,
                                          opset_version=int(exporter[-2:]), input_names=["x"],
                                          output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}})
                    written += 1
                except Exception:  # noqa: BLE001 - an exporter torch lacks here is a skipped seed
                    skipped += 1
                    path.unlink(missing_ok=True)
    print(f"make-onnx-fuzz-seeds: wrote {written} seeds to {outdir}, {skipped} exports torch does not support")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
