"""How a command fails: one red line on stderr and an exit code that says which kind of
failure it was."""

from __future__ import annotations

from typing import Any

import click

EXIT_INVALID_INPUT = 1
EXIT_DATABASE_UNAVAILABLE = 3
EXIT_PROVISIONING = 4
EXIT_ALREADY_RUNNING = 5
EXIT_INTERRUPTED = 130


class CliError(click.ClickException):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(click.style("error: ", fg="red", bold=True) + self.message, err=True)
