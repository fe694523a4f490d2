#!/usr/bin/env python3
"""Measure PyTorch's throughput on a model bundle: the reference the Java benchmark (``bin/cirstream bench embed``)
compares itself with.

* images/s: decode (``PIL.Image.open`` on the file bytes, already read into memory) + CLIP4Cir's targetpad transform +
  ``image_encoder.pt`` forward, in batches of ``--batch-size``;
* captions/s: tokenisation (the bundle's ``tokenizer.json`` through HuggingFace ``tokenizers``, CLIP's 77-token
  framing) + ``text_encoder.pt`` forward, in batches of ``--text-batch-size`` (default: ``--batch-size``).

Each phase warms up first (``--warmup`` seconds), then runs for ``--seconds`` (or ``--iterations`` batches). Progress
goes to stderr; the last line on stdout is one JSON object:

    {"imagesPerSecond": ..., "captionsPerSecond": ..., "threads": N, "batchSize": B, "textBatchSize": T,
     "torch": "2.7.1", "device": "cpu"}

    .venv/bin/python tools/bench_reference.py --bundle bundles/rn50x4-random --images fixtures/images \\
        --captions-file captions.txt --threads 4 --batch-size 16 --seconds 20
"""

from __future__ import annotations

import os

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # one tokenizer thread, like the Java side per caller

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import PIL.Image  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip4cir_preprocess import targetpad_transform  # noqa: E402
from clip_tokenizer_json import CONTEXT_LENGTH, clip_frame  # noqa: E402

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
DEFAULT_CAPTIONS = [
    "is red and has long sleeves",
    "is darker and has a v-neck and is more casual",
    "same dress but blue, with shorter sleeves and a floral print",
    "Remove the dog and add two cats sitting on the sofa",
    "show the same bottle from the side, on a white background",
    "has a graphic logo and is white",
    "is less formal, with a zipper and pockets",
    "make it a close-up at night with more people",
]


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def image_files(inputs: list[Path]) -> list[Path]:
    """Image files from directories (sorted) and files, in argument order."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(p for p in item.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        elif item.is_file():
            files.append(item)
        else:
            raise SystemExit(f"{item} does not exist")
    if not files:
        raise SystemExit("no images found in " + ", ".join(map(str, inputs)))
    return files


def read_captions(path: Path | None) -> list[str]:
    """One caption per line (blank lines skipped), or a built-in set."""
    if path is None:
        return DEFAULT_CAPTIONS
    if not path.is_file():
        raise SystemExit(f"captions file {path} does not exist")
    captions = [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not captions:
        raise SystemExit(f"captions file {path} has no captions")
    return captions


def cycle_batches(items: list, batch_size: int):
    """Endless batches of ``batch_size`` items, cycling through ``items``."""
    position = 0
    while True:
        batch = [items[(position + i) % len(items)] for i in range(batch_size)]
        position = (position + batch_size) % len(items)
        yield batch


def timed_phase(name: str, run_batch, batch_size: int, warmup: float, seconds: float, iterations: int | None,
                synchronize) -> float:
    """Run ``run_batch`` for ``warmup`` seconds (at least one batch), then measure; returns items per second."""
    start = time.perf_counter()
    warm = 0
    while warm == 0 or time.perf_counter() - start < warmup:
        run_batch()
        warm += 1
    synchronize()
    err(f"{name}: warm-up {warm} batches in {time.perf_counter() - start:.1f} s")
    count, start = 0, time.perf_counter()
    while (iterations is None and (count == 0 or time.perf_counter() - start < seconds)) or (
        iterations is not None and count < iterations
    ):
        run_batch()
        count += 1
    synchronize()
    elapsed = time.perf_counter() - start
    rate = count * batch_size / elapsed
    err(f"{name}: {count} batches of {batch_size} in {elapsed:.2f} s → {rate:.2f}/s")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description="PyTorch reference throughput on a model bundle (last stdout line: JSON).")
    parser.add_argument("--bundle", type=Path, required=True, help="model bundle directory")
    parser.add_argument("--images", type=Path, nargs="+", required=True, help="image directory(ies) and/or files")
    parser.add_argument("--captions-file", type=Path, help="captions, one per line (default: a built-in set)")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--batch-size", type=int, default=8, help="images per forward (default 8)")
    parser.add_argument("--text-batch-size", type=int,
                        help="captions per forward (default: --batch-size)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per phase (default 10)")
    parser.add_argument("--iterations", type=int, help="measured batches per phase (instead of --seconds)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per phase (default 2)")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="where the encoders run")
    parser.add_argument("--fp16", action="store_true", help="with --device cuda: fp16 autocast")
    args = parser.parse_args()
    if args.text_batch_size is None:
        args.text_batch_size = args.batch_size
    if args.threads < 1 or args.batch_size < 1 or args.text_batch_size < 1:
        parser.error("--threads, --batch-size and --text-batch-size must be >= 1")
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: no CUDA device visible to torch")
    if args.fp16 and args.device != "cuda":
        parser.error("--fp16 needs --device cuda")

    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(False)
    device = torch.device(args.device)

    manifest_path = args.bundle / "manifest.json"
    if not manifest_path.is_file():
        raise SystemExit(f"{args.bundle} is not a model bundle (no manifest.json)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    size = int(manifest["preprocessing"]["inputSize"])
    ratio = float(manifest["preprocessing"]["targetPadRatio"])
    image_encoder = torch.jit.load(str(args.bundle / manifest["imageEncoder"]["file"]), map_location=device).eval()
    text_encoder = torch.jit.load(str(args.bundle / manifest["textEncoder"]["file"]), map_location=device).eval()
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(args.bundle / manifest["textEncoder"]["tokenizer"]))
    transform = targetpad_transform(size, ratio)

    files = image_files(args.images)
    blobs = [f.read_bytes() for f in files]
    captions = read_captions(args.captions_file)
    err(f"bundle {manifest['name']} ({manifest['architecture']}, S = {size}, D = {manifest['featureDim']}), "
        f"{len(files)} images, {len(captions)} captions, {args.threads} threads, batch {args.batch_size} images / "
        f"{args.text_batch_size} captions, {args.device}"
        + (" fp16 autocast" if args.fp16 else ""))

    def autocast():
        if args.fp16:
            return torch.autocast("cuda", dtype=torch.float16)
        return contextlib.nullcontext()

    def synchronize():
        if device.type == "cuda":
            torch.cuda.synchronize()

    image_batches = cycle_batches(blobs, args.batch_size)
    caption_batches = cycle_batches(captions, args.text_batch_size)

    def image_batch():
        tensors = []
        for blob in next(image_batches):
            with PIL.Image.open(io.BytesIO(blob)) as image:
                tensors.append(transform(image))
        with autocast():
            features = image_encoder(torch.stack(tensors).to(device, non_blocking=True))
        features.float().cpu()

    def caption_batch():
        encodings = tokenizer.encode_batch(next(caption_batches), add_special_tokens=True)
        ids = torch.tensor([clip_frame(list(e.ids), CONTEXT_LENGTH) for e in encodings], dtype=torch.int64)
        with autocast():
            features = text_encoder(ids.to(device, non_blocking=True))
        features.float().cpu()

    images_per_second = timed_phase("images", image_batch, args.batch_size, args.warmup, args.seconds,
                                    args.iterations, synchronize)
    captions_per_second = timed_phase("captions", caption_batch, args.text_batch_size, args.warmup, args.seconds,
                                      args.iterations, synchronize)
    result = {
        "imagesPerSecond": round(images_per_second, 3),
        "captionsPerSecond": round(captions_per_second, 3),
        "threads": args.threads,
        "batchSize": args.batch_size,
        "textBatchSize": args.text_batch_size,
        "torch": torch.__version__.split("+")[0],
        "device": args.device,
    }
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
