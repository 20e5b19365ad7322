#!/usr/bin/env bash
# Creates the Python virtual environment the interoperability tests run in, or confirms that it
# is up to date. Idempotent: a stamp file in the venv holds the hash of the pinned requirements
# and the interpreter version, and a matching stamp returns at once.
#
#   IMPLICIT_VENV     venv folder, relative to the repository root (default .venv)
#   PYTHON            interpreter that creates it (default python3)
#   IMPLICIT_NO_TORCH set to 1 to leave PyTorch out (its tests are then skipped)
#
# PyTorch is optional: when the CPU wheel cannot be installed the script says so and still
# exits 0, and the PyTorch export tests are skipped with that reason. torchdeq (a benchmark
# peer only: scripts/bench.sh compares the implicit solver with its Anderson and Broyden
# solvers) is an optional extra on top of PyTorch, tried and skipped the same way.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
venv="${IMPLICIT_VENV:-.venv}"
python="${PYTHON:-python3}"

# Versions verified to install and work together on Python 3.11 (Debian 12).
requirements=(
  numpy==2.4.6
  onnx==1.23.2
  onnxruntime==1.32.0
  scikit-learn==1.9.1
  skl2onnx==1.20.0
  pytest==9.2.0
  PyYAML==6.0.3
  jsonschema==4.26.0
)
torch_requirement="torch==2.13.0+cpu"
torch_missing_message="torch not available: PyTorch export tests will be skipped"
torchdeq_requirement="torchdeq==0.1.0"

python_version="$("$python" -c 'import sys; print(sys.version.split()[0])')"
wanted_hash="$(printf '%s\n' "${requirements[@]}" "$torch_requirement" "$torchdeq_requirement" \
  "python=$python_version" "no_torch=${IMPLICIT_NO_TORCH:-0}" | sha256sum | cut -d' ' -f1)"
stamp="$venv/.implicit-requirements"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(sed -n 1p "$stamp")" == "$wanted_hash" ]]; then
  torch_status="$(sed -n 2p "$stamp")"
  echo "setup-python: $venv is up to date ($torch_status)"
  if [[ "$torch_status" == "torch=absent" ]]; then
    echo "$torch_missing_message" >&2
  fi
  exit 0
fi

create_venv() {
  "$python" -m venv --clear "$venv"
}

venv_version="$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || true)"
if [[ "$venv_version" != "$python_version" ]]; then
  echo "setup-python: creating $venv with $python ($python_version)"
  if ! create_venv; then
    # Debian's python3 ships venv without ensurepip; the python3-venv package adds it.
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      echo "setup-python: installing python3-venv"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      create_venv
    else
      echo "error: $python -m venv failed; install python3-venv" >&2
      exit 1
    fi
  fi
fi

pip=("$venv/bin/python" -m pip --disable-pip-version-check)
echo "setup-python: installing ${requirements[*]}"
"${pip[@]}" install -q "${requirements[@]}"

torch_status="torch=absent"
if [[ "${IMPLICIT_NO_TORCH:-0}" == 1 ]]; then
  echo "setup-python: IMPLICIT_NO_TORCH=1, leaving PyTorch out"
elif "${pip[@]}" install -q "$torch_requirement"; then
  torch_status="torch=$("$venv/bin/python" -c 'import torch; print(torch.__version__)')"
fi
if [[ "$torch_status" == "torch=absent" ]]; then
  echo "$torch_missing_message" >&2
elif ! "${pip[@]}" install -q "$torchdeq_requirement"; then
  echo "torchdeq not available: scripts/bench.sh will skip its torchdeq rows" >&2
fi

printf '%s\n%s\n' "$wanted_hash" "$torch_status" > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
echo "setup-python: $venv ready ($torch_status)"
