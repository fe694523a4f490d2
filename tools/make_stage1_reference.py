#!/usr/bin/env python3
"""Generate the PyTorch reference for the Java stage-1 training step (issue 13, must-show 1).

CLIP4Cir's stage 1 (task-oriented fine-tuning of both CLIP encoders, ``clip_fine_tune.py``) on one batch of the tiny
fixture CLIP (fixtures/tiny-bundle: ModifiedResNet, D = 32, input 64), fp32, CPU, in PyTorch:

    image_encoder.eval(); text_encoder.eval()          # BatchNorm uses (and keeps) its running statistics
    query  = normalize(psi_I(reference) + psi_T(caption))
    target = normalize(psi_I(target))
    loss   = cross_entropy(100 * query @ target.T, arange(B))
    optimizer.zero_grad(); loss.backward(); optimizer.step()   # AdamW(lr, betas (0.9, 0.999), eps 1e-7, wd 0.01)

The model is the eager open_clip architecture the tiny bundle was exported from (``export_bundle.tiny_clip``) holding
the bundle's TorchScript parameters and buffers, copied in strictly. The batch's images are
not random draws but a hash of the element index (exact multiples of 2^-14 in [-2, 2)), so the Java test makes the
same tensors without a data file: value(k) = (((((k + seed * 1000003) * 2654435761) mod 2^32) >> 16) - 32768) / 16384.

Writes trainer/src/test/resources/stage1/stage1_tiny_reference.json with, for every encoder parameter, a sample of
elements (all when it has at most SAMPLE, else SAMPLE evenly spaced flat indices; for the token embedding also the
first columns of every row the captions use): its value before the step, its gradient and its value after, for

* ``published``: lr 2e-6, weight decay 0.01 (the recipe);
* ``from_scratch``: lr 1e-3, weight decay 0.01 (the rate the demo model trains with);
* the wrong variants a parity bound must reject: ``wrong_lr`` (1e-6), ``from_scratch_no_decay`` (lr 1e-3, weight
  decay 0) and ``bn_train`` (the image encoder in train mode: batch statistics, running statistics updated);

and the image encoder's BatchNorm running statistics (unchanged by the eval-mode step) and what train mode makes of
them. Single-threaded and seeded: a re-run writes the same bytes.

Run from the repository root:  .venv/bin/python tools/make_stage1_reference.py
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from tokenizers import Tokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clip_tokenizer_json import encode_framed  # noqa: E402
from export_bundle import ImageEncoder, TextEncoder, tiny_clip  # noqa: E402

BUNDLE = Path("fixtures/tiny-bundle")
OUT = Path("trainer/src/test/resources/stage1/stage1_tiny_reference.json")
BATCH = 8
INPUT_SIZE = 64
REFERENCE_SEED = 1
TARGET_SEED = 2
SAMPLE = 24
TOKEN_COLUMNS = 4
BETAS = (0.9, 0.999)
EPS = 1e-7
WEIGHT_DECAY = 0.01
LOGIT_SCALE = 100.0
CAPTIONS = [
    "is red and has long sleeves",
    "is blue with white stripes",
    "make it green",
    "shorter and without a logo",
    "same but black",
    "has a floral pattern and is yellow",
    "is longer, with a collar",
    "change the colour to purple and add dots",
]


def hashed(seed: int, *shape: int) -> torch.Tensor:
    """The batch images: exact float32 values from a hash of the flat index (see the module docstring)."""
    k = torch.arange(int(torch.tensor(shape).prod()), dtype=torch.int64)
    x = ((k + seed * 1000003) * 2654435761) % (1 << 32)
    return (((x >> 16) - 32768).to(torch.float32) / 16384.0).reshape(shape)


def named_parameters(image: torch.nn.Module, text: torch.nn.Module) -> list[tuple[str, torch.nn.Parameter]]:
    return [("image." + n, p) for n, p in image.named_parameters()] + [
        ("text." + n, p) for n, p in text.named_parameters()
    ]


def load_bundle_weights(image: torch.nn.Module, text: torch.nn.Module) -> None:
    """Copy the bundle's TorchScript parameters and buffers into the eager encoders (strictly: the same names and
    shapes), so PyTorch steps exactly the weights the Java side loads."""
    for eager, file in ((image, "image_encoder.pt"), (text, "text_encoder.pt")):
        scripted = torch.jit.load(str(BUNDLE / file), map_location="cpu")
        state = dict(scripted.state_dict())
        state.pop("attn_mask", None)  # a non-persistent buffer of TextEncoder, rebuilt by the architecture
        eager.load_state_dict(state, strict=True)


def sample_indices(name: str, tensor: torch.Tensor, tokens: torch.Tensor) -> list[int]:
    n = tensor.numel()
    indices = list(range(n)) if n <= SAMPLE else [i * n // SAMPLE for i in range(SAMPLE)]
    if name == "text.token_embedding.weight":
        width = tensor.shape[1]
        for row in sorted(set(tokens.flatten().tolist())):
            indices += [row * width + c for c in range(TOKEN_COLUMNS)]
    return sorted(set(indices))


def floats(values: torch.Tensor) -> list[float]:
    """float32 values as JSON numbers: each double is exactly the float32 value, so Java reads it back exactly."""
    return [float(v) for v in values.detach().to(torch.float32).flatten().tolist()]


def step(model, images: torch.Tensor, tokens: torch.Tensor, lr: float, weight_decay: float, bn_train: bool):
    """One stage-1 step on a copy of ``model``; returns (loss, {name: (before, grad, after)}, running stats)."""
    model = copy.deepcopy(model)
    image, text = ImageEncoder(model).eval(), TextEncoder(model).eval()
    if bn_train:
        image.train()
    params = named_parameters(image, text)
    before = {n: p.detach().clone() for n, p in params}
    optimizer = torch.optim.AdamW(
        [p for _, p in params], lr=lr, betas=BETAS, eps=EPS, weight_decay=weight_decay
    )
    features = image(images)
    reference, target = features[:BATCH], features[BATCH:]
    query = F.normalize(reference + text(tokens), dim=-1)
    logits = LOGIT_SCALE * query @ F.normalize(target, dim=-1).T
    loss = F.cross_entropy(logits, torch.arange(BATCH))
    optimizer.zero_grad()
    loss.backward()
    grads = {n: p.grad.detach().clone() for n, p in params}
    optimizer.step()
    after = {n: (before[n], grads[n], p.detach().clone()) for n, p in params}
    stats = {
        n: b.detach().clone() for n, b in image.named_buffers() if n.endswith(("running_mean", "running_var"))
    }
    return float(loss), after, stats


def run_json(loss: float, lr: float, wd: float, result, samples, full: bool) -> dict:
    params = {}
    for name, (before, grad, after) in result.items():
        index = torch.tensor(samples[name])
        entry = {"after": floats(after.flatten()[index])}
        if full:
            entry = {
                "shape": list(before.shape),
                "index": samples[name],
                "before": floats(before.flatten()[index]),
                "grad": floats(grad.flatten()[index]),
                **entry,
            }
        params[name] = entry
    return {"lr": lr, "weight_decay": wd, "loss": loss, "params": params}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)

    model = tiny_clip(0)  # the architecture; the weights are the bundle's
    load_bundle_weights(ImageEncoder(model), TextEncoder(model))
    tokenizer = Tokenizer.from_file(str(BUNDLE / "tokenizer.json"))
    tokens = torch.tensor(encode_framed(tokenizer, CAPTIONS), dtype=torch.int64)
    images = torch.cat(
        [hashed(REFERENCE_SEED, BATCH, 3, INPUT_SIZE, INPUT_SIZE), hashed(TARGET_SEED, BATCH, 3, INPUT_SIZE, INPUT_SIZE)]
    )

    runs = {}
    loss, published, stats = step(model, images, tokens, 2e-6, WEIGHT_DECAY, False)
    samples = {n: sample_indices(n, before, tokens) for n, (before, _, _) in published.items()}
    runs["published"] = run_json(loss, 2e-6, WEIGHT_DECAY, published, samples, True)
    for key, lr, wd, bn_train, full in (
        ("from_scratch", 1e-3, WEIGHT_DECAY, False, True),
        ("wrong_lr", 1e-6, WEIGHT_DECAY, False, False),
        ("from_scratch_no_decay", 1e-3, 0.0, False, False),
        ("bn_train", 2e-6, WEIGHT_DECAY, True, False),
    ):
        variant_loss, result, variant_stats = step(model, images, tokens, lr, wd, bn_train)
        runs[key] = run_json(variant_loss, lr, wd, result, samples, full)
        if bn_train:
            bn_train_stats = variant_stats
        elif variant_stats.keys() != stats.keys() or any(not torch.equal(stats[k], variant_stats[k]) for k in stats):
            raise SystemExit("an eval-mode step changed BatchNorm running statistics")
    initial = {n: b for n, b in ImageEncoder(model).named_buffers() if n in stats}
    if any(not torch.equal(initial[k], stats[k]) for k in stats):
        raise SystemExit("the eval-mode step changed BatchNorm running statistics")

    reference = {
        "batch": BATCH,
        "input_size": INPUT_SIZE,
        "input_seeds": {"reference": REFERENCE_SEED, "target": TARGET_SEED},
        "captions": CAPTIONS,
        "tokens": tokens.tolist(),
        "betas": list(BETAS),
        "eps": EPS,
        "logit_scale": LOGIT_SCALE,
        "torch": torch.__version__,
        "runs": runs,
        "running_stats": {"image." + n: floats(v) for n, v in stats.items()},
        "running_stats_bn_train": {"image." + n: floats(v) for n, v in bn_train_stats.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(reference) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    for key, run in runs.items():
        print(f"  {key:<22} lr {run['lr']:g} wd {run['weight_decay']:g} loss {run['loss']:.7f}")


if __name__ == "__main__":
    main()
