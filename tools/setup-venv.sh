#!/usr/bin/env bash
# Creates (or refreshes) a virtual environment at the repository root from a pinned requirements file, and checks that
# it provides the expected program. Idempotent: does nothing when the environment was built from the same
# requirements (a hash stamp records them).
# Usage: tools/setup-venv.sh VENV_DIR_NAME REQUIREMENTS_FILE PROGRAM   (e.g. .venv-moto tools/requirements-moto.txt moto_server)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/$1"
REQUIREMENTS="$ROOT/$2"
PROGRAM="$3"
NAME="$(basename "$0" .sh)"
STAMP="$VENV/.requirements.sha256"
PYTHON="${PYTHON:-python3}"

want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/$PROGRAM" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "$NAME: $VENV is up to date" >&2
    exit 0
fi

echo "$NAME: building $VENV from $REQUIREMENTS" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
if [[ ! -x "$VENV/bin/$PROGRAM" ]]; then
    echo "$NAME: $VENV/bin/$PROGRAM is missing after the install" >&2
    exit 1
fi
echo "$want" >"$STAMP"
echo "$NAME: ready" >&2
