#!/usr/bin/env bash
# Creates the Python virtual environment the interoperability tests run in, or confirms that it
# is up to date. Idempotent: a stamp file in the venv holds the hash of the pinned requirements
# and the interpreter version, and a matching stamp returns at once.
#
#   IMPLICIT_VENV     venv folder, relative to the repository root (default .venv)
#   PYTHON            interpreter that creates it (default python3)
#   IMPLICIT_NO_TORCH set to 1 to leave PyTorch out (its tests are then skipped)
#   IMPLICIT_NO_TENSORFLOW set to 1 to leave TensorFlow and tf2onnx out
#
# PyTorch and TensorFlow (with tf2onnx) are optional extras: when their wheels cannot be
# installed the script says so and still exits 0, and their export tests are skipped with that
# reason. onnxscript is pinned with the required packages: PyTorch's default (dynamo) ONNX
# exporter needs it.
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
  onnxscript==0.7.2
)
torch_requirement="torch==2.13.0+cpu"
torch_missing_message="torch not available: PyTorch export tests will be skipped"
tensorflow_requirements=(tensorflow-cpu==2.21.0 tf2onnx==1.17.0)
tensorflow_missing_message="tensorflow/tf2onnx not available: Keras export tests will be skipped"

python_version="$("$python" -c 'import sys; print(sys.version.split()[0])')"
wanted_hash="$(printf '%s\n' "${requirements[@]}" "$torch_requirement" "${tensorflow_requirements[@]}" \
  "python=$python_version" "no_torch=${IMPLICIT_NO_TORCH:-0}" \
  "no_tensorflow=${IMPLICIT_NO_TENSORFLOW:-0}" | sha256sum | cut -d' ' -f1)"
stamp="$venv/.implicit-requirements"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(sed -n 1p "$stamp")" == "$wanted_hash" ]]; then
  torch_status="$(sed -n 2p "$stamp")"
  tensorflow_status="$(sed -n 3p "$stamp")"
  echo "setup-python: $venv is up to date ($torch_status, $tensorflow_status)"
  if [[ "$torch_status" == "torch=absent" ]]; then
    echo "$torch_missing_message" >&2
  fi
  if [[ "$tensorflow_status" == "tensorflow=absent" ]]; then
    echo "$tensorflow_missing_message" >&2
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

# An optional extra: prints MODULE=VERSION, or MODULE=absent (with the message on stderr) when it
# is left out by SKIP=1 or its wheels do not install.
install_extra() {   # MODULE SKIP MISSING_MESSAGE REQUIREMENT...
  local module=$1 skip=$2 missing=$3 status
  shift 3
  status="$module=absent"
  if [[ "$skip" == 1 ]]; then
    echo "setup-python: leaving $module out (asked by the environment)" >&2
  elif "${pip[@]}" install -q "$@" >&2; then
    status="$module=$("$venv/bin/python" -c "import $module; print($module.__version__)" 2>/dev/null || echo absent)"
  fi
  if [[ "$status" == "$module=absent" ]]; then
    echo "$missing" >&2
  fi
  echo "$status"
}
torch_status="$(install_extra torch "${IMPLICIT_NO_TORCH:-0}" "$torch_missing_message" "$torch_requirement")"
tensorflow_status="$(install_extra tensorflow "${IMPLICIT_NO_TENSORFLOW:-0}" "$tensorflow_missing_message" \
  "${tensorflow_requirements[@]}")"

printf '%s\n%s\n%s\n' "$wanted_hash" "$torch_status" "$tensorflow_status" > "$stamp.tmp"
mv "$stamp.tmp" "$stamp"
echo "setup-python: $venv ready ($torch_status, $tensorflow_status)"
