#!/usr/bin/env python3
"""PIL + torchvision's time to decode an image and apply CLIP4Cir's targetpad transform: the reference
``bin/cirstream bench preprocess`` compares the Java decoder and PIL-exact preprocessor with, in the same run.

Prints one JSON line: {"decodeMs": ..., "preprocessMs": ..., "runs": N, "pillow": "...", "torchvision": "..."}

    .venv/bin/python tools/bench_preprocess_reference.py --image photo.jpg --size 288 --warmup 10 --runs 30
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import PIL
import PIL.Image
import torch
import torchvision

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clip4cir_preprocess import targetpad_transform  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--image", type=Path, required=True)
    parser.add_argument("--size", type=int, default=288)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = args.image.read_bytes()
    transform = targetpad_transform(args.size)
    decode = preprocess = 0.0
    for run in range(args.warmup + args.runs):
        t0 = time.perf_counter()
        image = PIL.Image.open(io.BytesIO(data))
        image.load()
        t1 = time.perf_counter()
        transform(image)
        t2 = time.perf_counter()
        if run >= args.warmup:
            decode += t1 - t0
            preprocess += t2 - t1
    print(json.dumps({"decodeMs": 1000 * decode / args.runs, "preprocessMs": 1000 * preprocess / args.runs,
                      "runs": args.runs, "pillow": PIL.__version__, "torchvision": torchvision.__version__}))


if __name__ == "__main__":
    main()
