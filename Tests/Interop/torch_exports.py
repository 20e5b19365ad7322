"""PyTorch models exported the ways users export them, for the interoperability tests.

Three exporters for each architecture:
- `dynamo`: torch 2.13's default, `torch.onnx.export(model, (x,), path)` exactly as a new user
  calls it (opset 20, IR 10, a fixed batch, initializers of 1 KiB or more as external data in
  `path.data`; needs the onnxscript package);
- `legacy17`, `legacy20`: the TorchScript exporter (`dynamo=False`) at opsets 17 and 20, with a
  symbolic batch.

Widths are chosen so that every dynamo export has at least one external initializer; the
generator checks that it does.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

WIDTH = 24           # hidden units: a 24 × 24 float32 weight is 2304 bytes, stored externally
FEATURES = 6
IMAGE_SHAPE = (3, 4, 4)
EXPORTERS = {
    "dynamo": {},
    "legacy17": {"dynamo": False, "opset_version": 17},
    "legacy20": {"dynamo": False, "opset_version": 20},
}
ARCHITECTURES = ("relu_mlp", "tanh_mlp", "sigmoid_mlp", "leaky_relu_mlp", "residual", "batchnorm",
                 "concat_softmax", "dropout", "image_flatten", "no_bias")


def model_names() -> list[str]:
    return [f"torch_{exporter}_{arch}" for exporter in EXPORTERS for arch in ARCHITECTURES]


def build(arch: str):
    """The network of `arch` in eval mode and the shape of one input sample."""
    import torch
    from torch import nn

    def mlp(activation):
        return nn.Sequential(nn.Linear(FEATURES, WIDTH), activation, nn.Linear(WIDTH, WIDTH),
                             activation, nn.Linear(WIDTH, 3))

    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = nn.Linear(FEATURES, WIDTH)
            self.a, self.b = nn.Linear(WIDTH, WIDTH), nn.Linear(WIDTH, WIDTH)
            self.out = nn.Linear(WIDTH, 2)

        def forward(self, x):
            h = torch.relu(self.inp(x))
            return self.out(h + torch.relu(self.b(torch.relu(self.a(h)))))

    class Branches(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(FEATURES, WIDTH), nn.Linear(FEATURES, WIDTH // 2)
            self.out = nn.Linear(WIDTH + WIDTH // 2, 4)

        def forward(self, x):
            joined = torch.cat([torch.relu(self.a(x)), torch.tanh(self.b(x))], dim=1)
            return torch.softmax(self.out(joined), dim=1)

    def batchnorm(width):
        bn = nn.BatchNorm1d(width)
        with torch.no_grad():
            bn.weight.copy_(0.5 + torch.rand(width))
            bn.bias.copy_(torch.randn(width) * 0.1)
            bn.running_mean.copy_(torch.randn(width) * 0.3)
            bn.running_var.copy_(0.3 + torch.rand(width))
        return bn

    features = (FEATURES,)
    if arch == "relu_mlp":
        net = mlp(nn.ReLU())
    elif arch == "tanh_mlp":
        net = mlp(nn.Tanh())
    elif arch == "sigmoid_mlp":
        net = mlp(nn.Sigmoid())
    elif arch == "leaky_relu_mlp":
        net = mlp(nn.LeakyReLU(0.2))
    elif arch == "residual":
        net = Residual()
    elif arch == "batchnorm":
        net = nn.Sequential(batchnorm(FEATURES), nn.Linear(FEATURES, WIDTH), batchnorm(WIDTH), nn.ReLU(),
                            nn.Linear(WIDTH, WIDTH), nn.Tanh(), nn.Linear(WIDTH, 2))
    elif arch == "concat_softmax":
        net = Branches()
    elif arch == "dropout":
        net = nn.Sequential(nn.Linear(FEATURES, WIDTH), nn.ReLU(), nn.Dropout(0.3), nn.Linear(WIDTH, WIDTH),
                            nn.Tanh(), nn.Dropout(0.5), nn.Linear(WIDTH, 2))
    elif arch == "image_flatten":
        features = IMAGE_SHAPE
        net = nn.Sequential(nn.Flatten(), nn.Linear(int(np.prod(IMAGE_SHAPE)), WIDTH), nn.ReLU(),
                            nn.Linear(WIDTH, 3))
    elif arch == "no_bias":
        net = nn.Sequential(nn.Linear(FEATURES, WIDTH, bias=False), nn.ReLU(),
                            nn.Linear(WIDTH, WIDTH, bias=False), nn.Tanh(), nn.Linear(WIDTH, 2, bias=False))
    else:
        raise ValueError(arch)
    return net.eval(), features


def export(exporter: str, arch: str, outdir: Path, rows: int, seed: int):
    """Exports one model to OUTDIR/NAME.onnx; returns (name, path, x, reference output)."""
    import torch

    name = f"torch_{exporter}_{arch}"
    torch.manual_seed(seed)
    net, features = build(arch)
    x = np.random.default_rng(seed).standard_normal((rows, *features)).astype(np.float32)
    tx = torch.from_numpy(x)
    path = outdir / f"{name}.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if exporter == "dynamo":
            torch.onnx.export(net, (tx,), str(path))
        else:
            torch.onnx.export(net, (tx,), str(path), input_names=["x"], output_names=["y"],
                              dynamic_axes={"x": {0: "N"}, "y": {0: "N"}}, **EXPORTERS[exporter])
    with torch.no_grad():
        reference = net(tx).numpy().astype(np.float64)
    return name, path, x, reference
