#!/usr/bin/env python3
"""CLIP4Cir's Combiner network, exactly as published (Baldrati et al., ``combiner.py``), plus checkpoint helpers.

Given the raw CLIP text feature t and the raw reference-image feature i (D each):

    tp = dropout1(relu(text_projection_layer(t)))          # D -> P
    ip = dropout2(relu(image_projection_layer(i)))         # D -> P
    c  = cat(tp, ip)                                       # 2P, text first
    cf = dropout3(relu(combiner_layer(c)))                 # 2P -> H
    lam = dynamic_scalar(c)                                # 2P -> H -> 1, sigmoid
    out = output_layer(cf) + lam * t + (1 - lam) * i       # H -> D
    return normalize(out)

The state-dict keys are CLIP4Cir's: ``text_projection_layer``, ``image_projection_layer``, ``combiner_layer``,
``output_layer``, ``dynamic_scalar.0``, ``dynamic_scalar.3`` (``.weight`` [out, in] and ``.bias``). Published
checkpoints are ``torch.save({'Combiner': state_dict, ...})``.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

#: Every key of a Combiner state dict, in CLIP4Cir's order.
COMBINER_KEYS = [
    f"{layer}.{param}"
    for layer in (
        "text_projection_layer",
        "image_projection_layer",
        "combiner_layer",
        "output_layer",
        "dynamic_scalar.0",
        "dynamic_scalar.3",
    )
    for param in ("weight", "bias")
]


class Combiner(nn.Module):
    """CLIP4Cir's Combiner: fuses a raw text and a raw image feature into a normalised query feature."""

    def __init__(self, clip_feature_dim: int, projection_dim: int, hidden_dim: int):
        """
        :param clip_feature_dim: D, the CLIP feature dimension
        :param projection_dim: P (CLIP4Cir: 4·D)
        :param hidden_dim: H (CLIP4Cir: 8·D)
        """
        super().__init__()
        self.text_projection_layer = nn.Linear(clip_feature_dim, projection_dim)
        self.image_projection_layer = nn.Linear(clip_feature_dim, projection_dim)

        self.dropout1 = nn.Dropout(0.5)
        self.dropout2 = nn.Dropout(0.5)

        self.combiner_layer = nn.Linear(projection_dim * 2, hidden_dim)
        self.output_layer = nn.Linear(hidden_dim, clip_feature_dim)

        self.dropout3 = nn.Dropout(0.5)
        self.dynamic_scalar = nn.Sequential(
            nn.Linear(projection_dim * 2, hidden_dim),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(hidden_dim, 1),
            nn.Sigmoid(),
        )

        self.logit_scale = 100

    def forward(self, image_features: torch.Tensor, text_features: torch.Tensor, target_features: torch.Tensor):
        """Training logits: 100 · normalize(combine(i, t)) @ normalize(target)ᵀ."""
        predicted_features = self.combine_features(image_features, text_features)
        target_features = F.normalize(target_features, dim=-1)
        return self.logit_scale * predicted_features @ target_features.T

    def combine_features(self, image_features: torch.Tensor, text_features: torch.Tensor) -> torch.Tensor:
        """The normalised query feature of raw image features [B, D] and raw text features [B, D]."""
        return F.normalize(self.combine_with_lambda(image_features, text_features)[0], dim=-1)

    def combine_with_lambda(self, image_features: torch.Tensor, text_features: torch.Tensor):
        """(un-normalised output, λ [B, 1]) — the same computation as :meth:`combine_features`, exposing λ."""
        text_projected_features = self.dropout1(F.relu(self.text_projection_layer(text_features)))
        image_projected_features = self.dropout2(F.relu(self.image_projection_layer(image_features)))

        raw_combined_features = torch.cat((text_projected_features, image_projected_features), -1)
        combined_features = self.dropout3(F.relu(self.combiner_layer(raw_combined_features)))
        dynamic_scalar = self.dynamic_scalar(raw_combined_features)
        output = (
            self.output_layer(combined_features)
            + dynamic_scalar * text_features
            + (1 - dynamic_scalar) * image_features
        )
        return output, dynamic_scalar


