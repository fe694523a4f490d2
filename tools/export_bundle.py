#!/usr/bin/env python3
"""Export a cirstream *model bundle*: CLIP image and text encoders as TorchScript, CLIP's BPE tokenizer, the CLIP4Cir
Combiner weights and a manifest.json that the Java runtime reads.

Bundle layout (``--out DIR``)::

    manifest.json         formatVersion 1: name, architecture, featureDim D, encoder files and version,
                          preprocessing (targetpad 1.25, CLIP mean/std, bicubic, input size S), Combiner dims, sha256s
    image_encoder.pt      TorchScript (torch.jit.trace, fp32, CPU, saved with torch.jit.save, debug records
                          removed): float32 [B,3,S,S], already normalised
                          → float32 [B,D] raw features (not L2-normalised); any B
    text_encoder.pt       TorchScript: int64 [B,77] CLIP token ids → float32 [B,D] raw features taken at the
                          end-token position (argmax of the ids); any B
    tokenizer.json        CLIP's byte-level BPE for HuggingFace tokenizers (see clip_tokenizer_json.py)
    combiner.safetensors  fp32 Combiner weights, CLIP4Cir's key layout (Linear weights [out, in])

Sources:

* ``--arch RN50|RN50x4|ViT-B-32|... --random-seed N``: open_clip's architecture with seeded random weights (for
  benchmarks); OpenAI's QuickGELU, as in CLIP.
* ``--clip-checkpoint PATH``: CLIP4Cir's fine-tuned CLIP (``torch.save({'CLIP': state_dict})`` of an OpenAI CLIP model),
  a plain OpenAI-layout state dict, or OpenAI's TorchScript release file. Built with open_clip's
  ``build_model_from_openai_state_dict`` and reloaded in full fp32 precision. ``--arch`` is then optional (inferred,
  or checked against the checkpoint).
* ``--combiner-checkpoint PATH``: CLIP4Cir's ``{'Combiner': state_dict}``; without it a freshly initialised Combiner
  (PyTorch default init from ``--random-seed``) with P = 4·D, H = 8·D.
* ``--tiny``: the tiny test architecture (ModifiedResNet CLIP, D = 32, S = 64, a ~6 MB bundle) used by the fixtures.

Examples::

    .venv/bin/python tools/export_bundle.py --tiny --random-seed 0 --out fixtures/tiny-bundle --force
    .venv/bin/python tools/export_bundle.py --arch RN50x4 --random-seed 0 --out bundles/rn50x4-random
    .venv/bin/python tools/export_bundle.py --arch RN50x4 --clip-checkpoint fiq_clip_RN50x4_fullft.pt \\
        --combiner-checkpoint fiq_comb_RN50x4_fullft.pt --out bundles/clip4cir-fiq-rn50x4
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip4cir_combiner import (  # noqa: E402
    COMBINER_KEYS,
    Combiner,
    load_combiner_checkpoint,
    new_combiner,
    parameter_count,
    unwrap_state_dict,
)
from clip4cir_preprocess import CLIP_MEAN, CLIP_STD, TARGET_PAD_RATIO  # noqa: E402
from clip_tokenizer_json import CONTEXT_LENGTH, build_tokenizer, encode_framed, tokenizer_json  # noqa: E402

FORMAT_VERSION = 1
IMAGE_ENCODER_FILE = "image_encoder.pt"
TEXT_ENCODER_FILE = "text_encoder.pt"
IMAGE_ENCODER_FP16_FILE = "image_encoder.fp16.pt"
TEXT_ENCODER_FP16_FILE = "text_encoder.fp16.pt"
FP16_MIN_COSINE = 0.999
TOKENIZER_FILE = "tokenizer.json"
COMBINER_FILE = "combiner.safetensors"
MANIFEST_FILE = "manifest.json"

#: The tiny fixture architecture: a ModifiedResNet CLIP small enough to commit (D = 32, S = 64).
TINY_EMBED_DIM = 32
TINY_VISION = dict(layers=(1, 1, 1, 1), width=8, image_size=64)
TINY_TEXT = dict(context_length=CONTEXT_LENGTH, vocab_size=49408, width=16, heads=2, layers=2)

#: open_clip architectures tried, in this order, when a checkpoint's architecture must be inferred.
KNOWN_ARCHS = ["RN50", "RN101", "RN50x4", "RN50x16", "RN50x64", "ViT-B-32", "ViT-B-16", "ViT-L-14", "ViT-L-14-336"]

#: Captions used to trace and check the text encoder (varied lengths, so the end token moves).
TRACE_CAPTIONS = [
    "is red and has long sleeves",
    "a",
    "Remove the dog and add two cats sitting on a blue sofa, seen from the side, at night.",
    "",
    "shorter " * 90,
]


def log(message: str) -> None:
    """A progress line on stdout, flushed."""
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# CLIP model sources


def tiny_clip(seed: int) -> nn.Module:
    """The tiny fixture CLIP, seeded. BatchNorm affine parameters are randomised (open_clip zero-initialises every bn3
    weight, which would silence the residual branches) and the running statistics are calibrated on a batch of
    synthetic images: with PyTorch's default init, the signal would otherwise shrink layer after layer and every image
    would get nearly the same feature, so the fixtures could not tell a correct preprocessing from a wrong one."""
    from open_clip.model import CLIP, CLIPTextCfg, CLIPVisionCfg

    torch.manual_seed(seed)
    model = CLIP(
        TINY_EMBED_DIM,
        vision_cfg=CLIPVisionCfg(**TINY_VISION),
        text_cfg=CLIPTextCfg(**TINY_TEXT),
        quick_gelu=True,
    )
    generator = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                n = module.num_features
                module.weight.copy_(0.5 + torch.rand(n, generator=generator))
                module.bias.copy_(0.1 * torch.randn(n, generator=generator))
    calibrate_batch_norm(model.visual, calibration_images(16, TINY_VISION["image_size"], generator))
    return model.float().eval()


def calibration_images(count: int, size: int, generator: torch.Generator) -> torch.Tensor:
    """Normalised-looking synthetic images: smooth random fields plus a little pixel noise, [count,3,size,size]."""
    coarse = torch.randn(count, 3, 8, 8, generator=generator)
    smooth = nn.functional.interpolate(coarse, size=(size, size), mode="bilinear", align_corners=False)
    return smooth + 0.3 * torch.randn(count, 3, size, size, generator=generator)


def calibrate_batch_norm(module: nn.Module, images: torch.Tensor) -> None:
    """Set every BatchNorm's running statistics to the batch statistics of ``images`` (one train-mode pass with a
    cumulative average), so that eval-mode activations keep a healthy scale through the network."""
    norms = [m for m in module.modules() if isinstance(m, nn.BatchNorm2d)]
    for bn in norms:
        bn.reset_running_stats()
        bn.momentum = None
    module.train()
    with torch.no_grad():
        module(images)
    for bn in norms:
        bn.momentum = 0.1
    module.eval()


def random_clip(arch: str, seed: int) -> nn.Module:
    """open_clip's ``arch`` with seeded random weights and OpenAI's QuickGELU."""
    import open_clip

    if arch not in open_clip.list_models():
        raise SystemExit(f"unknown open_clip architecture {arch!r}; e.g. {', '.join(KNOWN_ARCHS)}")
    torch.manual_seed(seed)
    model = open_clip.create_model(arch, pretrained=None, force_quick_gelu=True, device="cpu", precision="fp32")
    return model.float().eval()


def read_clip_state_dict(path: Path, allow_pickle: bool) -> dict[str, torch.Tensor]:
    """The OpenAI-layout CLIP state dict in a checkpoint file: CLIP4Cir's ``{'CLIP': sd}``, ``{'state_dict': sd}``,
    a plain state dict, or OpenAI's TorchScript release. Exits with the keys found when it is none of these."""
    if not path.is_file():
        raise SystemExit(f"CLIP checkpoint {path} does not exist")
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=not allow_pickle)
    except Exception as load_error:  # noqa: BLE001 - try the TorchScript form before giving up
        try:
            checkpoint = torch.jit.load(str(path), map_location="cpu").state_dict()
        except Exception:  # noqa: BLE001
            hint = "" if allow_pickle else " (if you trust the file, --allow-pickle loads arbitrary pickles)"
            raise SystemExit(f"cannot load CLIP checkpoint {path}: {load_error}{hint}") from load_error
    if not isinstance(checkpoint, dict):
        raise SystemExit(f"CLIP checkpoint {path} holds a {type(checkpoint).__name__}, not a dict")
    state = unwrap_state_dict(checkpoint, ("CLIP", "clip", "state_dict", "model"))
    required = ["text_projection", "token_embedding.weight", "positional_embedding", "ln_final.weight"]
    missing = [k for k in required if k not in state]
    if not any(k in state for k in ("visual.proj", "visual.attnpool.positional_embedding")):
        missing.append("visual.proj or visual.attnpool.positional_embedding")
    if missing:
        raise SystemExit(
            f"{path} is not an OpenAI-layout CLIP checkpoint: missing {missing}. Top-level keys: "
            f"{sorted(map(str, checkpoint))[:20]}; tensors found: {sorted(state)[:30] or '(none)'}"
        )
    return state


