#!/usr/bin/env bash
# Runs the ONNX interoperability tests (Tests/Interop) against a built `implicit` binary.
#
#   scripts/test-interop.sh [IMPLICIT_BIN] [pytest arguments...]
#
# The binary is the first argument, else $IMPLICIT_BIN, else .build/debug/implicit. Exits
# non-zero when any test fails; tests that need PyTorch are skipped (with the reason shown) when
# torch could not be installed, which is not a failure.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if [[ $# -gt 0 && "$1" != -* ]]; then
  IMPLICIT_BIN="$1"
  shift
fi
IMPLICIT_BIN="$(realpath -m "${IMPLICIT_BIN:-.build/debug/implicit}")"
export IMPLICIT_BIN
export PYTHONDONTWRITEBYTECODE=1

bash scripts/setup-python.sh
venv="${IMPLICIT_VENV:-.venv}"

echo "test-interop: IMPLICIT_BIN=$IMPLICIT_BIN"
"$venv/bin/pytest" -q -rs -p no:cacheprovider Tests/Interop "$@"
