"""The import graph runs one way: corpus → ingest → tutor → shells (cli, ui, evals, bench). Read from the
source with `ast`, so a new arrow back up fails here before anyone has to draw the picture."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# package -> the top-level packages it may never import
FORBIDDEN = {
    "ingest": {"tutor", "ui", "evals", "cli", "bench", "typer", "rich", "gradio"},
    "tutor": {"ui", "evals", "cli", "bench", "typer", "rich", "gradio"},
    "evals": {"ui", "cli", "bench", "typer", "rich", "gradio"},
    "ui": {"cli", "bench", "typer", "rich"},
}


def _imports(path: Path) -> set[str]:
    """Top-level names of every import in a module (function-level imports included)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_no_layer_imports_one_above_it():
    wrong = []
    for pkg, banned in FORBIDDEN.items():
        files = sorted((ROOT / pkg).rglob("*.py"))
        assert files, pkg
        for f in files:
            bad = _imports(f) & banned
            if bad:
                wrong.append(f"{f.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert wrong == []


def test_the_check_sees_an_arrow_back_up(tmp_path):
    """The graph check can fail: a module that imports the UI from inside a function is caught."""
    mod = tmp_path / "m.py"
    mod.write_text("def f():\n    from ui.app import build\n    import evals.run\n")
    assert _imports(mod) == {"ui", "evals"}


def test_importing_the_library_pulls_in_no_shell():
    code = ("import json, sys; import ingest, tutor, tutor.session, tutor.practice.service, tutor.answer; "
            "print(json.dumps(sorted(m for m in ('typer', 'rich', 'gradio', 'ui', 'evals', 'cli') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
