"""Gradio web UI: a thin shell over the library (`ui.app.create_app(session)`, `ui.app.launch`).

Imports `tutor` and `evals`, never `cli`; gradio is imported inside the UI modules only.
"""