def parameter_count(combiner: nn.Module) -> int:
    """Number of parameters (59,003,521 for RN50x4: D=640, P=2560, H=5120)."""
    return sum(p.numel() for p in combiner.parameters())


def dims_from_state_dict(state_dict: dict[str, torch.Tensor]) -> tuple[int, int, int]:
    """(D, P, H) read from a Combiner state dict's weight shapes."""
    projection_dim, feature_dim = state_dict["text_projection_layer.weight"].shape
    hidden_dim = state_dict["combiner_layer.weight"].shape[0]
    return int(feature_dim), int(projection_dim), int(hidden_dim)


def unwrap_state_dict(checkpoint: dict, wrapper_keys: tuple[str, ...]) -> dict[str, torch.Tensor]:
    """The tensors of a checkpoint dict: under the first of ``wrapper_keys`` that holds a dict (CLIP4Cir saves
    ``{'epoch': n, 'CLIP' or 'Combiner': state_dict}``), else the dict itself, with DataParallel's ``module.`` prefix
    removed."""
    state = checkpoint
    for key in wrapper_keys:
        if key in checkpoint and isinstance(checkpoint[key], dict):
            state = checkpoint[key]
            break
    return {k.removeprefix("module."): v for k, v in state.items() if isinstance(v, torch.Tensor)}


def extract_combiner_state_dict(checkpoint: object, source: str) -> dict[str, torch.Tensor]:
    """The Combiner state dict inside a loaded checkpoint: ``{'Combiner': sd, ...}`` (CLIP4Cir), ``{'state_dict':
    sd}`` or a plain state dict (a ``module.`` prefix from DataParallel is removed). Raises ``ValueError`` listing
    what was found when the keys are not CLIP4Cir's."""
    if not isinstance(checkpoint, dict):
        raise ValueError(f"{source}: expected a dict checkpoint, got {type(checkpoint).__name__}")
    state = unwrap_state_dict(checkpoint, ("Combiner", "combiner", "state_dict", "model"))
    missing = [k for k in COMBINER_KEYS if k not in state]
    unexpected = [k for k in state if k not in COMBINER_KEYS]
    if missing or unexpected:
        found = ", ".join(sorted(state)[:30]) or "(no tensors)"
        raise ValueError(
            f"{source} is not a CLIP4Cir Combiner checkpoint: missing {missing}, unexpected {unexpected[:20]}; "
            f"top-level keys {sorted(map(str, checkpoint))[:20]}; tensors found: {found}"
        )
    return {k: state[k].detach().to(torch.float32).contiguous() for k in COMBINER_KEYS}


def load_combiner_checkpoint(path: Path) -> Combiner:
    """A Combiner (eval mode, fp32) from a CLIP4Cir checkpoint file."""
    if not path.is_file():
        raise FileNotFoundError(f"Combiner checkpoint {path} does not exist")
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    state = extract_combiner_state_dict(checkpoint, str(path))
    feature_dim, projection_dim, hidden_dim = dims_from_state_dict(state)
    combiner = Combiner(feature_dim, projection_dim, hidden_dim)
    combiner.load_state_dict(state, strict=True)
    return combiner.eval()


def new_combiner(feature_dim: int, seed: int) -> Combiner:
    """A freshly initialised Combiner (PyTorch default init, seeded) with CLIP4Cir's P = 4·D, H = 8·D."""
    generator_state = torch.random.get_rng_state()
    torch.manual_seed(seed)
    try:
        combiner = Combiner(feature_dim, 4 * feature_dim, 8 * feature_dim)
    finally:
        torch.random.set_rng_state(generator_state)
    return combiner.eval()