def checkpoint_clip(path: Path, allow_pickle: bool) -> nn.Module:
    """A CLIP model from an OpenAI-layout state dict, through open_clip's ``build_model_from_openai_state_dict``.
    That function loads the weights into a half-precision model; they are reloaded in fp32 so nothing is rounded."""
    from open_clip.model import build_model_from_openai_state_dict

    state = {k: v.detach().to(torch.float32) for k, v in read_clip_state_dict(path, allow_pickle).items()}
    for key in ("input_resolution", "context_length", "vocab_size"):
        state.pop(key, None)
    try:
        model = build_model_from_openai_state_dict(dict(state), quick_gelu=True, cast_dtype=None)
        model = model.float()
        model.load_state_dict(state, strict=True)
    except RuntimeError as e:
        raise SystemExit(f"{path}: the state dict does not fit an OpenAI CLIP model: {e}") from e
    return model.eval()


def clip_dims(model: nn.Module) -> dict[str, object]:
    """Feature dimension, input size and tower shapes of a CLIP model (to compare with open_clip's configs)."""
    visual = model.visual
    image_size = visual.image_size if isinstance(visual.image_size, int) else visual.image_size[0]
    return {
        "embed_dim": int(model.text_projection.shape[1]),
        "image_size": int(image_size),
        "text_width": int(model.ln_final.weight.shape[0]),
        "text_layers": len(model.transformer.resblocks),
    }


