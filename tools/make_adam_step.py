#!/usr/bin/env python3
"""Write the TorchScript Adam step the Java trainer runs: ``torch.optim.Adam``'s update, op for op.

The Java trainer (``io.cirstream.trainer.training.PyTorchAdam``) steps the Combiner's 59 M parameters with this
module instead of composing the update from DJL's array API: DJL exposes no ``lerp_``, ``addcmul_`` or
``addcdiv_``, and composing them from plain arithmetic needs twice the passes over the parameters (Adam is
memory-bound: that costs ~8% of a CPU training step at batch 512). The module is the body of PyTorch 2.7's
``torch.optim.adam._single_tensor_adam`` for ``weight_decay=0, amsgrad=False, maximize=False`` (what
``torch.optim.Adam(params, lr)`` runs on a CPU), over lists of tensors, plus zeroing the gradients for the next
backward:

    exp_avg.lerp_(grad, 1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    denom = (exp_avg_sq.sqrt() / sqrt(1 - beta2 ** step)).add_(eps)
    param.addcdiv_(exp_avg, denom, value=-lr / (1 - beta1 ** step))
    grad.zero_()

Writes trainer/src/main/resources/io/cirstream/trainer/training/torch_adam_step.pt (TorchScript, no debug records:
the same torch version writes the same bytes). Checks it against torch.optim.Adam on random tensors first.

Run from the repository root:  .venv/bin/python tools/make_adam_step.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_bundle import save_torchscript  # noqa: E402  (TorchScript archives without debug records)

OUT = Path("trainer/src/main/resources/io/cirstream/trainer/training/torch_adam_step.pt")


class AdamStep(torch.nn.Module):
    """One step of torch.optim.Adam (no weight decay, no amsgrad) over every parameter; zeroes the gradients."""

    def forward(
        self,
        params: List[torch.Tensor],
        grads: List[torch.Tensor],
        exp_avgs: List[torch.Tensor],
        exp_avg_sqs: List[torch.Tensor],
        step: int,
        lr: float,
        beta1: float,
        beta2: float,
        eps: float,
    ) -> int:
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        with torch.no_grad():
            for i in range(len(params)):
                grad = grads[i]
                exp_avgs[i].lerp_(grad, 1 - beta1)
                exp_avg_sqs[i].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = (exp_avg_sqs[i].sqrt() / bias_correction2_sqrt).add_(eps)
                params[i].addcdiv_(exp_avgs[i], denom, value=-step_size)
                grad.zero_()
        return step


def check(module: torch.jit.ScriptModule) -> None:
    """Three steps of the module against torch.optim.Adam on the same gradients: bit-identical parameters."""
    generator = torch.Generator().manual_seed(0)
    shapes = [(64, 32), (64,), (7, 3)]
    reference = [torch.randn(s, generator=generator).requires_grad_() for s in shapes]
    ours = [p.detach().clone().requires_grad_() for p in reference]
    optimizer = torch.optim.Adam(reference, lr=2e-5)
    exp_avgs = [torch.zeros_like(p) for p in ours]
    exp_avg_sqs = [torch.zeros_like(p) for p in ours]
    for step in range(1, 4):
        grads = [torch.randn(s, generator=generator) for s in shapes]
        for p, g in zip(reference, grads):
            p.grad = g.clone()
        optimizer.step()
        module(ours, [g.clone() for g in grads], exp_avgs, exp_avg_sqs, step, 2e-5, 0.9, 0.999, 1e-8)
    for expected, actual in zip(reference, ours):
        if not torch.equal(expected.detach(), actual.detach()):
            raise SystemExit("the scripted Adam step differs from torch.optim.Adam")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    module = torch.jit.script(AdamStep())
    check(module)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_torchscript(module, args.out)
    check(torch.jit.load(str(args.out)))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes); identical to torch.optim.Adam on 3 steps")


if __name__ == "__main__":
    main()
