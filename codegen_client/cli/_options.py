"""Arguments and options that many commands share, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = [
    "AgentRunId",
    "AllPages",
    "JsonFlag",
    "Limit",
    "OrgId",
    "RepoId",
    "Skip",
    "WaitTimeout",
]

OrgId = Annotated[
    int, typer.Argument(help="Organization id (see `organizations`).", min=1, metavar="ORG_ID")
]
RepoId = Annotated[
    int, typer.Argument(help="Repository id (see `repositories`).", min=1, metavar="REPO_ID")
]
AgentRunId = Annotated[int, typer.Argument(help="Agent run id.", min=1, metavar="AGENT_RUN_ID")]
JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout (and nothing else there).")
]
Skip = Annotated[int, typer.Option(help="Items to pass over.", min=0)]
Limit = Annotated[int, typer.Option(help="Page size, 1..100.", min=1, max=100)]
AllPages = Annotated[
    bool, typer.Option("--all", help="Fetch every page; --json prints {items, total}.")
]
WaitTimeout = Annotated[
    float,
    typer.Option("--timeout", help="Seconds to wait for the run(s) to finish.", min=0.001),
]
