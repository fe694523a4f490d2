#!/usr/bin/env python3
"""Generate the reference vectors that prove cirstream's Java image preprocessing matches PIL + torchvision.

Writes small input images and what PIL 13 / torchvision make of them into core/src/test/resources/image/:

* ``resize/``   — PIL ``Image.resize((w, h), BICUBIC)`` on raw 1-4 channel 8-bit images (modes L, La, RGB, CMYK: no
  premultiplication), and ``NEAREST`` on palette images (what PIL does for mode P whatever filter is asked for).
  Inputs are PNG files holding the raw samples (La as a grey+alpha PNG, CMYK as an RGBA PNG).
* ``pipeline/`` — CLIP4Cir's targetpad transform (TargetPad(1.25) → Resize(S, BICUBIC) → CenterCrop(S) →
  convert('RGB') → ToTensor → Normalize(CLIP mean, std)) on PNG, JPEG, WebP, GIF and BMP inputs in many PIL modes.
  Expected outputs: the uint8 RGB HWC crop (``.u8``) and, for some cases, the float32 little-endian CHW tensor
  (``.f32``). For lossy formats the PIL-decoded pixels are stored too, as a lossless PNG (``.decoded.png``), so the
  tests can measure the JPEG/WebP decoder difference by itself.
* ``sources/`` — inputs PIL cannot write (4:4:0 JPEGs from the JDK's writer); read, never rewritten.
* ``manifest.json`` — every case, its sizes, modes and files.

Run from the repository root with the project's virtual environment:

    .venv/bin/python tools/make_image_test_vectors.py
"""

from __future__ import annotations

import argparse
import io
import warnings
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import PIL
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from PIL import Image

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
TARGET_PAD_RATIO = 1.25


class TargetPad:
    """CLIP4Cir's TargetPad, verbatim in behaviour: pad to an aspect ratio of at most ``target_ratio``."""

    def __init__(self, target_ratio: float):
        self.target_ratio = target_ratio

    def __call__(self, image):
        w, h = image.size
        actual_ratio = max(w, h) / min(w, h)
        if actual_ratio < self.target_ratio:
            return image
        scaled_max_wh = max(w, h) / self.target_ratio
        hp = max(int((scaled_max_wh - w) / 2), 0)
        vp = max(int((scaled_max_wh - h) / 2), 0)
        return F.pad(image, [hp, vp, hp, vp], 0, "constant")


def crop_transform(size: int) -> T.Compose:
    """The targetpad chain up to the RGB crop (uint8)."""
    return T.Compose(
        [
            TargetPad(TARGET_PAD_RATIO),
            T.Resize(size, interpolation=T.InterpolationMode.BICUBIC),
            T.CenterCrop(size),
            lambda im: im.convert("RGB"),
        ]
    )


def tensor_transform(size: int) -> T.Compose:
    """CLIP4Cir's full targetpad_transform: the crop, then ToTensor and Normalize."""
    return T.Compose([crop_transform(size), T.ToTensor(), T.Normalize(CLIP_MEAN, CLIP_STD)])


# ---------------------------------------------------------------------------------------------------------------
# synthetic content


