#!/usr/bin/env python3
"""Compute the PyTorch reference outputs (``fixtures/reference/``) that the Java parity tests compare against.

With a model bundle (the tiny one) and the fixture images:

* ``images.json`` — per image: file, PIL mode, size, size after TargetPad, and the raw image feature, computed exactly
  as CLIP4Cir does: ``PIL.Image.open`` → TargetPad(1.25) → Resize(S, BICUBIC) → CenterCrop(S) → convert('RGB') →
  ToTensor → Normalize(CLIP mean, std) → the bundle's ``image_encoder.pt`` (batch of 1);
* ``preprocessed/<image>.f32`` — the normalised input tensor, raw little-endian float32, CHW [3,S,S];
* ``preprocessed/<image>.u8`` — the resized + centre-cropped RGB pixels before ToTensor, uint8 HWC [S,S,3];
* ``texts.json`` — captions with their 77 token ids (``open_clip.tokenize``, checked equal to the bundle's
  tokenizer.json with CLIP's framing) and raw text features from ``text_encoder.pt`` (batch of 1);
* ``combiner.json`` — 8 raw (text, image) feature pairs (seeded, raw-CLIP-like norms), the eval-mode output
  normalize(v + λt + (1−λ)i) and λ of the bundle's Combiner, and (``checkpointOutputs``) those of the Combiner stored
  in ``combiner_clip4cir_layout.pt``;
* ``combiner_clip4cir_layout.pt`` — ``torch.save({'epoch': 0, 'Combiner': state_dict})``, CLIP4Cir's own checkpoint
  format and key layout (D = 32), for the Java loader.

    .venv/bin/python tools/make_references.py --bundle fixtures/tiny-bundle --images fixtures/images \\
        --out fixtures/reference
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import PIL.Image
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip4cir_combiner import Combiner, new_combiner  # noqa: E402
from clip4cir_preprocess import TargetPad, crop_transform, targetpad_transform  # noqa: E402
from clip_tokenizer_json import CONTEXT_LENGTH, encode_framed  # noqa: E402

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
COMBINER_SEED = 4242
CHECKPOINT_COMBINER_SEED = 777

CAPTIONS = [
    "is red and has long sleeves",
    "Is red and has long sleeves and is more casual",
    "is darker and has a v-neck",
    "is blue with a floral print and shorter",
    "has a graphic print and is white and less formal",
    "is more revealing, and black",
    "Has pockets and buttons!",
    "is grey and sleeveless?",
    "same dress but red, with shorter sleeves",
    "It's the same shirt, but it's got stripes; they're thinner",
    "don't add a hat, we've removed it",
    "Remove the dog and add a cat on the sofa",
    "Show three of the same breed lying on grass instead of one standing.",
    "the target image has two bottles instead of one, and the background is white",
    "Make it a close-up; change the angle to a side view",
    "More people, fewer cars — and it's night time",
    "price $19.99, 50% off, 2-for-1 deal!!!",
    "size 10 (US) / 42 (EU) / 3XL",
    "It’s a “nice” shirt ‘really’",
    "fish &amp; chips",
    "café naïve résumé façade",
    "ＬＯＵＤ　ＮＯＩＳＥＳ ｆｕｌｌ ｗｉｄｔｈ",
    "ΟΔΟΣ ΣΟΦΟΣ",
    "Русский текст: красное платье",
    "中文：红色的连衣裙，长袖。",
    "emoji 😀👍🏽 ❤️",
    "  multiple   spaces\tand\nnewlines  ",
    "a",
    "",
    "is more colorful and has a deeper neckline and thinner straps, " * 6,
    " ".join(str(i) for i in range(100)),
]


def log(message: str) -> None:
    print(message, flush=True)


def floats(values) -> list[float]:
    """float32 values as JSON numbers (shortest repr of each float32 widened to double: exact in Java)."""
    return [float(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def list_images(images: Path) -> list[Path]:
    """Image files in a directory (sorted by name), or the single file given."""
    if images.is_file():
        return [images]
    if not images.is_dir():
        raise SystemExit(f"image directory {images} does not exist")
    found = sorted(p for p in images.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not found:
        raise SystemExit(f"no images in {images}")
    return found


class Bundle:
    """The parts of a model bundle the references need."""

    def __init__(self, directory: Path):
        manifest_path = directory / "manifest.json"
        if not manifest_path.is_file():
            raise SystemExit(f"{directory} is not a model bundle (no manifest.json)")
        self.directory = directory
        self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for name, digest in self.manifest["files"].items():
            if sha256_file(directory / name) != digest:
                raise SystemExit(f"{directory / name} does not match its sha256 in the manifest")
        pre = self.manifest["preprocessing"]
        self.input_size = int(pre["inputSize"])
        self.target_ratio = float(pre["targetPadRatio"])
        self.image_encoder = torch.jit.load(str(directory / self.manifest["imageEncoder"]["file"]), map_location="cpu").eval()
        self.text_encoder = torch.jit.load(str(directory / self.manifest["textEncoder"]["file"]), map_location="cpu").eval()
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(directory / self.manifest["textEncoder"]["tokenizer"]))
        self.combiner = load_safetensors_combiner(directory / self.manifest["combiner"]["file"])


def load_safetensors_combiner(path: Path) -> Combiner:
    """A Combiner (eval mode) from a bundle's combiner.safetensors."""
    from safetensors.torch import load_file

    state = load_file(str(path))
    projection_dim, feature_dim = state["text_projection_layer.weight"].shape
    combiner = Combiner(feature_dim, projection_dim, state["combiner_layer.weight"].shape[0])
    combiner.load_state_dict(state, strict=True)
    return combiner.eval()


