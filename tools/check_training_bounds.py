#!/usr/bin/env python3
"""Checks the training parity bounds on this machine's kernels: PyTorch's own float32 step on another CPU (or a GPU)
against the committed reference (tools/make_training_reference.py, PyTorch 2.7.1 on an AVX2 CPU), with the bounds
trainer's StepBounds derives (loss 2*8*sigma_L, every gradient element 2*rho*A, every weight after Adam's first step
U(g+beta) - U(g-beta) + rounding). Step 1 only, with the committed dropout masks applied explicitly.

    python3 tools/check_training_bounds.py [--device cpu|cuda]     (ATEN_CPU_CAPABILITY picks the CPU kernels)
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

REF = Path("trainer/src/test/resources/training")
U, LAMBDA, ADAM_ROUNDINGS, EPS = 2.0**-24, 8, 10, 1e-8
LAYERS = ["text_projection_layer", "image_projection_layer", "combiner_layer", "output_layer", "dynamic_scalar.0",
          "dynamic_scalar.3"]


def path_reductions(d: int, p: int, h: int, b: int) -> int:  # StepBounds.pathReductions
    forward = 2 * (d + 1) + 2 * (2 * p + 1) + 2 * (h + 1) + 4 + 5 + 2 * (d + 3) + (d + 1) + (b + 4)
    backward = (b + 3) + (b + 1) + (d + 4) + d + (d + 1) + 3 + 1 + 2 * h + 1 + b
    return forward + backward


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu")
    device = torch.device(parser.parse_args().device)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    ref = json.loads((REF / "training_d32_reference.json").read_text())
    w0 = {k: v.to(device) for k, v in load_file(str(REF / "combiner_d32_init.safetensors")).items()}
    params = {k: v.clone().requires_grad_() for k, v in w0.items()}
    batch = {k: torch.tensor(v, device=device) for k, v in ref["batches"][0].items()}
    masks = [torch.tensor(m, dtype=torch.float32, device=device) * 2 for m in ref["dropout_masks_step1"]]

    def lin(name, x):
        return x @ params[name + ".weight"].T + params[name + ".bias"]

    c = torch.cat((F.relu(lin("text_projection_layer", batch["text"])) * masks[0],
                   F.relu(lin("image_projection_layer", batch["image"])) * masks[1]), 1)
    cf = F.relu(lin("combiner_layer", c)) * masks[2]
    lam = torch.sigmoid(lin("dynamic_scalar.3", F.relu(lin("dynamic_scalar.0", c)) * masks[3]))
    out = lin("output_layer", cf) + lam * batch["text"] + (1 - lam) * batch["image"]
    logits = 100 * F.normalize(out, dim=-1) @ F.normalize(batch["target"], dim=-1).T
    loss = F.cross_entropy(logits, torch.arange(logits.shape[0], device=device))
    loss.backward()
    optimizer = torch.optim.Adam(params.values(), lr=ref["learning_rate"])
    optimizer.step()

    rounding = ref["rounding"][0]
    loss_bound = 2 * LAMBDA * rounding["loss_deviation"]
    rho = LAMBDA * (U * math.sqrt(path_reductions(32, 128, 256, ref["batch_size"])) + 2 * rounding["logit_deviation"])
    g_ref = load_file(str(REF / "combiner_d32_grad_step1.safetensors"))
    mag = load_file(str(REF / "combiner_d32_gradmag_step1.safetensors"))
    w1_ref = load_file(str(REF / "combiner_d32_step1.safetensors"))
    lr = ref["learning_rate"]
    grad_share = weight_share = max_dw = 0.0
    grad_out = weight_out = 0
    for key, p in params.items():
        g = g_ref[key].double()
        beta = 2 * rho * mag[key].double()
        dg = (p.grad.double().cpu() - g).abs()
        grad_out += int((dg > beta).sum())
        grad_share = max(grad_share, (dg / beta.clamp_min(1e-300)).max().item())
        update = lambda x: lr * x / (x.abs() + EPS)  # noqa: E731
        w_bound = update(g + beta) - update(g - beta) + 2 * ADAM_ROUNDINGS * U * lr + 2 * U * w1_ref[key].double().abs()
        dw = (p.detach().double().cpu() - w1_ref[key].double()).abs()
        weight_out += int((dw > w_bound).sum())
        weight_share = max(weight_share, (dw / w_bound).max().item())
        max_dw = max(max_dw, dw.max().item())
    dloss = abs(loss.item() - ref["losses"][0])
    print(f"torch {torch.__version__} on {device} (capability {torch.backends.cpu.get_cpu_capability()}): "
          f"loss |delta| {dloss:.2e} (bound {loss_bound:.2e}); gradients: {grad_out} outside, worst uses "
          f"{grad_share:.2e} of its bound; weights: {weight_out} outside, max |delta| {max_dw:.2e}, worst uses "
          f"{weight_share:.2e} of its bound")
    if dloss > loss_bound or grad_out or weight_out:
        raise SystemExit("a bound does not hold")


if __name__ == "__main__":
    main()
