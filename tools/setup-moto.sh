#!/usr/bin/env bash
# Creates (or refreshes) the virtual environment .venv-moto at the repository root holding moto's S3-protocol server,
# pinned in tools/requirements-moto.txt. The S3 model-store tests start `.venv-moto/bin/moto_server`; where it is
# missing they are skipped with a message. Idempotent: does nothing when the environment was built from the same
# requirements (a hash stamp records them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-moto"
REQUIREMENTS="$ROOT/tools/requirements-moto.txt"
STAMP="$VENV/.requirements.sha256"
PYTHON="${PYTHON:-python3}"

want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/moto_server" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "setup-moto: $VENV is up to date" >&2
    exit 0
fi

echo "setup-moto: building $VENV from $REQUIREMENTS" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
if [[ ! -x "$VENV/bin/moto_server" ]]; then
    echo "setup-moto: $VENV/bin/moto_server is missing after the install" >&2
    exit 1
fi
echo "$want" >"$STAMP"
echo "setup-moto: ready" >&2