def content(rng: np.random.Generator, w: int, h: int, channels: int, noise: int = 60) -> np.ndarray:
    """Smooth gradients and waves plus noise, reaching 0 and 255, so bicubic over- and undershoots get clipped."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    planes = []
    for c in range(channels):
        fx, fy = rng.uniform(0.05, 0.6, size=2)
        base = 127.5 + 110 * np.sin(x * fx + c) * np.cos(y * fy - c) + 40 * (x / max(w, 1) - y / max(h, 1))
        base += rng.integers(-noise, noise + 1, size=(h, w))
        planes.append(np.clip(np.rint(base), 0, 255))
    arr = np.stack(planes, axis=-1).astype(np.uint8)
    # a few hard edges and saturated blocks
    if w > 4 and h > 4:
        arr[: h // 4, : w // 4] = 255
        arr[-(h // 5) :, -(w // 5) :] = 0
    return arr


def alpha_plane(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """Alpha with fully transparent, fully opaque and partial regions."""
    y, x = np.mgrid[0:h, 0:w]
    a = ((x * 255) // max(w - 1, 1)).astype(np.int64)
    a = np.where((y % 7) < 2, 0, a)
    a = np.where((x % 5) == 0, 255, a)
    a = np.where(rng.random((h, w)) < 0.1, rng.integers(1, 255, size=(h, w)), a)
    return np.clip(a, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------------------------------------------------
# a minimal PNG writer for layouts PIL does not save (16-bit RGB/RGBA/LA, 2- and 4-bit grey)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def raw_png(width: int, height: int, bit_depth: int, color_type: int, rows: list[bytes]) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + r for r in rows)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")


def png16(arr16: np.ndarray, color_type: int) -> bytes:
    h, w = arr16.shape[:2]
    be = arr16.astype(">u2")
    return raw_png(w, h, 16, color_type, [be[r].tobytes() for r in range(h)])


def png_low_bit_grey(values: np.ndarray, bits: int) -> bytes:
    h, w = values.shape
    per_byte = 8 // bits
    rows = []
    for r in range(h):
        out = bytearray()
        for start in range(0, w, per_byte):
            b = 0
            for i in range(per_byte):
                v = int(values[r, start + i]) if start + i < w else 0
                b |= v << (8 - bits * (i + 1))
            out.append(b)
        rows.append(bytes(out))
    return raw_png(w, h, bits, 0, rows)


def linear_rgb_icc() -> bytes:
    """A minimal ICC v2 display profile: sRGB primaries with linear (gamma 1.0) curves.

    Embedded in test images to check that the Java decoder, like PIL, ignores colour profiles: a decoder that
    applied this one would move mid-tones by tens of levels.
    """

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + s15(x) + s15(y) + s15(z)

    text = b"cirstream test linear RGB\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(4) + bytes(4) + bytes(2) + bytes(1) + bytes(67)
    curve = b"curv" + bytes(4) + struct.pack(">I", 1) + struct.pack(">H", 0x0100) + bytes(2)
    cprt = b"text" + bytes(4) + b"no copyright\0"
    tags = [
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    size = 128 + len(body)
    header = (
        struct.pack(">I", size)
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + bytes(4 * 4 + 8 + 4)
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
        + bytes(4 + 16 + 28)
    )
    assert len(header) == 128
    return header + body


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# cases


RESIZE_SIZES = [
    # (w, h, out_w, out_h): up, down, odd, one pixel, extreme aspect ratios, one axis only, large factors
    (1, 1, 5, 3),
    (2, 3, 1, 1),
    (7, 5, 3, 2),
    (5, 7, 13, 11),
    (37, 23, 64, 40),
    (100, 3, 17, 9),
    (3, 100, 8, 50),
    (64, 48, 64, 20),
    (64, 48, 30, 48),
    (240, 16, 24, 2),
]

# larger sizes in one or two modes each, to keep the files small
RESIZE_SIZES_LARGE = [
    (160, 120, 41, 29, ("CMYK", "La")),
    (301, 199, 47, 31, ("L",)),
    (211, 139, 64, 42, ("RGB",)),
    (97, 61, 180, 113, ("RGB", "L")),
    # Pillow 13 filters vertically first when the height shrinks by more than twice what the width does
    (40, 90, 50, 20, ("RGB", "La")),
    (60, 100, 50, 30, ("CMYK",)),
    (100, 100, 80, 59, ("L",)),
    (100, 100, 80, 60, ("L",)),
    (31, 23, 45, 17, ("I;16",)),
    (29, 77, 33, 19, ("I;16",)),
]

RAW_MODES = {"L": 1, "La": 2, "RGB": 3, "CMYK": 4}
# how the raw samples are stored as a PNG (lossless): PNG has no La or CMYK, so the bytes go in LA / RGBA
PNG_CARRIER = {"L": "L", "La": "LA", "RGB": "RGB", "CMYK": "RGBA", "I;16": "I;16"}


def resize_cases(rng, out_dir: Path) -> list[dict]:
    cases = []
    sizes = [(w, h, ow, oh, tuple(RAW_MODES)) for w, h, ow, oh in RESIZE_SIZES] + RESIZE_SIZES_LARGE
    for w, h, ow, oh, modes in sizes:
        for mode in modes:
            if mode == "I;16":
                channels = 1
                # mostly small values, some near 65535: PIL's per-byte clipping of over- and undershoots shows
                arr = rng.integers(0, 700, size=(h, w)).astype("<u2")
                arr[rng.random((h, w)) < 0.2] = 65535
                arr[rng.random((h, w)) < 0.1] = 0
            else:
                channels = RAW_MODES[mode]
                arr = content(rng, w, h, channels)
            data = arr.tobytes()
            expected = Image.frombytes(mode, (w, h), data).resize((ow, oh), Image.BICUBIC).tobytes()
            name = f"bicubic_{mode.lower().replace(';', '')}_{w}x{h}_to_{ow}x{oh}"
            carrier = Image.frombytes(PNG_CARRIER[mode], (w, h), data)
            (out_dir / f"{name}.png").write_bytes(encode(carrier, "PNG", optimize=True))
            (out_dir / f"{name}.u8").write_bytes(expected)
            cases.append(
                {
                    "name": name,
                    "filter": "bicubic",
                    "pilMode": mode,
                    "channels": channels,
                    "input": f"resize/{name}.png",
                    "width": w,
                    "height": h,
                    "outWidth": ow,
                    "outHeight": oh,
                    "expected": f"resize/{name}.u8",
                }
            )
    for w, h, ow, oh in [(7, 5, 3, 2), (5, 7, 13, 11), (37, 23, 64, 40), (100, 3, 17, 9), (97, 61, 180, 113)]:
        idx = rng.integers(0, 200, size=(h, w)).astype(np.uint8)
        im = Image.fromarray(idx, "L").convert("P")
        im.putpalette(list(rng.integers(0, 256, size=600)))
        out = im.resize((ow, oh), Image.BICUBIC)  # PIL silently uses NEAREST for P
        name = f"nearest_p_{w}x{h}_to_{ow}x{oh}"
        (out_dir / f"{name}.png").write_bytes(encode(im, "PNG"))
        (out_dir / f"{name}.u8").write_bytes(out.tobytes())
        cases.append(
            {
                "name": name,
                "filter": "nearest",
                "pilMode": "P",
                "channels": 1,
                "input": f"resize/{name}.png",
                "width": w,
                "height": h,
                "outWidth": ow,
                "outHeight": oh,
                "expected": f"resize/{name}.u8",
            }
        )
    return cases


def pipeline_inputs(rng, sources: Path) -> list[tuple[str, bytes, int, bool]]:
    """(name, encoded file, S, lossy) for every pipeline case; the file extension is part of the name."""
    out = []
    # files PIL cannot write, kept in sources/: 4:4:0 JPEGs (luma sampled 1x2, chroma halved vertically only),
    # written by the JDK's JPEG writer; libjpeg-turbo interpolates their chroma rows where libjpeg 6b repeats them
    for source in sorted(sources.glob("*.jpg")):
        out.append((source.name, source.read_bytes(), 32, True))

    def rgb(w, h):
        return Image.fromarray(content(rng, w, h, 3), "RGB")

    # geometry: pad or not, the 1.25 boundary, up/down-scaling, extreme ratios, crop rounding (banker's)
    out.append(("rgb_wide_120x40.png", encode(rgb(120, 40), "PNG"), 32, False))
    out.append(("rgb_tall_30x97.png", encode(rgb(30, 97), "PNG"), 32, False))
    out.append(("rgb_nopad_50x45.png", encode(rgb(50, 45), "PNG"), 32, False))
    out.append(("rgb_ratio_exact_100x80.png", encode(rgb(100, 80), "PNG"), 32, False))
    out.append(("rgb_ratio_just_below_99x80.png", encode(rgb(99, 80), "PNG"), 32, False))
    out.append(("rgb_ratio_upscale_16x20.png", encode(rgb(16, 20), "PNG"), 32, False))
    out.append(("rgb_one_pixel_1x1.png", encode(rgb(1, 1), "PNG"), 32, False))
    out.append(("rgb_line_1x300.png", encode(rgb(1, 300), "PNG"), 16, False))
    out.append(("rgb_line_500x2.png", encode(rgb(500, 2), "PNG"), 24, False))
    out.append(("rgb_no_resize_64x64.png", encode(rgb(64, 64), "PNG"), 64, False))
    out.append(("rgb_crop_only_64x78.png", encode(rgb(64, 78), "PNG"), 64, False))
    out.append(("rgb_crop_half_65x64.png", encode(rgb(65, 64), "PNG"), 64, False))
    out.append(("rgb_crop_half_67x64.png", encode(rgb(67, 64), "PNG"), 64, False))
    out.append(("rgb_crop_half_64x69.png", encode(rgb(64, 69), "PNG"), 64, False))
    out.append(("rgb_crop_half_odd_33x45.png", encode(rgb(33, 45), "PNG"), 24, False))
    smooth = Image.fromarray(content(rng, 320, 240, 3, noise=1), "RGB")
    out.append(("rgb_large_down_320x240.png", encode(smooth, "PNG", optimize=True), 48, False))

    # PIL modes
    out.append(("l_grey_90x60.png", encode(Image.fromarray(content(rng, 90, 60, 1)[:, :, 0], "L"), "PNG"), 32, False))
    la = np.dstack([content(rng, 80, 50, 1)[:, :, 0], alpha_plane(rng, 80, 50)])
    out.append(("la_80x50.png", encode(Image.fromarray(la, "LA"), "PNG"), 32, False))
    rgba = np.dstack([content(rng, 75, 100, 3), alpha_plane(rng, 75, 100)])
    out.append(("rgba_75x100.png", encode(Image.fromarray(rgba, "RGBA"), "PNG"), 32, False))
    rgba_wide = np.dstack([content(rng, 150, 40, 3), alpha_plane(rng, 150, 40)])
    out.append(("rgba_wide_150x40.png", encode(Image.fromarray(rgba_wide, "RGBA"), "PNG"), 32, False))
    rgba_same = np.dstack([content(rng, 48, 48, 3), alpha_plane(rng, 48, 48)])
    out.append(("rgba_no_resize_48x48.png", encode(Image.fromarray(rgba_same, "RGBA"), "PNG"), 48, False))

    pal = list(rng.integers(0, 256, size=768))
    pal[0:3] = [200, 30, 90]  # index 0 is not black: the pad takes its colour
    p = Image.fromarray(rng.integers(0, 256, size=(40, 120)).astype(np.uint8), "L").convert("P")
    p.putpalette(pal)
    out.append(("p_wide_120x40.png", encode(p, "PNG"), 32, False))
    pt = Image.fromarray(rng.integers(0, 64, size=(100, 40)).astype(np.uint8), "L").convert("P")
    pt.putpalette(pal[: 64 * 3])
    out.append(("p_transparency_40x100.png", encode(pt, "PNG", transparency=3), 32, False))
    p4 = Image.fromarray(rng.integers(0, 16, size=(30, 45)).astype(np.uint8), "L").convert("P")
    p4.putpalette(pal[3 : 3 + 16 * 3])
    out.append(("p_4bit_45x30.png", encode(p4, "PNG", bits=4), 24, False))
    pa = Image.fromarray(rng.integers(0, 8, size=(21, 70)).astype(np.uint8), "L").convert("P")
    pa.putpalette(pal[30 : 30 + 8 * 3])
    out.append(("p_alpha_70x21.png", encode(pa, "PNG", transparency=bytes([0, 128, 255, 10, 99, 0, 1, 254])), 24, False))
    bits = Image.fromarray(rng.random((20, 50)) < 0.5).convert("1")
    out.append(("bilevel_50x20.png", encode(bits, "PNG"), 16, False))
    rgb_trns = rgb(60, 44)
    rgb_trns.putpixel((3, 3), (10, 20, 30))
    out.append(("rgb_trns_60x44.png", encode(rgb_trns, "PNG", transparency=(10, 20, 30)), 32, False))
    grey_trns = Image.fromarray(content(rng, 44, 60, 1)[:, :, 0], "L")
    out.append(("l_trns_44x60.png", encode(grey_trns, "PNG", transparency=128), 32, False))

    # bit depths PIL reads but does not write
    out.append(("rgb16_70x50.png", png16(rng.integers(0, 65536, size=(50, 70, 3)), 2), 32, False))
    out.append(("rgba16_50x70.png", png16(rng.integers(0, 65536, size=(70, 50, 4)), 6), 32, False))
    out.append(("la16_60x40.png", png16(rng.integers(0, 65536, size=(40, 60, 2)), 4), 32, False))
    out.append(("l2bit_37x29.png", png_low_bit_grey(rng.integers(0, 4, size=(29, 37)), 2), 24, False))
    out.append(("l4bit_29x37.png", png_low_bit_grey(rng.integers(0, 16, size=(37, 29)), 4), 24, False))
    grey16 = np.clip(rng.normal(300, 200, size=(40, 56)), 0, 65535).astype(np.uint16)
    out.append(("l16_56x40.png", png16(grey16, 0), 32, False))

    # lossy and other formats
    photo = rgb(120, 90)
    out.append(("jpeg_420_120x90.jpg", encode(photo, "JPEG", quality=90), 64, True))
    out.append(("jpeg_444_90x120.jpg", encode(rgb(90, 120), "JPEG", quality=95, subsampling=0), 48, True))
    out.append(("jpeg_422_100x66.jpg", encode(rgb(100, 66), "JPEG", quality=85, subsampling=1), 32, True))
    out.append(("jpeg_progressive_110x80.jpg", encode(rgb(110, 80), "JPEG", quality=80, progressive=True), 32, True))
    out.append(("jpeg_grey_70x100.jpg", encode(photo.convert("L").resize((70, 100)), "JPEG", quality=90), 32, True))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° — PIL (and so CLIP4Cir) ignores it
    out.append(("jpeg_exif_rotated_90x60.jpg", encode(rgb(90, 60), "JPEG", quality=90, exif=exif), 32, True))
    out.append(("jpeg_odd_size_77x53.jpg", encode(rgb(77, 53), "JPEG", quality=75), 32, True))
    icc = linear_rgb_icc()
    out.append(("jpeg_icc_linear_64x48.jpg", encode(rgb(64, 48), "JPEG", quality=90, icc_profile=icc), 32, True))
    out.append(("png_icc_linear_48x64.png", encode(rgb(48, 64), "PNG", icc_profile=icc), 32, False))
    out.append(("webp_icc_linear_40x30.webp", encode(rgb(40, 30), "WEBP", lossless=True, icc_profile=icc), 32, False))
    cmyk = Image.fromarray(content(rng, 80, 60, 4), "CMYK")
    out.append(("jpeg_cmyk_80x60.jpg", encode(cmyk, "JPEG", quality=92), 32, True))
    out.append(("webp_lossless_70x50.webp", encode(rgb(70, 50), "WEBP", lossless=True), 32, False))
    rgba_w = np.dstack([content(rng, 50, 70, 3), alpha_plane(rng, 50, 70)])
    out.append(("webp_lossless_alpha_50x70.webp", encode(Image.fromarray(rgba_w, "RGBA"), "WEBP", lossless=True), 32, False))
    out.append(("webp_lossy_96x64.webp", encode(rgb(96, 64), "WEBP", quality=90), 32, True))
    gif = Image.fromarray(rng.integers(0, 32, size=(45, 64)).astype(np.uint8), "L").convert("P")
    gif.putpalette(pal[: 32 * 3])
    out.append(("gif_64x45.gif", encode(gif, "GIF"), 32, False))
    out.append(("bmp_rgb_58x41.bmp", encode(rgb(58, 41), "BMP"), 32, False))
    out.append(("bmp_p_64x45.bmp", encode(gif, "BMP"), 32, False))
    grey_bmp = Image.fromarray(content(rng, 50, 30, 1)[:, :, 0], "L")
    out.append(("bmp_grey_50x30.bmp", encode(grey_bmp, "BMP"), 24, False))
    out.append(("gif_grey_30x50.gif", encode(grey_bmp.transpose(Image.Transpose.TRANSPOSE), "GIF"), 24, False))
    return out


# besides every case of S <= 24, the cases whose normalised float tensor is stored too
TENSOR_CASES = {"rgb_wide_120x40", "l_grey_90x60", "rgba_75x100", "p_wide_120x40", "jpeg_grey_70x100"}


def pipeline_cases(rng, out_dir: Path, sources: Path) -> list[dict]:
    cases = []
    for file_name, data, size, lossy in pipeline_inputs(rng, sources):
        stem = file_name.rsplit(".", 1)[0]
        (out_dir / file_name).write_bytes(data)
        im = Image.open(io.BytesIO(data))
        mode = im.mode
        crop = np.asarray(crop_transform(size)(Image.open(io.BytesIO(data))))
        assert crop.shape == (size, size, 3) and crop.dtype == np.uint8, crop.shape
        (out_dir / f"{stem}.u8").write_bytes(crop.tobytes())
        tensor = tensor_transform(size)(Image.open(io.BytesIO(data)))
        assert tensor.dtype == torch.float32 and tuple(tensor.shape) == (3, size, size)
        case = {
            "name": stem,
            "input": f"pipeline/{file_name}",
            "pilMode": mode,
            "width": im.size[0],
            "height": im.size[1],
            "size": size,
            "lossy": lossy,
            "expectedU8": f"pipeline/{stem}.u8",
        }
        if size <= 24 or stem in TENSOR_CASES:
            (out_dir / f"{stem}.f32").write_bytes(tensor.numpy().astype("<f4").tobytes())
            case["expectedF32"] = f"pipeline/{stem}.f32"
        if lossy:
            decoded = Image.open(io.BytesIO(data))
            decoded.load()
            # PIL-decoded samples in the image's own mode, kept losslessly (CMYK as the bytes of an RGBA PNG)
            carrier = decoded if decoded.mode != "CMYK" else Image.frombytes("RGBA", decoded.size, decoded.tobytes())
            (out_dir / f"{stem}.decoded.png").write_bytes(encode(carrier, "PNG"))
            case["decoded"] = f"pipeline/{stem}.decoded.png"
        cases.append(case)
    return cases


def main() -> None:
    warnings.filterwarnings("ignore", message="Palette images with Transparency")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("core/src/test/resources/image"))
    args = parser.parse_args()
    rng = np.random.default_rng(20240611)
    resize_dir = args.out / "resize"
    pipeline_dir = args.out / "pipeline"
    for d in (resize_dir, pipeline_dir):
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
    manifest = {
        "generator": "tools/make_image_test_vectors.py",
        "pillow": PIL.__version__,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "targetPadRatio": TARGET_PAD_RATIO,
        "mean": CLIP_MEAN,
        "std": CLIP_STD,
        "resize": resize_cases(rng, resize_dir),
        "pipeline": pipeline_cases(rng, pipeline_dir, args.out / "sources"),
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    total = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {len(manifest['resize'])} resize and {len(manifest['pipeline'])} pipeline cases, {total} bytes")


if __name__ == "__main__":
    main()