def config_dims(arch: str) -> dict[str, object] | None:
    """The same dims from open_clip's named config, or None when the config is unknown."""
    import open_clip

    cfg = open_clip.get_model_config(arch)
    if not cfg:
        return None
    image_size = cfg["vision_cfg"]["image_size"]
    return {
        "embed_dim": cfg["embed_dim"],
        "image_size": image_size if isinstance(image_size, int) else image_size[0],
        "text_width": cfg["text_cfg"]["width"],
        "text_layers": cfg["text_cfg"]["layers"],
    }


def resolve_arch(model: nn.Module, requested: str | None) -> str:
    """Check ``requested`` against the model, or infer the architecture name from open_clip's configs."""
    dims = clip_dims(model)
    if requested:
        expected = config_dims(requested)
        if expected is None:
            raise SystemExit(f"unknown open_clip architecture {requested!r}")
        if expected != dims:
            raise SystemExit(f"the checkpoint does not look like {requested}: it has {dims}, {requested} has {expected}")
        return requested
    for arch in KNOWN_ARCHS:
        if config_dims(arch) == dims:
            return arch
    return "openai-clip-d{embed_dim}-s{image_size}".format(**dims)


# ---------------------------------------------------------------------------------------------------------------
# encoders as TorchScript


class ImageEncoder(nn.Module):
    """CLIP's image tower: normalised images [B,3,S,S] → raw image features [B,D] (``encode_image`` without the
    L2 normalisation)."""

    def __init__(self, clip: nn.Module):
        super().__init__()
        self.visual = clip.visual

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.visual(images)


class TextEncoder(nn.Module):
    """CLIP's text tower: token ids [B,77] → raw text features [B,D] at the end-token position (the argmax of the
    ids), as ``encode_text(normalize=False)``. The end-token row is picked with ``gather`` rather than indexing with
    ``arange(device=...)``, so the traced module carries no device constant and runs on CPU or GPU alike."""

    def __init__(self, clip: nn.Module):
        super().__init__()
        if getattr(clip, "text_pool_type", "argmax") != "argmax":
            raise SystemExit(f"text pooling {clip.text_pool_type!r} is not CLIP's argmax")
        self.token_embedding = clip.token_embedding
        self.positional_embedding = clip.positional_embedding
        self.transformer = clip.transformer
        self.ln_final = clip.ln_final
        self.text_projection = clip.text_projection
        self.register_buffer("attn_mask", clip.attn_mask, persistent=False)

    def forward(self, text: torch.Tensor) -> torch.Tensor:
        x = self.token_embedding(text)
        x = x + self.positional_embedding
        x = self.transformer(x, attn_mask=self.attn_mask)
        x = self.ln_final(x)
        end = text.argmax(dim=-1)
        x = x.gather(1, end.view(-1, 1, 1).expand(-1, 1, x.shape[-1])).squeeze(1)
        if isinstance(self.text_projection, nn.Linear):
            return self.text_projection(x)
        return x @ self.text_projection


