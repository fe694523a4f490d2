#!/usr/bin/env bash
# Regenerates everything under fixtures/ from scratch, deterministically (same tools/requirements.txt → same bytes):
#   fixtures/tiny-bundle/  the tiny model bundle (tools/export_bundle.py --tiny)
#   fixtures/images/       the fixture images (tools/make_fixture_images.py)
#   fixtures/reference/    PyTorch reference outputs on them (tools/make_references.py)
# and checks the tokenizer against open_clip (tools/check_tokenizer.py).
# Usage, from anywhere:  tools/make_fixtures.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
cd "$ROOT"
[ -x "$PY" ] || { echo "no Python at $PY: run tools/setup-python.sh first (or set PYTHON=...)" >&2; exit 1; }

rm -rf fixtures/tiny-bundle fixtures/images fixtures/reference  # README.md and .gitattributes stay
"$PY" tools/export_bundle.py --tiny --random-seed 0 --fp16 --out fixtures/tiny-bundle
"$PY" tools/make_fixture_images.py --out fixtures/images
"$PY" tools/make_references.py --bundle fixtures/tiny-bundle --images fixtures/images --out fixtures/reference
"$PY" tools/check_tokenizer.py --tokenizer fixtures/tiny-bundle/tokenizer.json
du -sh fixtures/tiny-bundle fixtures/images fixtures/reference
du -sh fixtures