# ---------------------------------------------------------------------------------------------------------------


def image_references(bundle: Bundle, paths: list[Path], out: Path) -> list[dict]:
    """Preprocess and embed every image; writes the .f32/.u8 files; returns the images.json entries."""
    pre_dir = out / "preprocessed"
    pre_dir.mkdir(parents=True, exist_ok=True)
    s, r = bundle.input_size, bundle.target_ratio
    transform, crop = targetpad_transform(s, r), crop_transform(s, r)
    entries, batch = [], []
    for path in paths:
        with PIL.Image.open(path) as image:
            mode, size = image.mode, image.size
            padded = TargetPad(r)(image)
            tensor = transform(image)
            pixels = np.asarray(crop(image), dtype=np.uint8)
        assert tensor.shape == (3, s, s) and tensor.dtype == torch.float32
        assert pixels.shape == (s, s, 3)
        (pre_dir / f"{path.name}.f32").write_bytes(tensor.numpy().astype("<f4").tobytes())
        (pre_dir / f"{path.name}.u8").write_bytes(pixels.tobytes())
        with torch.no_grad():
            feature = bundle.image_encoder(tensor.unsqueeze(0))[0]
        batch.append(tensor)
        entries.append(
            {
                "file": path.name,
                "sha256": sha256_file(path),
                "mode": mode,
                "size": list(size),
                "paddedSize": list(padded.size),
                "preprocessed": f"preprocessed/{path.name}.f32",
                "pixels": f"preprocessed/{path.name}.u8",
                "featureNorm": float(feature.norm()),
                "feature": floats(feature),
            }
        )
        log(f"  {path.name:<28} {mode:<5} {size[0]:>5}x{size[1]:<5} → padded {padded.size[0]}x{padded.size[1]}, "
            f"|feature| = {float(feature.norm()):.4f}")
    with torch.no_grad():
        batched = bundle.image_encoder(torch.stack(batch))
    singles = torch.tensor([e["feature"] for e in entries])
    log(f"  batch of {len(batch)} vs one by one: max |diff| = {float((batched - singles).abs().max()):.2e}")
    return entries


def text_references(bundle: Bundle, captions: list[str]) -> list[dict]:
    """Token ids (checked against open_clip) and raw text features of every caption."""
    import open_clip

    expected = open_clip.tokenize(captions, context_length=CONTEXT_LENGTH).tolist()
    actual = encode_framed(bundle.tokenizer, captions)
    for caption, e, a in zip(captions, expected, actual):
        if e != a:
            raise SystemExit(f"tokenizer.json and open_clip disagree on {caption!r}: {a} vs {e}")
    entries = []
    for caption, ids in zip(captions, expected):
        with torch.no_grad():
            feature = bundle.text_encoder(torch.tensor([ids], dtype=torch.int64))[0]
        bpe_length = len(bundle.tokenizer.encode(caption, add_special_tokens=False).ids)
        entries.append(
            {
                "caption": caption,
                "bpeLength": bpe_length,
                "truncated": bpe_length + 2 > CONTEXT_LENGTH,
                "tokens": ids,
                "featureNorm": float(feature.norm()),
                "feature": floats(feature),
            }
        )
    log(f"  {len(entries)} captions, {sum(e['truncated'] for e in entries)} truncated to {CONTEXT_LENGTH} tokens")
    return entries


def combiner_inputs(feature_dim: int, rows: int = 8, seed: int = COMBINER_SEED) -> tuple[torch.Tensor, torch.Tensor]:
    """Raw text and image features [rows, D]: Gaussian directions with a shared offset (CLIP features are not centred)
    and norms between ~1 and ~40, like raw CLIP features of different models."""
    generator = torch.Generator().manual_seed(seed)
    offset = torch.randn(feature_dim, generator=generator) * 0.5
    text = torch.randn(rows, feature_dim, generator=generator) + offset
    image = torch.randn(rows, feature_dim, generator=generator) - offset
    text_norms = torch.logspace(0, 1.6, rows)[torch.randperm(rows, generator=generator)]
    image_norms = torch.logspace(0, 1.6, rows)[torch.randperm(rows, generator=generator)]
    text = text / text.norm(dim=-1, keepdim=True) * text_norms[:, None]
    image = image / image.norm(dim=-1, keepdim=True) * image_norms[:, None]
    return text.float(), image.float()


