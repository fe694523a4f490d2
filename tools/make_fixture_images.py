#!/usr/bin/env python3
"""Generate the fixture images (``fixtures/images/``) deterministically with PIL.

Every image has non-trivial content (gradients, waves, shapes, noise, text-like strokes) so that resampling or decoding
differences change the features, and the set covers the preprocessing edge cases: wide and tall images (targetpad
pads them), a tiny one, a large one, a square, exactly ratio 1.25 (padded by 0 pixels) and just under 1.25 (left
alone), grayscale JPEG ('L'), RGBA PNG with varying alpha, palette PNG (index 0 is not black: the pad uses it), RGB JPEG
quality 90 with 4:2:0 subsampling, RGB PNG, lossy WebP, plus grey+alpha PNG, a palette PNG with transparency and a JPEG
whose EXIF orientation tag PIL (and so CLIP4Cir) ignores.

    .venv/bin/python tools/make_fixture_images.py --out fixtures/images
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SEED = 20240531


def base_content(rng: np.random.Generator, w: int, h: int, channels: int = 3, noise: float = 12.0) -> np.ndarray:
    """Smooth gradients and waves with mild Gaussian noise (sigma ``noise``), uint8 [h, w, channels]."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for c in range(channels):
        fx, fy = rng.uniform(0.01, 0.25, size=2) * (64.0 / max(min(w, h), 8)) ** 0.5
        plane = 127.5 + 80 * np.sin(x * fx + 1.3 * c) * np.cos(y * fy - 0.7 * c)
        plane += 60 * (x / max(w - 1, 1) - y / max(h - 1, 1)) * (1 if c % 2 else -1)
        plane += rng.normal(0, noise, size=(h, w))
        planes.append(np.clip(np.rint(plane), 0, 255))
    return np.stack(planes, axis=-1).astype(np.uint8)


