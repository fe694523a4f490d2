#!/usr/bin/env python3
"""Generate the fixtures that prove cirstream's Java Combiner matches CLIP4Cir's PyTorch Combiner.

Writes into core/src/test/resources/combiner/ (all seeded, so a re-run gives the same numbers):

* ``clip4cir_d32.pt``           — a CLIP4Cir Combiner (D=32, P=128, H=256) saved the way CLIP4Cir's ``save_model``
  does: ``torch.save({'epoch': ..., 'Combiner': state_dict})`` (zip format, pickle protocol 2).
* ``clip4cir_d32.safetensors``  — the same weights, written by the ``safetensors`` library.
* ``clip4cir_d32_vectors.json`` — raw (un-normalised, norm ~10) text and image features, B=8, and what the
  eval-mode PyTorch Combiner makes of them: the normalised query features and the dynamic scalar lambda.
* ``clip4cir_d8.safetensors`` + ``clip4cir_d8_vectors.json`` — a second, small Combiner (D=8, P=32, H=64).
* ``clip4cir_d8_strided.pt``    — the D=8 weights as non-contiguous tensors: a transposed view, and slices of one
  shared storage at non-zero storage offsets (what ``torch.save`` writes for views).
* ``clip4cir_d8_module_prefix.pt`` — the D=8 weights as a bare state dict with DataParallel's ``module.`` prefix.
* ``clip4cir_d8_fp16.pt``       — the D=8 weights in float16 (``HalfStorage``).
* ``clip4cir_d8_bf16.safetensors`` — the D=8 weights in bfloat16.
* ``malicious_os_system.pt``    — a torch.save-shaped zip whose pickle calls ``os.system``: the Java reader must
  refuse it without running anything.

Run from the repository root with the project's virtual environment:

    .venv/bin/python tools/make_combiner_test_vectors.py
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from collections import OrderedDict
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clip4cir_combiner import Combiner  # noqa: E402  (CLIP4Cir's Combiner, shared with export_bundle.py)

OUT = Path("core/src/test/resources/combiner")
BATCH = 8
RAW_NORM = 10.0  # CLIP's raw features have norms of about 10


def make_combiner(dim: int, seed: int) -> Combiner:
    torch.manual_seed(seed)
    model = Combiner(dim, 4 * dim, 8 * dim)
    with torch.no_grad():
        # PyTorch's default init gives lambda ~0.5 everywhere; spread it so the test sees lambda matter.
        model.dynamic_scalar[3].weight.mul_(8.0)
        model.dynamic_scalar[3].bias.fill_(0.3)
        model.output_layer.weight.mul_(4.0)
    return model.eval()


def raw_features(dim: int, generator: torch.Generator) -> torch.Tensor:
    x = torch.randn(BATCH, dim, generator=generator)
    norms = RAW_NORM * (0.7 + 0.6 * torch.rand(BATCH, 1, generator=generator))
    return x / x.norm(dim=-1, keepdim=True) * norms


def rows(t: torch.Tensor) -> list:
    return [[float(v) for v in row] for row in t.detach().to(torch.float32)]


def write_vectors(model: Combiner, dim: int, seed: int, name: str) -> None:
    generator = torch.Generator().manual_seed(seed)
    text = raw_features(dim, generator)
    image = raw_features(dim, generator)
    with torch.no_grad():
        output, lam = model.combine_with_lambda(image, text)
        query = F.normalize(output, dim=-1)
    vectors = {
        "description": "CLIP4Cir Combiner, eval mode, float32, CPU; query = combine_features(image, text)",
        "torch_version": torch.__version__,
        "feature_dim": dim,
        "projection_dim": 4 * dim,
        "hidden_dim": 8 * dim,
        "text": rows(text),
        "image": rows(image),
        "query": rows(query),
        "lambda": [float(v) for v in lam.squeeze(-1)],
    }
    (OUT / name).write_text(json.dumps(vectors, indent=1) + "\n")


def state_dict(model: Combiner) -> OrderedDict:
    return OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())


def strided_state_dict(model: Combiner) -> OrderedDict:
    """The same values, but stored as views: a transposed weight and slices of one shared flat storage."""
    sd = state_dict(model)
    strided = OrderedDict()
    shared_keys = ["output_layer.weight", "text_projection_layer.bias", "dynamic_scalar.3.bias"]
    shared = torch.zeros(sum(sd[k].numel() for k in shared_keys) + 5)
    offset = 5  # nothing starts at the beginning of the shared storage
    views = {}
    for key in shared_keys:
        n = sd[key].numel()
        shared[offset : offset + n] = sd[key].reshape(-1)
        views[key] = shared[offset : offset + n].view(sd[key].shape)
        offset += n
    for key, value in sd.items():
        if key in views:
            strided[key] = views[key]
        elif key == "combiner_layer.weight":
            strided[key] = value.t().contiguous().t()  # [out, in] view of an [in, out] storage
        elif key == "dynamic_scalar.0.weight":
            padded = torch.zeros(value.shape[0], value.shape[1] + 3)
            padded[:, 2 : 2 + value.shape[1]] = value
            strided[key] = padded[:, 2 : 2 + value.shape[1]]  # row stride larger than the row, offset 2
        else:
            strided[key] = value
    assert not strided["combiner_layer.weight"].is_contiguous()
    assert strided["combiner_layer.weight"].stride() == (1, strided["combiner_layer.weight"].shape[0])
    assert strided["output_layer.weight"].storage_offset() > 0
    assert not strided["dynamic_scalar.0.weight"].is_contiguous()
    for key, value in sd.items():
        assert torch.equal(strided[key], value), key
    return strided


def write_malicious(path: Path) -> None:
    """A zip laid out like torch.save's, whose data.pkl would run os.system('echo pwned') on a plain unpickler."""
    command = b"echo pwned"
    pickle = (
        b"\x80\x02"  # PROTO 2
        + b"}q\x00"  # EMPTY_DICT, BINPUT 0
        + b"X\x08\x00\x00\x00Combiner"  # BINUNICODE 'Combiner'
        + b"cos\nsystem\n"  # GLOBAL os.system
        + b"X" + len(command).to_bytes(4, "little") + command
        + b"\x85R"  # TUPLE1, REDUCE
        + b"s."  # SETITEM, STOP
    )
    entries = {"data.pkl": pickle, "byteorder": b"little", "version": b"3\n"}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            # a fixed timestamp, as torch.save writes, so a re-run gives the same bytes
            archive.writestr(zipfile.ZipInfo(f"malicious_os_system/{name}", date_time=(1980, 1, 1, 0, 0, 0)), data)


