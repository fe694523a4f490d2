#!/usr/bin/env python3
"""Write the TorchScript AdamW step the Java stage-1 trainer runs: ``torch.optim.AdamW``'s update, op for op.

Stage 1 of CLIP4Cir fine-tunes the CLIP encoders with AdamW (lr 2e-6, eps 1e-7, weight decay 0.01). The Java trainer
(``io.cirstream.trainer.stage1.PyTorchAdamW``) steps every encoder parameter with this module, the body of PyTorch
2.7's ``torch.optim.adam._single_tensor_adam`` with ``decoupled_weight_decay=True`` (what ``torch.optim.AdamW(params,
lr, eps=..., weight_decay=...)`` runs on a CPU: no foreach, no fused, no amsgrad), over lists of tensors, plus zeroing
the gradients for the next backward:

    param.mul_(1 - lr * weight_decay)
    exp_avg.lerp_(grad, 1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    denom = (exp_avg_sq.sqrt() / sqrt(1 - beta2 ** step)).add_(eps)
    param.addcdiv_(exp_avg, denom, value=-lr / (1 - beta1 ** step))
    grad.zero_()

Writes trainer/src/main/resources/io/cirstream/trainer/stage1/torch_adamw_step.pt (TorchScript without debug
records: the same torch version writes the same bytes) after checking it bit for bit against torch.optim.AdamW on
three steps at two learning rates.

Run from the repository root:  .venv/bin/python tools/make_adamw_step.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_bundle import save_torchscript  # noqa: E402  (TorchScript archives without debug records)

OUT = Path("trainer/src/main/resources/io/cirstream/trainer/stage1/torch_adamw_step.pt")


class AdamWStep(torch.nn.Module):
    """One step of torch.optim.AdamW (decoupled weight decay, no amsgrad) over every parameter; zeroes the
    gradients."""

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
        weight_decay: float,
    ) -> int:
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        with torch.no_grad():
            for i in range(len(params)):
                grad = grads[i]
                params[i].mul_(1 - lr * weight_decay)
                exp_avgs[i].lerp_(grad, 1 - beta1)
                exp_avg_sqs[i].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = (exp_avg_sqs[i].sqrt() / bias_correction2_sqrt).add_(eps)
                params[i].addcdiv_(exp_avgs[i], denom, value=-step_size)
                grad.zero_()
        return step


def check(module: torch.jit.ScriptModule) -> None:
    """Three steps of the module against torch.optim.AdamW on the same gradients: bit-identical parameters."""
    for lr in (2e-6, 1e-3):
        generator = torch.Generator().manual_seed(0)
        shapes = [(64, 32), (64,), (7, 3)]
        reference = [torch.randn(s, generator=generator).requires_grad_() for s in shapes]
        ours = [p.detach().clone().requires_grad_() for p in reference]
        optimizer = torch.optim.AdamW(reference, lr=lr, betas=(0.9, 0.999), eps=1e-7, weight_decay=0.01)
        exp_avgs = [torch.zeros_like(p) for p in ours]
        exp_avg_sqs = [torch.zeros_like(p) for p in ours]
        for step in range(1, 4):
            grads = [torch.randn(s, generator=generator) for s in shapes]
            for p, g in zip(reference, grads):
                p.grad = g.clone()
            optimizer.step()
            module(ours, [g.clone() for g in grads], exp_avgs, exp_avg_sqs, step, lr, 0.9, 0.999, 1e-7, 0.01)
        for expected, actual in zip(reference, ours):
            if not torch.equal(expected.detach(), actual.detach()):
                raise SystemExit(f"the scripted AdamW step differs from torch.optim.AdamW at lr {lr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    module = torch.jit.script(AdamWStep())
    check(module)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_torchscript(module, args.out)
    check(torch.jit.load(str(args.out)))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes); identical to torch.optim.AdamW on 3 steps")


if __name__ == "__main__":
    main()
