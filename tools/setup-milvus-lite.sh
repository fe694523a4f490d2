#!/usr/bin/env bash
# Creates (or refreshes) the virtual environment .venv-milvus at the repository root holding milvus-lite and pymilvus,
# pinned in tools/requirements-milvus.txt. The Milvus adapter's tests start `.venv-milvus/bin/milvus-lite server`.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/setup-venv.sh" .venv-milvus tools/requirements-milvus.txt milvus-lite
