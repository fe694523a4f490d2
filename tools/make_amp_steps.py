#!/usr/bin/env python3
"""Write the two TorchScript helpers of the Java stage-1 trainer's mixed precision (``--precision mixed``).

DJL has no autocast and no GradScaler, so ``io.cirstream.trainer.stage1.MixedPrecision`` trains the apex "O2" way:
the bundle's half-precision encoders run forward and backward, AdamW steps float32 master weights, and the loss is
scaled dynamically. Two steps of that run in libtorch as one TorchScript call each over all parameters:

``torch_amp_unscale.pt``: ``forward(grads, inv_scale) -> List[Tensor]``: every float16 gradient as float32 times
``inv_scale`` (GradScaler's unscale: ``g.float() * inv_scale``, exact for a power-of-two scale), the float16
gradients zeroed for the next backward, and as last element a 0-dim float32 tensor, 1.0 when any unscaled gradient
is inf or NaN (GradScaler's ``found_inf``), else 0.0.

``torch_amp_copy.pt``: ``forward(dst, src) -> int``: ``dst[i].copy_(src[i])`` under no_grad: the float16 module
parameters set in place from the float32 masters (rounded to nearest even, as ``Tensor.half()``).

Written without debug records (the same torch version writes the same bytes), each checked first.

Run from the repository root:  .venv/bin/python tools/make_amp_steps.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_bundle import save_torchscript  # noqa: E402  (TorchScript archives without debug records)

DIRECTORY = Path("trainer/src/main/resources/io/cirstream/trainer/stage1")


class Unscale(torch.nn.Module):
    """float16 gradients to float32 times inv_scale, zeroed; the inf/NaN flag last."""

    def forward(self, grads: List[torch.Tensor], inv_scale: float) -> List[torch.Tensor]:
        out: List[torch.Tensor] = []
        found = torch.zeros([], dtype=torch.float32, device=grads[0].device)
        with torch.no_grad():
            for grad in grads:
                unscaled = grad.float() * inv_scale
                found = torch.maximum(found, (~torch.isfinite(unscaled)).any().float())
                out.append(unscaled)
                grad.zero_()
        out.append(found)
        return out


class Copy(torch.nn.Module):
    """dst[i].copy_(src[i]) for every i, without autograd."""

    def forward(self, dst: List[torch.Tensor], src: List[torch.Tensor]) -> int:
        with torch.no_grad():
            for i in range(len(dst)):
                dst[i].copy_(src[i])
        return len(dst)


def check(unscale: torch.jit.ScriptModule, copy: torch.jit.ScriptModule) -> None:
    generator = torch.Generator().manual_seed(0)
    grads = [(torch.randn(s, generator=generator) * 1000).half() for s in [(64, 32), (7,)]]
    expected = [g.float() * (1.0 / 65536) for g in grads]
    out = unscale([g.clone() for g in grads], 1.0 / 65536)
    if not all(torch.equal(a, b) for a, b in zip(out[:-1], expected)) or out[-1].item() != 0.0:
        raise SystemExit("unscale differs from g.float() * inv_scale")
    grads[1][3] = float("inf")
    if unscale(grads, 1.0 / 65536)[-1].item() != 1.0 or grads[1].abs().sum().item() != 0.0:
        raise SystemExit("unscale missed an inf or did not zero the gradients")
    masters = [torch.randn(s, generator=generator) for s in [(64, 32), (7,)]]
    halves = [torch.zeros(m.shape, dtype=torch.float16).requires_grad_() for m in masters]
    copy(halves, masters)
    if not all(torch.equal(h, m.half()) for h, m in zip(halves, masters)):
        raise SystemExit("copy differs from Tensor.half()")


def main() -> None:
    unscale = torch.jit.script(Unscale())
    copy = torch.jit.script(Copy())
    check(unscale, copy)
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    save_torchscript(unscale, DIRECTORY / "torch_amp_unscale.pt")
    save_torchscript(copy, DIRECTORY / "torch_amp_copy.pt")
    check(torch.jit.load(str(DIRECTORY / "torch_amp_unscale.pt")), torch.jit.load(str(DIRECTORY / "torch_amp_copy.pt")))
    print(f"wrote {DIRECTORY}/torch_amp_unscale.pt and torch_amp_copy.pt; checked")


if __name__ == "__main__":
    main()
