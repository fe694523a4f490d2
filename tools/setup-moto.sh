#!/usr/bin/env bash
# Creates (or refreshes) .venv-moto at the repository root holding moto's S3-protocol server, pinned in
# tools/requirements-moto.txt. The S3 model-store tests start `.venv-moto/bin/moto_server`; where it is missing they
# are skipped with a message.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/setup-venv.sh" .venv-moto tools/requirements-moto.txt moto_server
