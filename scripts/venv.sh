#!/usr/bin/env bash
# Creates .venv with Python 3.11 and installs a requirements file, only when it changed since the
# last install (a stamp holds its hash), so a second `make run` starts in seconds.
set -euo pipefail
req=${1:-requirements.txt}
py=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -m venv .venv 2>/dev/null; then
    # Debian's python3.11 ships venv in a separate package.
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv && "$py" -m venv .venv
    else
      echo "Tidak bisa membuat .venv: pasang paket python3-venv." >&2; exit 1
    fi
  fi
fi
hash=$(cat requirements.txt "$req" | sha256sum | cut -c1-16)
stamp=".venv/.installed-$(basename "$req" .txt)-$hash"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$req"
  rm -f .venv/.installed-"$(basename "$req" .txt)"-*
  touch "$stamp"
fi