def example_images(batch: int, size: int, seed: int) -> torch.Tensor:
    """Normalised-looking random images [batch,3,size,size]."""
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(batch, 3, size, size, generator=generator)


def example_tokens(tokenizer, count: int) -> torch.Tensor:
    """Token ids [count,77] of the trace captions (cycled)."""
    captions = [TRACE_CAPTIONS[i % len(TRACE_CAPTIONS)] for i in range(count)]
    return torch.tensor(encode_framed(tokenizer, captions), dtype=torch.int64)


def trace(module: nn.Module, example: torch.Tensor) -> torch.jit.ScriptModule:
    """torch.jit.trace in eval mode without autograd (a plain trace, not frozen; loadable by libtorch 2.7.1). The
    example input is not stored in the archive."""
    module = module.eval()
    with torch.no_grad():
        return torch.jit.trace(module, (example,), check_trace=False, _store_inputs=False)


def save_torchscript(module: torch.jit.ScriptModule, path: Path) -> None:
    """torch.jit.save, then rewrite the archive without its ``*.debug_pkl`` records. Those hold the Python source
    ranges of the traced code (file paths and line numbers of torch, open_clip and this script), so without them the
    file depends only on the model: the same weights give the same bytes and sha256 on any machine. libtorch loads
    archives without debug records (they only enrich error messages). The format version record is kept as is: it
    selects libtorch's operator upgraders."""
    full = path.with_name(path.name + ".full")
    torch.jit.save(module, str(full))
    try:
        reader = torch._C.PyTorchFileReader(str(full))
        writer = torch._C.PyTorchFileWriter(str(path))
        writer.set_min_version(int(reader.get_record("version").decode().strip()))
        automatic = {"version", ".data/version", ".data/serialization_id"}
        for name in reader.get_all_records():
            if name.endswith(".debug_pkl") or name in automatic:
                continue
            data = reader.get_record(name)
            writer.write_record(name, data, len(data))
        writer.write_end_of_file()
        del writer, reader
        check = torch._C.PyTorchFileReader(str(path))
        if check.get_record("version") != torch._C.PyTorchFileReader(str(full)).get_record("version"):
            raise SystemExit(f"{path}: the format version changed while removing debug records")
    finally:
        full.unlink(missing_ok=True)


def max_abs_diff(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).abs().max())


def check_encoder(name: str, eager: nn.Module, saved: Path, inputs: list[torch.Tensor]) -> None:
    """Compare the saved TorchScript module with the eager module on every input batch; exit on a mismatch."""
    loaded = torch.jit.load(str(saved), map_location="cpu").eval()
    with torch.no_grad():
        for x in inputs:
            expected, actual = eager(x), loaded(x)
            if actual.shape != expected.shape or actual.dtype != torch.float32:
                raise SystemExit(f"{name}: traced output {tuple(actual.shape)} {actual.dtype}, eager {tuple(expected.shape)}")
            scale = float(expected.abs().max()) or 1.0
            diff = max_abs_diff(actual, expected)
            if diff > 1e-5 * max(scale, 1.0):
                raise SystemExit(f"{name}: traced and eager outputs differ by {diff:.3g} at batch {x.shape[0]}")
            log(f"  {name}: batch {x.shape[0]:>2} → {tuple(actual.shape)}, max |traced − eager| = {diff:.2e}")
    if 'value="cpu"' in str(loaded.inlined_graph):
        log(f"  warning: {name} holds a CPU device constant; it may not run on a GPU")


# ---------------------------------------------------------------------------------------------------------------
# hashing, saving


