#!/usr/bin/env bash
# Creates .venv (Python >= 3.10) with the pinned packages of tools/requirements.txt: torch 2.7.1 (the libtorch
# version DJL 0.35.1 bundles), open_clip, pillow, tokenizers... Idempotent: re-runs only when requirements change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/tools/requirements.txt"
STAMP="$VENV/.requirements.sha256"
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || {
  echo "tools/setup-python.sh needs Python >= 3.10 (set PYTHON=...)" >&2; exit 1; }
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
echo "$want" > "$STAMP"
