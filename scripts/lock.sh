#!/usr/bin/env bash
# Regenerate requirements.lock from pyproject.toml (run after changing dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
FL=(); for d in ${PIP_FIND_LINKS:-}; do FL+=(--find-links "$d"); done
.venv/bin/python -m uv pip compile pyproject.toml --extra test --python-version 3.11 "${FL[@]}" \
  --no-emit-package llama-cpp-python --no-header --quiet -o requirements.lock
# llama-cpp-python is pinned here but installed from the wheel scripts/setup.sh builds.
echo "llama-cpp-python==0.3.36" >> requirements.lock
