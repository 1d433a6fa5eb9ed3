"""Gradio web UI: thin shell over the tutor library (import gradio only here)."""

from ui.app import UnsafeBind, create_app, launch

__all__ = ["UnsafeBind", "create_app", "launch"]
