"""The `tutor` command: a thin shell over the library, one module per command group.

The top of the layers (ingest -> tutor -> evals -> ui -> cli): it may import all of them, and nothing
imports it. Command modules import only typer at their top and the library inside each command, so
`tutor --help` stays quick.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="An offline study tutor over your own notes.",
    pretty_exceptions_enable=False,
)

# name -> (module, function)
COMMANDS = {
    "ingest": ("cli.index_cmds", "ingest_cmd"),
    "search": ("cli.index_cmds", "search_cmd"),
    "questions": ("cli.questions_cmd", "questions_cmd"),
    "ask": ("cli.tutor_cmds", "ask_cmd"),
    "chat": ("cli.tutor_cmds", "chat_cmd"),
    "practice": ("cli.practice_cmds", "practice_cmd"),
    "mock": ("cli.practice_cmds", "mock_cmd"),
    "quiz": ("cli.practice_cmds", "quiz_cmd"),
    "weak": ("cli.practice_cmds", "weak_cmd"),
    "ready": ("cli.ready_cmd", "ready_cmd"),
    "eval": ("cli.eval_cmd", "eval_cmd"),
    "ui": ("cli.ui_cmd", "ui_cmd"),
}


def _register() -> None:
    import importlib

    for name, (module, func) in COMMANDS.items():
        app.command(name)(getattr(importlib.import_module(module), func))


_register()


def main() -> None:
    from ingest.env import configure_offline

    configure_offline()
    app()
