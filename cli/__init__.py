"""The `tutor` command: a thin shell over the library, one module per command group."""

from __future__ import annotations

import typer

from tutor.cli.eval_cmd import eval_cmd
from tutor.cli.index_cmds import ingest_cmd, search_cmd
from tutor.cli.questions_cmd import questions_cmd
from tutor.cli.tutor_cmds import ask_cmd, chat_cmd
from tutor.cli.practice_cmds import mock_cmd, practice_cmd, quiz_cmd, weak_cmd
from tutor.cli.ui_cmd import ui_cmd

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="An offline study tutor over your own notes.",
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_cmd)
app.command("search")(search_cmd)
app.command("questions")(questions_cmd)
app.command("ask")(ask_cmd)
app.command("chat")(chat_cmd)
app.command("practice")(practice_cmd)
app.command("mock")(mock_cmd)
app.command("quiz")(quiz_cmd)
app.command("weak")(weak_cmd)
app.command("eval")(eval_cmd)
app.command("ui")(ui_cmd)


def main() -> None:
    from ingest.env import configure_offline

    configure_offline()
    app()