def export_fp16(image_encoder: nn.Module, text_encoder: nn.Module, tokenizer, input_size: int, out: Path) -> None:
    """Half-precision copies of both towers for GPUs (the Java runtime loads them with --fp16 on a GPU): traced in
    fp16 on CUDA when present, else on the CPU, then checked against the fp32 towers (cosine >= FP16_MIN_COSINE)."""
    import copy

    device = "cuda" if torch.cuda.is_available() else "cpu"
    pairs = [
        ("image", image_encoder, example_images(4, input_size, seed=21), IMAGE_ENCODER_FP16_FILE),
        ("text", text_encoder, example_tokens(tokenizer, 4), TEXT_ENCODER_FP16_FILE),
    ]
    for role, fp32, example, file in pairs:
        half = copy.deepcopy(fp32).to(device).half().eval()
        traced_input = example.to(device).half() if example.is_floating_point() else example.to(device)
        log(f"tracing the fp16 {role} encoder on {device}")
        save_torchscript(trace(half, traced_input), out / file)
        loaded = torch.jit.load(str(out / file), map_location=device).eval()
        with torch.no_grad():
            got = loaded(traced_input).float().cpu()
            want = fp32(example)
        cosine = float(torch.nn.functional.cosine_similarity(got, want, dim=-1).min())
        log(f"  fp16 {role} encoder: min cosine to fp32 {cosine:.6f} on {example.shape[0]} inputs")
        if cosine < FP16_MIN_COSINE:
            raise SystemExit(f"fp16 {role} encoder drifts from fp32 (cosine {cosine:.6f} < {FP16_MIN_COSINE})")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def weights_digest(state: dict[str, torch.Tensor]) -> str:
    """sha256 over (name, dtype, shape, little-endian bytes) of every tensor, in name order: a version id that does
    not depend on how the file was serialised."""
    digest = hashlib.sha256()
    for key in sorted(state):
        tensor = state[key].detach().to("cpu").contiguous()
        digest.update(f"{key}|{tensor.dtype}|{tuple(tensor.shape)}\n".encode())
        digest.update(tensor.numpy().astype(tensor.numpy().dtype.newbyteorder("<"), copy=False).tobytes())
    return digest.hexdigest()


def save_combiner(combiner: Combiner, path: Path) -> dict[str, torch.Tensor]:
    """Write the Combiner's fp32 weights (CLIP4Cir keys) as safetensors; returns the saved tensors."""
    from safetensors.torch import save_file

    state = {k: v.detach().to(torch.float32).contiguous() for k, v in combiner.state_dict().items()}
    if list(state) != COMBINER_KEYS:
        raise SystemExit(f"unexpected Combiner keys {list(state)}")
    # one metadata entry only: safetensors writes metadata in hash-map order, which would make the file vary
    save_file(state, str(path), metadata={"format": "pt"})
    return state


def check_combiner_file(combiner: Combiner, path: Path) -> None:
    """Reload the safetensors file into a fresh Combiner and compare outputs on random raw features."""
    from safetensors.torch import load_file

    state = load_file(str(path))
    d = combiner.text_projection_layer.in_features
    reloaded = Combiner(d, combiner.text_projection_layer.out_features, combiner.combiner_layer.out_features)
    reloaded.load_state_dict(state, strict=True)
    reloaded.eval()
    generator = torch.Generator().manual_seed(7)
    i, t = torch.randn(4, d, generator=generator), torch.randn(4, d, generator=generator)
    with torch.no_grad():
        diff = max_abs_diff(reloaded.combine_features(i, t), combiner.combine_features(i, t))
    if diff != 0.0:
        raise SystemExit(f"{path}: reloaded Combiner differs by {diff}")
    log(f"  combiner: reloaded {path.name}, outputs identical")


