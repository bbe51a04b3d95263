"""The command groups of the command line: closed pipes, misplaced options, plain help rows.

Every group (the app itself, ``webhooks``, ``oauth``, ...) is a :class:`CommandGroup`. It

- turns a :class:`BrokenPipeError` into :class:`~codegen_client.cli._errors.OutputClosed`,
  which typer lets through, so that ``codegen-client ... | head`` exits 141 instead of the 1
  typer would give it;
- adds a hint to "No such option" when the option is a global one given after the command
  (``codegen-client me --offline``), or a command's option given before it
  (``codegen-client --json organizations``);
- shows an argument's metavar (``ORG_ID``) in help without the Python type typer adds.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from codegen_client.cli._errors import OutputClosed

__all__ = ["PLACEMENT_HINT", "CommandGroup"]

PLACEMENT_HINT = (
    "global options such as --offline, --api-key and -v go before the command, "
    "the command's own options such as --json after it: "
    "codegen-client --offline organizations --json"
)


def _usage_error() -> type[Exception]:
    """Return click's UsageError, wherever this typer keeps click (its own copy or the package)."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def _option_names(command: Any) -> set[str]:
    return {
        name
        for param in getattr(command, "params", [])
        if getattr(param, "param_type_name", None) == "option"
        for name in (*param.opts, *param.secondary_opts)
    }


def _no_type(ctx: Any = None) -> None:
    return None


class CommandGroup(TyperGroup):
    """A typer group with the behaviour described in this module's docstring."""

    def _add_hint(self, error: Exception) -> None:
        option = getattr(error, "option_name", None)
        if type(error).__name__ != "NoSuchOption" or not option:
            return
        subcommand_names = set().union(*(_option_names(c) for c in self.commands.values()))
        misplaced = option in _option_names(self) or option in subcommand_names
        if misplaced and PLACEMENT_HINT not in error.message:  # type: ignore[attr-defined]
            error.message += f" ({PLACEMENT_HINT})"  # type: ignore[attr-defined]
            # click's "Possible options" would name this group's options, the wrong ones.
            error.possibilities = None  # type: ignore[attr-defined]

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Parse this group's own options (see the module docstring for what is added)."""
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            raise OutputClosed from None
        except _usage_error() as error:
            self._add_hint(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        """Run the command named on the command line (see the module docstring)."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise OutputClosed from None
        except _usage_error() as error:
            self._add_hint(error)
            raise

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Return a subcommand, its arguments shown in help by metavar alone."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", []):
            # typer (0.2x) prints `ORG_ID <int range>`; the metavar and help say enough.
            is_argument = param.param_type_name == "argument" and param.metavar
            if is_argument and hasattr(param, "display_type_rich"):
                param.display_type_rich = _no_type
        return command
