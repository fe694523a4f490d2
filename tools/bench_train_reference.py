#!/usr/bin/env python3
"""Measure PyTorch's Combiner training throughput: the reference ``bin/cirstream bench train`` compares the Java
training loop with, on the same features, batch size and thread count, in the same run.

The loop is CLIP4Cir's stage 2 on precomputed features (``combiner_train.py``), fp32:

    every epoch: a random permutation, cut into full batches (drop_last)
    every batch: combiner.train(); logits = 100 * combine(image, text) @ normalize(target).T
                 loss = cross_entropy(logits, arange(B)); optimizer.zero_grad(); loss.backward(); optimizer.step()

with ``torch.optim.Adam(lr=2e-5)`` and a Combiner of D, P = 4·D, H = 8·D freshly initialised from ``--seed``.

``--features`` is the file the Java side wrote: little-endian float32, text features [N, D], then reference-image
features [N, D], then target-image features [N, D]. Without it, seeded random features of norm ~10 are used.
Warm-up: ``--warmup-batches`` steps (default 1), then steps until ``--seconds`` have passed (at least one). Progress
goes to stderr; the last line on stdout is one JSON object:

    {"tripletsPerSecond": ..., "batches": n, "seconds": s, "cpuSeconds": c, "tripletsPerCpuSecond": ...,
     "batchSize": B, "triplets": N, "featureDim": D, "threads": T, "torch": "2.7.1", "device": "cpu", "meanLoss": ...}

``cpuSeconds`` is the process's CPU time (all threads) over the measured steps: on a busy shared machine it is
distorted less than wall time.

    .venv/bin/python tools/bench_train_reference.py --dims 640 --triplets 8192 --batch-size 4096 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clip4cir_combiner import new_combiner  # noqa: E402

RAW_NORM = 10.0
LEARNING_RATE = 2e-5


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_features(path: Path | None, triplets: int, dims: int, seed: int) -> tuple[torch.Tensor, ...]:
    if path is None:
        generator = torch.Generator().manual_seed(seed)
        x = torch.randn(3, triplets, dims, generator=generator)
        x = RAW_NORM * F.normalize(x, dim=-1)
    else:
        values = np.fromfile(path, dtype="<f4")
        if values.size != 3 * triplets * dims:
            raise SystemExit(f"{path} holds {values.size} floats, expected 3 x {triplets} x {dims}")
        x = torch.from_numpy(values.reshape(3, triplets, dims).copy())
    return x[0], x[1], x[2]


def main() -> int:
    parser = argparse.ArgumentParser(description="PyTorch Combiner training throughput (last stdout line: JSON).")
    parser.add_argument("--dims", type=int, default=640, help="CLIP feature dimension D (default 640, RN50x4)")
    parser.add_argument("--triplets", type=int, default=8192, help="training triplets N (default 8192)")
    parser.add_argument("--batch-size", type=int, default=4096, help="batch size, at most N (default 4096)")
    parser.add_argument("--features", type=Path, help="float32 features written by the Java side")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds (default 30)")
    parser.add_argument("--warmup-batches", type=int, default=1, help="steps before measuring (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seeds the init, the shuffles and the dropout")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = parser.parse_args()
    if min(args.dims, args.triplets, args.threads) < 1 or not 2 <= args.batch_size <= args.triplets:
        parser.error("--dims, --triplets, --threads must be >= 1 and 2 <= --batch-size <= --triplets")

    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    text, image, target = (t.to(device) for t in load_features(args.features, args.triplets, args.dims, args.seed))
    combiner = new_combiner(args.dims, args.seed).to(device).train()
    optimizer = torch.optim.Adam(combiner.parameters(), lr=LEARNING_RATE)
    labels = torch.arange(args.batch_size, device=device)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    batches_per_epoch = args.triplets // args.batch_size
    err(f"Combiner D={args.dims} P={4 * args.dims} H={8 * args.dims}, {args.triplets} triplets, batch "
        f"{args.batch_size}, {args.threads} threads, {args.device}")

    def batches():
        while True:
            order = torch.randperm(args.triplets, generator=generator).to(device)
            for b in range(batches_per_epoch):
                yield order[b * args.batch_size:(b + 1) * args.batch_size]

    def step(rows: torch.Tensor) -> float:
        logits = combiner(image[rows], text[rows], target[rows])
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()  # synchronises, as the Java loop reads each loss

    stream = batches()
    start = time.perf_counter()
    for _ in range(args.warmup_batches):
        step(next(stream))
    err(f"warm-up: {args.warmup_batches} steps in {time.perf_counter() - start:.1f} s")
    count, loss_sum, start, cpu_start = 0, 0.0, time.perf_counter(), time.process_time()
    while count == 0 or time.perf_counter() - start < args.seconds:
        loss_sum += step(next(stream))
        count += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    rate = count * args.batch_size / elapsed
    err(f"{count} steps of {args.batch_size} in {elapsed:.2f} s ({cpu:.2f} CPU s) -> {rate:.1f} triplets/s")
    print(json.dumps({
        "tripletsPerSecond": round(rate, 3),
        "batches": count,
        "seconds": round(elapsed, 3),
        "cpuSeconds": round(cpu, 3),
        "tripletsPerCpuSecond": round(count * args.batch_size / cpu, 3),
        "batchSize": args.batch_size,
        "triplets": args.triplets,
        "featureDim": args.dims,
        "threads": args.threads,
        "torch": torch.__version__.split("+")[0],
        "device": args.device,
        "meanLoss": round(loss_sum / count, 6),
    }), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
