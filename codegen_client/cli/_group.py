"""The command groups of the command line: closed pipes, misplaced options, plain help rows.

Every group (the app itself, ``webhooks``, ``oauth``, ...) is a `CommandGroup`. It

- turns a `BrokenPipeError` into `OutputClosed`,
  which typer lets through, so that ``codegen-client ... | head`` exits 141 instead of the 1
  typer would give it;
- adds a hint to "No such option" when the option is a global one given after the command
  (``codegen-client me --offline``), or a command's option given before it
  (``codegen-client --json organizations``);
- shows arguments (``ORG_ID``) and flags (``--wait``) in help without the Python type typer
  adds (``<int range>``, ``<bool>``).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from codegen_client.cli._errors import OutputClosed

__all__ = ["PLACEMENT_HINT", "CommandGroup", "plain_help_types"]

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
        plain_help_types(self)
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
        """Return a subcommand, its help rows without Python types (see the module docstring)."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            plain_help_types(command)
        return command


def _hide_type(param: Any) -> None:
    if hasattr(param, "display_type_rich"):
        param.display_type_rich = _no_type


def plain_help_types(command: Any) -> None:
    """Drop the Python type typer (0.2x) shows next to arguments and flags in help.

    An argument shows its metavar (``ORG_ID``) and a flag its name; typer would add
    ``<int range>`` or ``<bool>``. Options with a value keep their metavar (``--image PATH``).

    Args:
        command: A click command built by typer; changed in place (idempotent).

    """
    for param in getattr(command, "params", []):
        is_argument = param.param_type_name == "argument" and param.metavar
        if is_argument or getattr(param, "is_flag", False):
            _hide_type(param)
    if getattr(command, "_codegen_plain_help", False):
        return
    make_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make_help_option(ctx)
        if option is not None:
            _hide_type(option)
        return option

    command.get_help_option = get_help_option
    command._codegen_plain_help = True
