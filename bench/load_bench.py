"""20 concurrent chat sessions (question + follow-up) against the app with the real embedded model.

    .venv/bin/python bench/load_bench.py [--sessions 20] [--out bench/results/load.json]

Against a model server instead of the embedded model, configure it as the tutor is configured, e.g.
llama.cpp's own OpenAI-compatible server with the bundled GGUF:

    .venv/bin/python -m llama_cpp.server --model "$(.venv/bin/python -c 'from tutor.models.llamacpp import
        bundled_gguf; print(bundled_gguf())')" --model_alias smollm2 --port 8080 &
    TUTOR_BACKEND=openai TUTOR_MODEL=smollm2 TUTOR_BASE_URL=http://127.0.0.1:8080/v1 \
        .venv/bin/python bench/load_bench.py --out bench/results/load-server.json

Prints JSON: answered count, isolation problems, p50/p95 latency per request, wall time, and peak
memory of the app process and of the model worker process."""

from __future__ import annotations

import argparse
import socket
import tempfile
from pathlib import Path

from common import ROOT, emit, peak_rss_mb


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from load import isolation_problems, run_sessions

    from tutor.config import load_settings
    from tutor.session import Session
    from ui.app import create_app, launch

    settings = load_settings(notes_dir=ROOT / "corpus", home=Path(tempfile.mkdtemp(prefix="tutor-load-")), port=_port())
    session = Session(settings)
    session.ingest()
    app = create_app(session)
    launch(session, app=app, prevent_thread_lock=True)
    url = f"http://127.0.0.1:{settings.ui.port}/"
    out = run_sessions(url, args.sessions)
    model = session.model
    worker = model._worker.proc.pid if getattr(model, "_worker", None) else None
    result = {k: v for k, v in out.items() if k != "results"}
    result.update(benchmark="load", isolation_problems=isolation_problems(out), model=settings.model.label,
                  app_peak_rss_mb=peak_rss_mb(), worker_peak_rss_mb=_vm_hwm_mb(worker) if worker else None,
                  strength=getattr(model, "strength", None) if model else None,
                  note=("the default answers from the notes without waiting for a weak model; requests run in "
                        "parallel threads" if not model or getattr(model, "strength", "") == "weak" else
                        "every answer drafts with the model; drafts queue at the one model process or server"))
    session.close()
    app.close()
    emit(result, args.out)


if __name__ == "__main__":
    main()