def prepare_out_dir(out: Path, force: bool) -> None:
    """Create ``out``; refuse to overwrite an existing bundle unless ``force``."""
    if (out / MANIFEST_FILE).exists() and not force:
        raise SystemExit(f"{out} already holds a bundle (manifest.json); pass --force to overwrite it")
    if out.exists() and not out.is_dir():
        raise SystemExit(f"{out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    for name in (IMAGE_ENCODER_FILE, TEXT_ENCODER_FILE, TOKENIZER_FILE, COMBINER_FILE, MANIFEST_FILE):
        (out / name).unlink(missing_ok=True)


def build_manifest(
    name: str,
    arch: str,
    feature_dim: int,
    input_size: int,
    encoder_version: str,
    combiner: Combiner,
    combiner_version: str,
    out: Path,
) -> dict:
    """manifest.json (format 1), with the sha256 of every bundle file."""
    files = [IMAGE_ENCODER_FILE, TEXT_ENCODER_FILE, TOKENIZER_FILE, COMBINER_FILE]
    fp16 = (out / IMAGE_ENCODER_FP16_FILE).exists() and (out / TEXT_ENCODER_FP16_FILE).exists()
    if fp16:
        files += [IMAGE_ENCODER_FP16_FILE, TEXT_ENCODER_FP16_FILE]
    manifest = {
        "formatVersion": FORMAT_VERSION,
        "name": name,
        "architecture": arch,
        "featureDim": feature_dim,
        "imageEncoder": {"file": IMAGE_ENCODER_FILE, "version": encoder_version},
        "textEncoder": {
            "file": TEXT_ENCODER_FILE,
            "version": encoder_version,
            "tokenizer": TOKENIZER_FILE,
            "contextLength": CONTEXT_LENGTH,
        },
        "preprocessing": {
            "inputSize": input_size,
            "targetPadRatio": TARGET_PAD_RATIO,
            "mean": list(CLIP_MEAN),
            "std": list(CLIP_STD),
            "interpolation": "bicubic",
        },
        "combiner": {
            "file": COMBINER_FILE,
            "version": combiner_version,
            "projectionDim": combiner.text_projection_layer.out_features,
            "hiddenDim": combiner.combiner_layer.out_features,
        },
        "files": {f: sha256_file(out / f) for f in files},
    }
    if fp16:
        manifest["imageEncoder"]["fp16File"] = IMAGE_ENCODER_FP16_FILE
        manifest["textEncoder"]["fp16File"] = TEXT_ENCODER_FP16_FILE
    return manifest


# ---------------------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Export a cirstream model bundle (TorchScript CLIP encoders, tokenizer, CLIP4Cir Combiner). "
        "Source: --tiny, --arch ARCH [--random-seed N], or --clip-checkpoint PATH [--arch ARCH].",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:" + __doc__.split("Examples::")[1],
    )
    parser.add_argument("--tiny", action="store_true", help="the tiny test architecture (fixtures; D=32, S=64)")
    parser.add_argument("--arch", help="open_clip architecture (RN50, RN50x4, ViT-B-32, ...): random weights, or with "
                        "--clip-checkpoint the architecture the checkpoint must have (default: inferred)")
    parser.add_argument("--clip-checkpoint", type=Path,
                        help="CLIP4Cir {'CLIP': state_dict}, a plain OpenAI CLIP state dict or OpenAI's TorchScript file")
    parser.add_argument("--random-seed", type=int, default=0,
                        help="seed of random encoder weights and of a fresh Combiner (default 0)")
    parser.add_argument("--combiner-checkpoint", type=Path,
                        help="CLIP4Cir {'Combiner': state_dict}; default: a fresh Combiner (P=4D, H=8D)")
    parser.add_argument("--name", help="bundle name (default: tiny-rn, <arch>-random-seed<N> or clip4cir-<arch>)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--force", action="store_true", help="overwrite an existing bundle in --out")
    parser.add_argument("--fp16", action="store_true",
                        help="also write half-precision encoders (image_encoder.fp16.pt, text_encoder.fp16.pt) for "
                             "GPUs; traced on CUDA when present, else on the CPU; each is checked against fp32")
    parser.add_argument("--allow-pickle", action="store_true",
                        help="load checkpoints with torch.load(weights_only=False): trusted files only")
    args = parser.parse_args(argv)
    if args.tiny and (args.arch or args.clip_checkpoint):
        parser.error("--tiny excludes --arch and --clip-checkpoint")
    if not (args.tiny or args.arch or args.clip_checkpoint):
        parser.error("give a source: --tiny, --arch ARCH [--random-seed N], or --clip-checkpoint PATH [--arch ARCH]")
    return args


def load_clip(args: argparse.Namespace) -> tuple[nn.Module, str, str]:
    """(CLIP model in eval mode, architecture name, default bundle name) for the chosen source."""
    if args.tiny:
        log(f"building the tiny CLIP (seed {args.random_seed})")
        return tiny_clip(args.random_seed), "tiny", "tiny-rn"
    if args.clip_checkpoint:
        log(f"loading CLIP checkpoint {args.clip_checkpoint}")
        model = checkpoint_clip(args.clip_checkpoint, args.allow_pickle)
        arch = resolve_arch(model, args.arch)
        return model, arch, f"clip4cir-{arch}"
    log(f"building {args.arch} with random weights (seed {args.random_seed})")
    return random_clip(args.arch, args.random_seed), args.arch, f"{args.arch}-random-seed{args.random_seed}"


