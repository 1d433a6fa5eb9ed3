"""`tutor ui`: index the notes if needed, then serve the web UI on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.common import HomeOpt, console, explained_errors, fail, session_from, stage_progress
from cli.index_cmds import print_report


def ui_cmd(
    path: Path = typer.Argument(None, help="Notes folder (default: TUTOR_NOTES or the bundled corpus)."),
    home: Path = HomeOpt,
    host: str = typer.Option(None, help="Interface to bind (default 127.0.0.1; others need --auth)."),
    port: int = typer.Option(None, help="Port (default 7860; 0 picks a free one)."),
    auth: str = typer.Option(None, help="user:password required to open the UI (TUTOR_AUTH)."),
    backend: str = typer.Option(None, "--backend", help="llamacpp | openai | ollama"),
    model: str = typer.Option(None, "--model", help="GGUF path or model name"),
    base_url: str = typer.Option(None, "--base-url", help="Server URL for openai/ollama"),
    chroma_url: str = typer.Option(None, help="Chroma server URL"),
    open_browser: bool = typer.Option(False, "--open", help="Open the page in a browser."),
) -> None:
    """Index the notes (incremental) and open the tutor in the browser."""
    from ui.app import UnsafeBind, launch

    session = session_from(path, home, host=host, port=port, auth=auth, backend=backend, model=model,
                           base_url=base_url, chroma_url=chroma_url)
    with explained_errors(), stage_progress() as progress:
        report = session.ingest(progress)
    print_report(report)
    s = session.settings
    console.print(f"[bold green]Tutor ready:[/] http://{s.ui.host}:{s.ui.port}  (Ctrl-C to stop)")
    try:
        launch(session, inbrowser=open_browser)
    except UnsafeBind as exc:
        fail(str(exc))
    finally:
        session.close()
