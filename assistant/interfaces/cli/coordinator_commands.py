"""``coordinators add | list | remove``: the accounts that may change the guidance in the UI."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.interfaces.cli.app import (
    _fail,
    console,
    err,
    make_settings,
)

coordinators_app = typer.Typer(help="Coordinator accounts: who may change the guidance in the UI.")


@coordinators_app.command("add")
def coordinators_add(
    name: Annotated[str, typer.Argument(help="Account name used to sign in.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a coordinator account, or set a new password (asked twice, never shown)."""
    from assistant.interfaces.accounts import AccountError, Coordinators

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        Coordinators(make_settings()).add(name, password)
    except AccountError as exc:
        _fail(str(exc), 2)
    err.print(f"Coordinator [bold]{name}[/bold] can now sign in at /coordinator.")


@coordinators_app.command("list")
def coordinators_list() -> None:
    """List the coordinator accounts (names only)."""
    from assistant.interfaces.accounts import Coordinators

    for name in Coordinators(make_settings()).names():
        console.print(name)


@coordinators_app.command("remove")
def coordinators_remove(name: Annotated[str, typer.Argument(help="Account to delete.")]) -> None:
    """Delete a coordinator account."""
    from assistant.interfaces.accounts import Coordinators

    if not Coordinators(make_settings()).remove(name):
        _fail(f"No coordinator named {name!r}.")
    err.print(f"Removed coordinator {name}.")