def load_or_create_combiner(args: argparse.Namespace, feature_dim: int) -> tuple[Combiner, str]:
    """(Combiner in eval mode, a description of where it came from)."""
    if args.combiner_checkpoint:
        try:
            combiner = load_combiner_checkpoint(args.combiner_checkpoint)
        except (FileNotFoundError, ValueError) as e:
            raise SystemExit(str(e)) from e
        if combiner.text_projection_layer.in_features != feature_dim:
            raise SystemExit(
                f"Combiner checkpoint {args.combiner_checkpoint} expects D = "
                f"{combiner.text_projection_layer.in_features}, the CLIP model has D = {feature_dim}"
            )
        return combiner, f"checkpoint {args.combiner_checkpoint}"
    return new_combiner(feature_dim, args.random_seed), f"fresh (PyTorch default init, seed {args.random_seed})"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.time()
    torch.set_grad_enabled(False)

    model, arch, default_name = load_clip(args)
    name = args.name or default_name
    dims = clip_dims(model)
    feature_dim, input_size = dims["embed_dim"], dims["image_size"]
    log(f"  architecture {arch}: D = {feature_dim}, input {input_size}×{input_size}, text width "
        f"{dims['text_width']} × {dims['text_layers']} layers")

    combiner, combiner_source = load_or_create_combiner(args, feature_dim)
    log(f"  combiner: {combiner_source}, P = {combiner.text_projection_layer.out_features}, "
        f"H = {combiner.combiner_layer.out_features}, {parameter_count(combiner):,} parameters")

    out = args.out
    prepare_out_dir(out, args.force)
    tokenizer = build_tokenizer()
    (out / TOKENIZER_FILE).write_text(tokenizer_json(tokenizer), encoding="utf-8")
    log(f"wrote {out / TOKENIZER_FILE}")

    image_encoder, text_encoder = ImageEncoder(model).eval(), TextEncoder(model).eval()
    log("tracing the image encoder")
    save_torchscript(trace(image_encoder, example_images(2, input_size, seed=1)), out / IMAGE_ENCODER_FILE)
    log("tracing the text encoder")
    save_torchscript(trace(text_encoder, example_tokens(tokenizer, 2)), out / TEXT_ENCODER_FILE)

    log("checking the TorchScript files against eager PyTorch")
    check_encoder("image encoder", image_encoder, out / IMAGE_ENCODER_FILE,
                  [example_images(b, input_size, seed=10 + b) for b in (1, 5)])
    with torch.no_grad():
        reference = model.encode_text(example_tokens(tokenizer, 5), normalize=False)
        mine = text_encoder(example_tokens(tokenizer, 5))
    if max_abs_diff(reference, mine) > 1e-5 * max(float(reference.abs().max()), 1.0):
        raise SystemExit("TextEncoder differs from open_clip's encode_text")
    check_encoder("text encoder", text_encoder, out / TEXT_ENCODER_FILE,
                  [example_tokens(tokenizer, b) for b in (1, 5)])

    if args.fp16:
        export_fp16(image_encoder, text_encoder, tokenizer, input_size, out)

    save_combiner(combiner, out / COMBINER_FILE)
    check_combiner_file(combiner, out / COMBINER_FILE)

    encoder_version = f"{name}-{weights_digest(model.state_dict())[:12]}"
    combiner_version = f"{name}-combiner-{weights_digest(combiner.state_dict())[:12]}"
    manifest = build_manifest(name, arch, feature_dim, input_size, encoder_version, combiner, combiner_version, out)
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    log(f"\nbundle {name} written to {out} in {time.time() - started:.1f} s")
    log(f"  architecture {arch}, D = {feature_dim}, S = {input_size}, P = {manifest['combiner']['projectionDim']}, "
        f"H = {manifest['combiner']['hiddenDim']}, Combiner parameters {parameter_count(combiner):,}")
    log(f"  encoder version {encoder_version}, combiner version {combiner_version}")
    for file, digest in manifest["files"].items():
        log(f"  {file:<22} {(out / file).stat().st_size / 1e6:9.2f} MB  sha256 {digest[:16]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