def check_rn50x4_parameter_count() -> None:
    with torch.device("meta"):
        model = Combiner(640, 2560, 5120)
    count = sum(p.numel() for p in model.parameters())
    assert count == 59_003_521, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    check_rn50x4_parameter_count()

    d32 = make_combiner(32, seed=3201)
    # model.state_dict() itself, as CLIP4Cir saves it: an OrderedDict carrying _metadata (pickled with BUILD).
    torch.save({"epoch": 42, "Combiner": d32.state_dict()}, OUT / "clip4cir_d32.pt")
    save_file(dict(state_dict(d32)), OUT / "clip4cir_d32.safetensors", metadata={"format": "pt"})
    write_vectors(d32, 32, seed=3202, name="clip4cir_d32_vectors.json")

    d8 = make_combiner(8, seed=801)
    save_file(dict(state_dict(d8)), OUT / "clip4cir_d8.safetensors", metadata={"format": "pt"})
    write_vectors(d8, 8, seed=802, name="clip4cir_d8_vectors.json")
    torch.save({"epoch": 1, "Combiner": strided_state_dict(d8)}, OUT / "clip4cir_d8_strided.pt")
    prefixed = OrderedDict(("module." + k, v) for k, v in state_dict(d8).items())
    torch.save(prefixed, OUT / "clip4cir_d8_module_prefix.pt")
    half = OrderedDict((k, v.half()) for k, v in state_dict(d8).items())
    torch.save({"epoch": 1, "Combiner": half}, OUT / "clip4cir_d8_fp16.pt")
    bf16 = {k: v.bfloat16() for k, v in state_dict(d8).items()}
    save_file(bf16, OUT / "clip4cir_d8_bf16.safetensors")

    write_malicious(OUT / "malicious_os_system.pt")
    for path in sorted(OUT.iterdir()):
        print(f"{path}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
