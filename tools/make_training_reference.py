#!/usr/bin/env python3
"""Generate the fixtures that prove cirstream's Java Combiner training step matches PyTorch's (issue 5, must-show 1).

CLIP4Cir's stage 2 on one fixed batch sequence, in PyTorch, exactly as its ``combiner_train.py`` trains (fp32, CPU):

    combiner.train()                                  # dropout 0.5 active
    logits = 100 * combine(ref, caption) @ normalize(target).T
    loss = cross_entropy(logits, arange(B))           # the diagonal is the label
    optimizer.zero_grad(); loss.backward(); optimizer.step()   # torch.optim.Adam(lr=2e-5), PyTorch's defaults

Writes into trainer/src/test/resources/training/ (seeded, single-threaded: a re-run gives the same bytes):

* ``combiner_d32_init.safetensors``  — the starting weights: ``torch.manual_seed(INIT_SEED); Combiner(32, 128, 256)``,
  PyTorch's default nn.Linear init (the Java trainer's from-scratch init must give these values).
* ``combiner_d32_step1.safetensors`` — the weights after one Adam step; ``combiner_d32_step3.safetensors`` after three
  (steps 2 and 3 exercise Adam's moments and bias corrections).
* ``training_d32_reference.json``    — the batches (raw text, reference-image and target features, B=16), the loss of
  every step, the dropout seed, the four dropout masks of step 1, and the eval-mode logits and loss of batch 1 under
  the starting weights (pins the logit scale 100 and the diagonal cross-entropy without dropout); per step, the exact
  (float64) loss and the Hoeffding scale of a float32 loss's rounding error (tools/training_rounding.py); the loss of the wrong variant.
* ``combiner_d32_grad_step{1,2,3}.safetensors`` — PyTorch's float32 gradient of every step (CLIP4Cir's key layout).
* ``combiner_d32_gradmag_step{1,2,3}.safetensors`` — per element, the bound on how far a float32 evaluation of the
  gradient can be from the exact one (running-error analysis, tools/training_rounding.py).
* ``combiner_d32_grad_variant_step1.safetensors`` — the step-1 gradient of a deliberately wrong variant (no dropout on
  the dynamic-scalar branch), which the parity bounds must reject.

Dropout masks: libtorch draws them from its global CPU generator, in forward order (text projection, image projection,
combiner layer, dynamic scalar). The Java side runs the same libtorch build (2.7.1), so seeding it with
DROPOUT_SEED before the first step draws the very same masks: both sides train the real training-mode graph. This
script checks that the masks it records are the ones its forward used (a functional recomputation with them).

Run from the repository root:  .venv/bin/python tools/make_training_reference.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clip4cir_combiner import COMBINER_KEYS, Combiner, new_combiner  # noqa: E402
from training_rounding import UNIT_ROUNDOFF, analyse  # noqa: E402

OUT = Path("trainer/src/test/resources/training")
FEATURE_DIM = 32
BATCH = 16
STEPS = 3
INIT_SEED = 20
DATA_SEED = 1234
DROPOUT_SEED = 7
LEARNING_RATE = 2e-5
DROPOUT = 0.5
RAW_NORM = 10.0  # CLIP's raw features have norms of about 10
SPREAD = 1.0
TEXT_SHARE = 0.3
NOISE_SHARE = 1.5


def raw(generator: torch.Generator, common: torch.Tensor, spread: float, *shape: int) -> torch.Tensor:
    """Raw CLIP-like features: a direction shared by all (CLIP's features of one modality are far from isotropic,
    pairwise cosines ~0.5) plus an individual part; norms ~RAW_NORM."""
    x = common + spread * torch.randn(*shape, generator=generator)
    return RAW_NORM * F.normalize(x, dim=-1) * (0.7 + 0.6 * torch.rand(*shape[:-1], 1, generator=generator))


def make_batches() -> list[dict[str, torch.Tensor]]:
    """STEPS batches whose targets resemble their references (and a little their captions), amid similar negatives:
    a loss of about 1-2, with gradients worth stepping on."""
    generator = torch.Generator().manual_seed(DATA_SEED)
    image_common = torch.randn(FEATURE_DIM, generator=generator)
    text_common = torch.randn(FEATURE_DIM, generator=generator)
    batches = []
    for _ in range(STEPS):
        text = raw(generator, text_common, SPREAD, BATCH, FEATURE_DIM)
        image = raw(generator, image_common, SPREAD, BATCH, FEATURE_DIM)
        noise = raw(generator, image_common, SPREAD, BATCH, FEATURE_DIM)
        target = image + TEXT_SHARE * text + NOISE_SHARE * noise
        batches.append({"text": text, "image": image, "target": target})
    return batches


def dropout_masks(projection_dim: int, hidden_dim: int, steps: int = 1) -> list[torch.Tensor]:
    """The masks (0 or 1/(1-p)) libtorch draws right after manual_seed(DROPOUT_SEED), in the Combiner's order, four
    per step."""
    torch.manual_seed(DROPOUT_SEED)
    shapes = [(BATCH, projection_dim), (BATCH, projection_dim), (BATCH, hidden_dim), (BATCH, hidden_dim)] * steps
    return [F.dropout(torch.ones(shape), DROPOUT, True) for shape in shapes]


def functional_logits(model: Combiner, batch: dict[str, torch.Tensor], masks: list[torch.Tensor]) -> torch.Tensor:
    """The training-mode logits recomputed with explicit masks (to check they are the ones the module drew)."""
    text, image, target = batch["text"], batch["image"], batch["target"]
    tp = F.relu(model.text_projection_layer(text)) * masks[0]
    ip = F.relu(model.image_projection_layer(image)) * masks[1]
    c = torch.cat((tp, ip), -1)
    cf = F.relu(model.combiner_layer(c)) * masks[2]
    lam = torch.sigmoid(model.dynamic_scalar[3](F.relu(model.dynamic_scalar[0](c)) * masks[3]))
    out = model.output_layer(cf) + lam * text + (1 - lam) * image
    return 100 * F.normalize(out, dim=-1) @ F.normalize(target, dim=-1).T


def state(model: Combiner) -> dict[str, torch.Tensor]:
    sd = model.state_dict()
    return {k: sd[k].detach().clone().contiguous() for k in COMBINER_KEYS}


def check_within_rounding(step: int, loss: float, gradients: dict[str, torch.Tensor], exact: dict) -> None:
    """Reports how far this CPU's float32 step lies from the exact one, in the units the Java bounds use."""
    worst = 0.0
    for key, grad in gradients.items():
        excess = (grad.double() - exact["gradients"][key]).abs() / exact["grad_magnitude"][key].clamp_min(1e-300)
        worst = max(worst, excess.max().item())
    print(f"step {step}: |loss - exact| = {abs(loss - exact['loss']) / exact['loss_deviation']:.3g} loss deviations;"
          f" max |grad - exact| = {worst:.3g} x |delta|^T|X| = {worst / UNIT_ROUNDOFF:.3g} u x |delta|^T|X|")