def combiner_outputs(combiner: Combiner, text: torch.Tensor, image: torch.Tensor) -> dict:
    """λ per row, the un-normalised and the normalised query feature, eval mode."""
    combiner.eval()
    with torch.no_grad():
        raw, lam = combiner.combine_with_lambda(image, text)
        normalised = combiner.combine_features(image, text)
    assert torch.allclose(normalised, torch.nn.functional.normalize(raw, dim=-1))
    return {
        "lambda": floats(lam[:, 0]),
        "unnormalizedOutputs": [floats(row) for row in raw],
        "outputs": [floats(row) for row in normalised],
    }


def combiner_references(bundle: Bundle, out: Path) -> dict:
    """combiner.json content; also writes combiner_clip4cir_layout.pt."""
    feature_dim = bundle.manifest["featureDim"]
    text, image = combiner_inputs(feature_dim)
    checkpoint_combiner = new_combiner(feature_dim, CHECKPOINT_COMBINER_SEED)
    checkpoint_path = out / "combiner_clip4cir_layout.pt"
    # CLIP4Cir's save_model(): {'epoch': cur_epoch, model.__class__.__name__: model.state_dict()}
    torch.save({"epoch": 0, "Combiner": checkpoint_combiner.state_dict()}, str(checkpoint_path))
    reloaded = torch.load(str(checkpoint_path), map_location="cpu", weights_only=True)["Combiner"]
    assert all(torch.equal(reloaded[k], v) for k, v in checkpoint_combiner.state_dict().items())

    result = {
        "bundleCombinerVersion": bundle.manifest["combiner"]["version"],
        "featureDim": feature_dim,
        "projectionDim": bundle.manifest["combiner"]["projectionDim"],
        "hiddenDim": bundle.manifest["combiner"]["hiddenDim"],
        "mode": "eval (dropout off)",
        "textFeatures": [floats(row) for row in text],
        "imageFeatures": [floats(row) for row in image],
        "textNorms": floats(text.norm(dim=-1)),
        "imageNorms": floats(image.norm(dim=-1)),
        **combiner_outputs(bundle.combiner, text, image),
        "checkpoint": {
            "file": checkpoint_path.name,
            "sha256": sha256_file(checkpoint_path),
            "format": "torch.save({'epoch': 0, 'Combiner': state_dict}) — CLIP4Cir's save_model() layout",
            "keys": list(checkpoint_combiner.state_dict().keys()),
            "shapes": {k: list(v.shape) for k, v in checkpoint_combiner.state_dict().items()},
        },
        "checkpointOutputs": combiner_outputs(checkpoint_combiner, text, image),
    }
    log(f"  combiner: 8 pairs, λ = {[round(x, 4) for x in result['lambda']]}")
    log(f"  checkpoint combiner: λ = {[round(x, 4) for x in result['checkpointOutputs']['lambda']]}")
    return result


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")


def main() -> int:
    parser = argparse.ArgumentParser(description="Compute the PyTorch reference outputs of a bundle on the fixtures.")
    parser.add_argument("--bundle", type=Path, default=Path("fixtures/tiny-bundle"), help="model bundle directory")
    parser.add_argument("--images", type=Path, default=Path("fixtures/images"), help="image directory (or one file)")
    parser.add_argument("--out", type=Path, default=Path("fixtures/reference"), help="output directory")
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
    bundle = Bundle(args.bundle)
    args.out.mkdir(parents=True, exist_ok=True)
    common = {
        "bundle": bundle.manifest["name"],
        "encoderVersion": bundle.manifest["imageEncoder"]["version"],
        "torch": torch.__version__.split("+")[0],
        "pillow": PIL.__version__,
    }

    log(f"images ({bundle.input_size}×{bundle.input_size}, targetpad {bundle.target_ratio})")
    images = image_references(bundle, list_images(args.images), args.out)
    write_json(args.out / "images.json", {
        **common,
        "inputSize": bundle.input_size,
        "targetPadRatio": bundle.target_ratio,
        "pipeline": "PIL.Image.open -> TargetPad(1.25) -> Resize(S, BICUBIC) -> CenterCrop(S) -> convert('RGB') -> "
                    "ToTensor -> Normalize(CLIP mean, std) -> image_encoder.pt (batch 1); .f32 = float32 LE CHW input, "
                    ".u8 = uint8 HWC RGB crop before ToTensor",
        "images": images,
    })

    log("captions")
    write_json(args.out / "texts.json", {
        **common,
        "contextLength": CONTEXT_LENGTH,
        "rule": "ids = [49406] + bpe + [49407], zero-padded to 77; if longer, first 77 kept and the last set to 49407",
        "texts": text_references(bundle, CAPTIONS),
    })

    log("combiner")
    write_json(args.out / "combiner.json", combiner_references(bundle, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
