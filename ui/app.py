"""The Gradio app: built by `create_app` (testable without serving), served by `launch`.

Binds 127.0.0.1 unless told otherwise; binding wider requires authentication; never a share link.
"""

from __future__ import annotations

import ipaddress

from ingest.errors import TutorError
from tutor.session import Session

TITLE = "notes-tutor"


class UnsafeBind(TutorError):
    """Binding beyond loopback without a login."""


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(session: Session):
    """The Blocks app over `session` (not served: `launch` serves it)."""
    from ingest.env import configure_offline

    configure_offline()
    import gradio as gr

    from ui.chat_tab import build_chat_tab
    from ui.eval_tab import build_eval_tab
    from ui.notes_tab import build_notes_tab, build_switcher, wire_switcher
    from ui.practice_tab import build_practice_tab
    from ui.workspace import Workspace

    ws = Workspace(session)  # each tab gets its browser tab's session from `ws.current(request)`
    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        pick, header = build_switcher(ws)
        follows = []  # each tab's Follow: what it shows anew when the collection is switched
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"):
                follows.append(build_chat_tab(ws))
            with gr.Tab("Practice", id="practice-tab"):
                follows.append(build_practice_tab(ws))
            with gr.Tab("Eval", id="eval-tab"):
                follows.append(build_eval_tab(ws))
            with gr.Tab("Notes", id="notes-tab"):
                follows.append(build_notes_tab(ws, pick))
        wire_switcher(ws, app, pick, header, follows)
    app.session = session
    app.workspace = ws
    return app


def theme():
    import gradio as gr

    # System fonts only: nothing fetched from the internet by the page.
    return gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"],
                          font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


def launch(session: Session, app=None, prevent_thread_lock: bool = False, inbrowser: bool = False):
    settings = session.settings
    host, port, auth = settings.ui.host, settings.ui.port, settings.ui.auth
    if not is_loopback(host) and auth is None:
        raise UnsafeBind(
            f"Refusing to listen on {host}: anyone on the network could use the tutor and read your notes. "
            "Set TUTOR_AUTH=user:password (or --auth user:password) to require a login, or keep the default "
            "127.0.0.1."
        )
    from ui.render import CSS, JS

    app = app or create_app(session)
    app.queue(default_concurrency_limit=8)
    # With a login the page may be reachable from the network: uploads are then capped (Gradio refuses larger)
    limit = f"{int(settings.ui.max_upload_mb * 1024)}kb" if auth else None
    return app.launch(server_name=host, server_port=port or None, share=False, auth=auth, inbrowser=inbrowser,
                      prevent_thread_lock=prevent_thread_lock, theme=theme(), css=CSS, js=JS, ssr_mode=False,
                      show_error=True, quiet=True, max_file_size=limit)
