#!/usr/bin/env bash
# One-shot, idempotent setup: a virtualenv in .venv with the pinned stack (requirements.lock),
# the CPU build of PyTorch, and llama-cpp-python compiled for this CPU family without
# -march=native (the native build segfaults on AVX-512/AMX CPUs for batched prompts).
#
#   scripts/setup.sh            # runtime + test dependencies
#   scripts/setup.sh --browser  # also Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

PY=""
VENV=.venv
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/notes-tutor
LLAMA_VERSION=0.3.36
UV_VERSION=0.13.9

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

is311() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }
# The stack is pinned for CPython 3.11. Use $PYTHON if given, else the first 3.11 found: python3.11 or
# python3 on PATH, pyenv's versions, then the usual install prefixes.
find_python() {
  if [ -n "${PYTHON:-}" ]; then
    is311 "$PYTHON" && { echo "$PYTHON"; return; }
    die "PYTHON=$PYTHON is not Python 3.11 ($("$PYTHON" --version 2>&1 || echo 'not runnable'))."
  fi
  local c
  for c in "$(command -v python3.11 || true)" "$(command -v python3 || true)" \
           "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.11*/bin/python3.11 \
           /usr/local/bin/python3.11 /usr/bin/python3.11 /opt/python*/bin/python3.11 \
           "$HOME"/.local/bin/python3.11; do
    is311 "$c" && { echo "$c"; return; }
  done
  local found; found=$(python3 --version 2>&1 || echo "no python3")
  die "Python 3.11 is required and none was found (python3 is: $found).
  Install one, then run this again:
    Debian/Ubuntu:  sudo apt-get install python3.11 python3.11-venv
    pyenv:          pyenv install 3.11 && pyenv local 3.11
  or point setup at it:  PYTHON=/path/to/python3.11 make test"
}
if [ -x "$VENV/bin/python" ] && ! is311 "$VENV/bin/python"; then
  say "$VENV was made with another Python; recreating it"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  PY=$(find_python)
  say "using $PY ($("$PY" --version 2>&1))"
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -m uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
  say "installing uv $UV_VERSION (resolves and installs the stack in seconds instead of minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
UV=("$VENV/bin/python" -m uv)

# uv ignores pip's configuration, so hand it pip's find-links (where the CPU torch wheel lies).
FIND_LINKS=()
for d in ${PIP_FIND_LINKS:-}; do FIND_LINKS+=(--find-links "$d"); done
if ! ls ${PIP_FIND_LINKS:-/nonexistent}/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then
  # No local CPU wheel: take it from PyTorch's CPU index instead of PyPI's CUDA build.
  FIND_LINKS+=(--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match)
fi

# llama-cpp-python compiles from source. Portable flags: no -march=native; AVX2/FMA/F16C only
# when this CPU has them (older x86-64 gets the baseline build). The wheel is cached per flag set.
flags="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF"
if ! grep -qw avx2 /proc/cpuinfo 2>/dev/null || ! grep -qw fma /proc/cpuinfo 2>/dev/null; then
  flags="$flags -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF"
fi
flags="${LLAMA_CMAKE_ARGS:-$flags}"
wheeldir="$CACHE/wheels/llama-$LLAMA_VERSION-$(printf '%s' "$flags" | sha256sum | cut -c1-12)"
if ! ls "$wheeldir"/llama_cpp_python-$LLAMA_VERSION-*.whl >/dev/null 2>&1; then
  say "building llama-cpp-python $LLAMA_VERSION (once; ~4-12 min on 2 cores) with: $flags"
  mkdir -p "$wheeldir.tmp"
  CMAKE_ARGS="$flags" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
    "$VENV/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps \
    --no-binary llama-cpp-python -w "$wheeldir.tmp" "llama-cpp-python==$LLAMA_VERSION"
  rm -rf "$wheeldir" && mv "$wheeldir.tmp" "$wheeldir"
fi

say "installing pinned dependencies (requirements.lock)"
"${UV[@]}" pip install --python "$VENV/bin/python" --quiet --compile-bytecode "${FIND_LINKS[@]}" \
  --find-links "$wheeldir" -r requirements.lock
"${UV[@]}" pip install --python "$VENV/bin/python" --quiet --compile-bytecode --no-deps -e .
# our own modules too: with PYTHONDONTWRITEBYTECODE set, nothing would ever cache them
"$VENV/bin/python" -m compileall -q -j 0 ingest tutor evals ui cli >/dev/null
say "preparing the embedding model (an ONNX export of the bundled weights, once per machine)"
"$VENV/bin/python" -m ingest.onnx_export >/dev/null

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || die "could not install chromium (apt-get). Install Debian's 'chromium' package, then re-run."
fi
say "ready: $VENV"
