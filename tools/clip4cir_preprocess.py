#!/usr/bin/env python3
"""CLIP4Cir's image preprocessing ("targetpad"), verbatim in behaviour (``utils.py`` of the CLIP4Cir repository).

    PIL.Image.open → TargetPad(1.25) → Resize(S, BICUBIC) → CenterCrop(S) → convert('RGB') → ToTensor →
    Normalize(CLIP mean, std)

The padding happens *before* the RGB conversion, in the image's own mode (transparent black for RGBA, palette index
0 for palette images, 0 for grey); PIL resizes palette images with NEAREST whatever filter is asked for.
"""

from __future__ import annotations

import numpy as np
import PIL.Image
import torch
import torchvision.transforms as T
import torchvision.transforms.functional as F

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
TARGET_PAD_RATIO = 1.25


class TargetPad:
    """Pad an image with black to an aspect ratio of about ``target_ratio`` when it is more elongated than that."""

    def __init__(self, target_ratio: float):
        self.target_ratio = target_ratio

    def __call__(self, image: PIL.Image.Image) -> PIL.Image.Image:
        w, h = image.size
        actual_ratio = max(w, h) / min(w, h)
        if actual_ratio < self.target_ratio:  # check if the ratio is above or below the target ratio
            return image
        scaled_max_wh = max(w, h) / self.target_ratio  # rescale the pad to match the target ratio
        hp = max(int((scaled_max_wh - w) / 2), 0)
        vp = max(int((scaled_max_wh - h) / 2), 0)
        padding = [hp, vp, hp, vp]
        return F.pad(image, padding, 0, "constant")


def _convert_image_to_rgb(image: PIL.Image.Image) -> PIL.Image.Image:
    return image.convert("RGB")


def crop_transform(size: int, target_ratio: float = TARGET_PAD_RATIO) -> T.Compose:
    """The targetpad chain up to the S×S RGB crop (a PIL image, uint8)."""
    return T.Compose(
        [
            TargetPad(target_ratio),
            T.Resize(size, interpolation=T.InterpolationMode.BICUBIC),
            T.CenterCrop(size),
            _convert_image_to_rgb,
        ]
    )


def targetpad_transform(size: int, target_ratio: float = TARGET_PAD_RATIO) -> T.Compose:
    """CLIP4Cir's ``targetpad_transform(target_ratio, dim)``: PIL image → normalised float32 [3, S, S]."""
    return T.Compose([crop_transform(size, target_ratio), T.ToTensor(), T.Normalize(CLIP_MEAN, CLIP_STD)])


def load_and_preprocess(path, size: int, target_ratio: float = TARGET_PAD_RATIO) -> torch.Tensor:
    """Open an image file with PIL and apply the targetpad transform."""
    with PIL.Image.open(path) as image:
        return targetpad_transform(size, target_ratio)(image)


def crop_pixels(image: PIL.Image.Image, size: int, target_ratio: float = TARGET_PAD_RATIO) -> np.ndarray:
    """The resized, centre-cropped RGB pixels before normalisation: uint8 [S, S, 3] (HWC)."""
    return np.asarray(crop_transform(size, target_ratio)(image), dtype=np.uint8)
