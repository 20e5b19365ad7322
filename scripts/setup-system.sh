#!/usr/bin/env bash
# Installs the Debian packages the build links against (OpenBLAS with LAPACK, LAPACKE, zlib), the
# Python venv tooling and Chromium (the report's browser test), when they are missing. Safe to run
# again: it installs nothing twice.
set -euo pipefail

packages=(libopenblas-dev liblapacke-dev zlib1g-dev python3-venv chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv may be satisfied by a Python that ships venv itself (pyenv builds do).
if [[ " ${missing[*]} " == *" python3-venv "* ]] && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<< "${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
