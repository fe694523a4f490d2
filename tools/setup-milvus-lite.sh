#!/usr/bin/env bash
# Creates (or refreshes) the virtual environment .venv-milvus at the repository root holding milvus-lite and pymilvus,
# pinned in tools/requirements-milvus.txt. The Milvus adapter's tests start `.venv-milvus/bin/milvus-lite server`.
# Idempotent: does nothing when the environment was built from the same requirements (a hash stamp records them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-milvus"
REQUIREMENTS="$ROOT/tools/requirements-milvus.txt"
STAMP="$VENV/.requirements.sha256"
PYTHON="${PYTHON:-python3}"

want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/milvus-lite" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "setup-milvus-lite: $VENV is up to date" >&2
    exit 0
fi

echo "setup-milvus-lite: building $VENV from $REQUIREMENTS" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
if [[ ! -x "$VENV/bin/milvus-lite" ]]; then
    echo "setup-milvus-lite: $VENV/bin/milvus-lite is missing after the install" >&2
    exit 1
fi
echo "$want" >"$STAMP"
echo "setup-milvus-lite: ready" >&2
