#!/usr/bin/env python3
"""The rounding bound of the Combiner parity tests (core's CombinerTest and ReferenceFixturesTest), from the arithmetic.

For each fixture (weights + input vectors), the exact (float64) eval-mode Combiner is evaluated with every rounded
intermediate recorded, as tools/training_rounding.py does for a training step; one adjoint pass per output element
(every component of the normalised query, and lambda) gives the Hoeffding scale sigma of that element's float32
rounding error: u * sqrt(sum_k sum (d out / d z_k * sqrt(n_k) * M_k)^2). Two float32 evaluations (Java's, PyTorch's)
then differ by at most 2 * lambda * sigma with lambda = 8 (probability 2 exp(-32) per element). Prints the largest
sigma over the fixtures and the tolerance 2 * 8 * sigma the Java tests use.

Run from the repository root:  .venv/bin/python tools/combiner_rounding.py
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

UNIT_ROUNDOFF = 2.0**-24
LAMBDA = 8
FIXTURES = Path("core/src/test/resources/combiner")
CASES = [("clip4cir_d32.safetensors", "clip4cir_d32_vectors.json"), ("clip4cir_d8.safetensors",
                                                                     "clip4cir_d8_vectors.json")]


def deviations(weights: dict, text: torch.Tensor, image: torch.Tensor) -> tuple[float, float]:
    w = {k: v.double() for k, v in weights.items()}
    rounded = []

    def linear(prefix: str, x: torch.Tensor) -> torch.Tensor:
        weight, bias = w[prefix + ".weight"], w[prefix + ".bias"]
        y = x @ weight.T + bias
        rounded.append((y, weight.shape[1] + 1, (x.abs() @ weight.abs().T + bias.abs()).detach()))
        return y

    c = torch.cat((F.relu(linear("text_projection_layer", text)), F.relu(linear("image_projection_layer", image))), 1)
    cf = F.relu(linear("combiner_layer", c))
    s = linear("dynamic_scalar.3", F.relu(linear("dynamic_scalar.0", c)))
    lam = torch.sigmoid(s)
    rounded.append((lam, 4, lam.detach()))
    v = linear("output_layer", cf)
    mixed = v + lam * text + (1 - lam) * image
    rounded.append((mixed, 5, (v.abs() + (lam * text).abs() + ((1 - lam) * image).abs()).detach()))
    query = F.normalize(mixed, dim=-1)
    dim = text.shape[1]
    rounded.append((query, dim + 3, query.abs().detach()))

    def worst(out: torch.Tensor) -> float:
        largest = 0.0
        for index in range(out.numel()):
            element = out.flatten()[index]
            grads = torch.autograd.grad(element, [z for z, _, _ in rounded], retain_graph=True, allow_unused=True)
            variance = 0.0
            for grad, (_, n, magnitude) in zip(grads, rounded):
                if grad is not None:
                    variance += ((grad * math.sqrt(n) * magnitude) ** 2).sum().item()
            largest = max(largest, variance)
        return UNIT_ROUNDOFF * math.sqrt(largest)

    return worst(query), worst(lam)


def main() -> None:
    sigma = 0.0
    for weights_file, vectors_file in CASES:
        vectors = json.loads((FIXTURES / vectors_file).read_text())
        text = torch.tensor(vectors["text"], dtype=torch.float64, requires_grad=True)
        image = torch.tensor(vectors["image"], dtype=torch.float64, requires_grad=True)
        query, lam = deviations(load_file(str(FIXTURES / weights_file)), text, image)
        print(f"{weights_file}: sigma query {query:.3e}, lambda {lam:.3e}")
        sigma = max(sigma, query, lam)
    # the tiny bundle's Combiner on fixtures/reference/combiner.json (ReferenceFixturesTest)
    bundle = json.loads(Path("fixtures/reference/combiner.json").read_text())
    for weights_file in ("fixtures/tiny-bundle/combiner.safetensors",):
        text = torch.tensor(bundle["textFeatures"], dtype=torch.float64, requires_grad=True)
        image = torch.tensor(bundle["imageFeatures"], dtype=torch.float64, requires_grad=True)
        query, lam = deviations(load_file(weights_file), text, image)
        print(f"{weights_file}: sigma query {query:.3e}, lambda {lam:.3e}")
        sigma = max(sigma, query, lam)
    print(f"largest sigma {sigma:.3e}; tolerance 2 * {LAMBDA} * sigma = {2 * LAMBDA * sigma:.3e}")


if __name__ == "__main__":
    sys.exit(main())