def draw_shapes(image: Image.Image, rng: np.random.Generator, count: int = 8) -> None:
    """Rectangles, ellipses, polygons and thin 'handwriting' strokes in random colours, drawn in place."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    bands = len(image.getbands())

    def colour():
        values = tuple(int(v) for v in rng.integers(0, 256, size=bands))
        return values[0] if bands == 1 else values

    for _ in range(count):
        x0, x1 = sorted(rng.integers(0, max(w, 2), size=2).tolist())
        y0, y1 = sorted(rng.integers(0, max(h, 2), size=2).tolist())
        kind = rng.integers(0, 3)
        if kind == 0:
            draw.rectangle([x0, y0, x1, y1], fill=colour())
        elif kind == 1:
            draw.ellipse([x0, y0, x1, y1], outline=colour(), width=max(1, min(w, h) // 40))
        else:
            points = [(int(rng.integers(0, w)), int(rng.integers(0, h))) for _ in range(3)]
            draw.polygon(points, fill=colour())
    # text-like strokes: short jagged polylines in rows, like a line of script
    rows = max(1, h // 40)
    for r in range(rows):
        y = int((r + 0.5) * h / rows)
        x = int(rng.integers(0, max(w // 8, 1)))
        while x < w - 4:
            glyph = [(x + int(rng.integers(0, 6)), y + int(rng.integers(-6, 7))) for _ in range(4)]
            draw.line(glyph, fill=colour(), width=1 + int(rng.integers(0, 2)))
            x += 6 + int(rng.integers(0, 6))


def rgb_image(rng: np.random.Generator, w: int, h: int, noise: float = 12.0) -> Image.Image:
    image = Image.fromarray(base_content(rng, w, h, 3, noise), "RGB")
    draw_shapes(image, rng)
    return image


def encode(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def make_images(rng: np.random.Generator) -> list[tuple[str, bytes, str]]:
    """(file name, encoded bytes, description) of every fixture image, in a fixed order."""
    images: list[tuple[str, bytes, str]] = []

    def add(name: str, data: bytes, description: str) -> None:
        images.append((name, data, description))

    add("wide_300x90.png", encode(rgb_image(rng, 300, 90), "PNG"), "RGB PNG, 10:3, padded top and bottom")
    add("tall_80x260.png", encode(rgb_image(rng, 80, 260), "PNG"), "RGB PNG, 4:13, padded left and right")
    add("tiny_7x5.png", encode(rgb_image(rng, 7, 5), "PNG"), "RGB PNG 7x5, ratio 1.4, but the pad rounds down to 0 px; upscaled")
    add("large_1600x1200.jpg", encode(rgb_image(rng, 1600, 1200, noise=4.0), "JPEG", quality=90, subsampling="4:2:0"),
        "RGB JPEG 1600x1200 (4:3, padded), downscaled")
    add("square_256.png", encode(rgb_image(rng, 256, 256), "PNG"), "RGB PNG square")
    add("ratio_1.25_250x200.png", encode(rgb_image(rng, 250, 200), "PNG"), "exactly 1.25: padding of 0 pixels")
    add("under_1.25_249x200.png", encode(rgb_image(rng, 249, 200), "PNG"), "ratio 1.245: left as is")
    add("odd_301x97.png", encode(rgb_image(rng, 301, 97), "PNG"), "odd sizes: pad and crop rounding")

    grey = Image.fromarray(base_content(rng, 211, 157, 1)[:, :, 0], "L")
    draw_shapes(grey, rng)
    add("gray_211x157.jpg", encode(grey, "JPEG", quality=90), "grayscale JPEG ('L'), ratio 1.34: padded")

    rgba = np.concatenate([base_content(rng, 200, 120, 3), np.zeros((120, 200, 1), np.uint8)], axis=-1)
    yy, xx = np.mgrid[0:120, 0:200]
    rgba[:, :, 3] = np.clip((xx * 255) // 199 + 40 * np.sin(yy / 6.0), 0, 255).astype(np.uint8)
    rgba[(yy // 10) % 4 == 0, 3] = 0
    rgba[:, :20, 3] = 255
    rgba_image = Image.fromarray(rgba, "RGBA")
    draw_shapes(rgba_image, rng)
    add("rgba_200x120.png", encode(rgba_image, "PNG"), "RGBA PNG, varying alpha (dropped by convert('RGB'))")

    la = np.stack([base_content(rng, 90, 140, 1)[:, :, 0],
                   ((np.mgrid[0:140, 0:90][0] * 255) // 139).astype(np.uint8)], axis=-1)
    add("gray_alpha_90x140.png", encode(Image.fromarray(la, "LA"), "PNG"), "grey+alpha PNG ('LA'), padded")

    palette_source = rgb_image(rng, 150, 220)
    palette = palette_source.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    entries = palette.getpalette()
    entries[0:3] = [200, 30, 90]  # palette index 0 is the colour the pad uses
    palette.putpalette(entries)
    add("palette_150x220.png", encode(palette, "PNG"), "palette PNG ('P', index 0 = magenta), padded with index 0")

    palette_t = rgb_image(rng, 120, 120).quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    add("palette_trns_120x120.png", encode(palette_t, "PNG", transparency=3), "palette PNG with a transparent index")

    add("photo_320x240_q90_420.jpg", encode(rgb_image(rng, 320, 240), "JPEG", quality=90, subsampling="4:2:0"),
        "RGB JPEG quality 90, 4:2:0, ratio 1.333: padded")
    add("photo_180x200_q90_444.jpg", encode(rgb_image(rng, 180, 200), "JPEG", quality=90, subsampling="4:4:4"),
        "RGB JPEG quality 90, 4:4:4")
    add("exif_rot6_160x120.jpg",
        encode(rgb_image(rng, 160, 120), "JPEG", quality=90, subsampling="4:2:0", exif=exif_orientation(6)),
        "RGB JPEG with EXIF orientation 6, which PIL.Image.open does not apply")
    add("lossy_240x180.webp", encode(rgb_image(rng, 240, 180), "WEBP", quality=80, method=4),
        "lossy WebP (VP8), ratio 1.333: padded")
    return images


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate the fixture images deterministically.")
    parser.add_argument("--out", type=Path, default=Path("fixtures/images"), help="output directory")
    parser.add_argument("--seed", type=int, default=SEED, help="content seed")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    images = make_images(rng)
    for name, data, description in images:
        # only image files go into the directory, so that `fixtures/images/*` is a list of images
        (args.out / name).write_bytes(data)
        with Image.open(args.out / name) as image:
            mode, (w, h) = image.mode, image.size
        print(f"{name:<28} {mode:<5} {w:>5}x{h:<5} {len(data):>8} bytes  {description}")
    print(f"{len(images)} images in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