def tensors(by_key: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """float32, contiguous, in CLIP4Cir's key order (the layout CombinerWeights reads)."""
    return {k: by_key[k].detach().to(torch.float32).contiguous() for k in COMBINER_KEYS}


def ordered_parameters(model: Combiner) -> list[torch.Tensor]:
    """The model's parameters in COMBINER_KEYS order."""
    named = dict(model.named_parameters())
    return [named[k] for k in COMBINER_KEYS]


def floats(t: torch.Tensor) -> list:
    return t.detach().to(torch.float32).tolist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)

    model = new_combiner(FEATURE_DIM, INIT_SEED)
    projection_dim, hidden_dim = 4 * FEATURE_DIM, 8 * FEATURE_DIM
    save_file(state(model), str(args.out / "combiner_d32_init.safetensors"), metadata={"format": "pt"})
    batches = make_batches()
    ground_truth = torch.arange(BATCH)

    model.eval()
    with torch.no_grad():
        eval_logits = model(batches[0]["image"], batches[0]["text"], batches[0]["target"])
        eval_loss = F.cross_entropy(eval_logits, ground_truth)

    masks = dropout_masks(projection_dim, hidden_dim)
    evaluated = analyse(model, batches[0], [torch.ones_like(mask) for mask in masks])  # eval mode: no dropout
    eval_rounding = {"exact_loss": evaluated["loss"], "loss_deviation": evaluated["loss_deviation"],
                     "logit_deviation": evaluated["logit_deviation"]}
    all_masks = dropout_masks(projection_dim, hidden_dim, STEPS)
    with torch.no_grad():
        masked_loss = F.cross_entropy(functional_logits(model, batches[0], masks), ground_truth)

    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    torch.manual_seed(DROPOUT_SEED)
    losses, rounding = [], []
    for step, batch in enumerate(batches, start=1):
        step_masks = all_masks[4 * (step - 1) : 4 * step]
        exact = analyse(model, batch, step_masks)
        if step == 1:
            variant = analyse(model, batch, step_masks, lambda_dropout=False)
            save_file(tensors(variant["gradients"]), str(args.out / "combiner_d32_grad_variant_step1.safetensors"),
                      metadata={"format": "pt"})
        logits = model(batch["image"], batch["text"], batch["target"])
        loss = F.cross_entropy(logits, ground_truth)
        optimizer.zero_grad()
        loss.backward()
        if abs(loss.item() - exact["loss"]) > 1e-4:
            raise SystemExit(f"step {step}: the float64 analysis used other masks: {loss.item()} vs {exact['loss']}")
        gradients = {k: p.grad for k, p in zip(COMBINER_KEYS, ordered_parameters(model))}
        check_within_rounding(step, loss.item(), gradients, exact)
        save_file(tensors(gradients), str(args.out / f"combiner_d32_grad_step{step}.safetensors"),
                  metadata={"format": "pt"})
        save_file(tensors(exact["grad_magnitude"]), str(args.out / f"combiner_d32_gradmag_step{step}.safetensors"),
                  metadata={"format": "pt"})
        rounding.append({"exact_loss": exact["loss"], "loss_deviation": exact["loss_deviation"],
                         "logit_deviation": exact["logit_deviation"]})
        optimizer.step()
        losses.append(loss.item())
        if step == 1:
            if abs(loss.item() - masked_loss.item()) > 1e-6:
                raise SystemExit(f"recorded masks are not the forward's: {loss.item()} vs {masked_loss.item()}")
            save_file(state(model), str(args.out / "combiner_d32_step1.safetensors"), metadata={"format": "pt"})
    save_file(state(model), str(args.out / f"combiner_d32_step{STEPS}.safetensors"), metadata={"format": "pt"})

    reference = {
        "feature_dim": FEATURE_DIM,
        "projection_dim": projection_dim,
        "hidden_dim": hidden_dim,
        "batch_size": BATCH,
        "steps": STEPS,
        "init_seed": INIT_SEED,
        "dropout_seed": DROPOUT_SEED,
        "dropout_rate": DROPOUT,
        "learning_rate": LEARNING_RATE,
        "torch_version": torch.__version__.split("+")[0],
        "batches": [{k: floats(v) for k, v in batch.items()} for batch in batches],
        "losses": losses,
        "eval_logits": floats(eval_logits),
        "eval_loss": eval_loss.item(),
        "dropout_masks_step1": [[[int(v != 0) for v in row] for row in mask.tolist()] for mask in masks],
        "rounding": rounding,
        "eval_rounding": eval_rounding,
        "variant_step1": {"what": "no dropout on the dynamic-scalar branch", "loss": variant["loss"]},
    }
    (args.out / "training_d32_reference.json").write_text(json.dumps(reference, separators=(",", ":")) + "\n")
    print(f"losses {losses}, eval loss {eval_loss.item():.6f}; wrote {args.out}")


if __name__ == "__main__":
    main()
