"""One command's connection to the API, and the translation of its failures into exit codes.

The global options (``--api-key``, ``--base-url``, ``--offline``, ...) become a `Session`
kept on the click context. Each command opens it with `open_command`, which builds the
client on first use, closes it at the end, and turns every library error, input error and Ctrl-C
into one line on stderr and a documented exit code (`._errors`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from codegen_client._exceptions import CodegenApiError
from codegen_client.cli._errors import CliError, ExitCode, describe, exit_code_for, tell
from codegen_client.cli._interrupt import command_started
from codegen_client.cli._output import Output

if TYPE_CHECKING:
    import httpx

    from codegen_client._sync.client import CodegenClient
    from codegen_client.testing import FakeCodegenAPI

__all__ = [
    "OFFLINE_BASE_URL",
    "OFFLINE_NOTICE",
    "OFFLINE_RUN_DURATION",
    "OFFLINE_SPEED",
    "Invocation",
    "Session",
    "open_command",
]

# Offline, time runs this much faster and agent runs work two (fake) minutes: a run completes
# in about 0.12 s and a one-minute rate-limit window passes in 60 ms, so waits finish quickly
# but keep their order, well inside the default wait deadlines.
OFFLINE_SPEED = 1000.0
OFFLINE_RUN_DURATION = 120.0
# The README's examples use organization 123; --offline answers to it.
OFFLINE_ORG_ID = 123
# What the offline client's requests, logs and errors name as their host: no such host exists
# (.invalid never resolves), and its name says where the answers come from.
OFFLINE_BASE_URL = "https://offline-api.invalid/v1"
OFFLINE_NOTICE = (
    "offline: answering from an in-process offline Codegen API; its state lasts for this "
    "one command (use `codegen-client fake-server` to keep it)"
)


@dataclass
class Session:
    """The global options of one invocation, and what it started.

    Attributes:
        api_key: ``--api-key`` (None: the library reads ``CODEGEN_API_KEY``).
        base_url: ``--base-url`` (None: ``CODEGEN_BASE_URL``, then the public API).
        request_timeout: ``--request-timeout`` seconds (None: ``CODEGEN_TIMEOUT``, then 30).
        max_retries: ``--max-retries`` (None: ``CODEGEN_MAX_RETRIES``, then 3).
        offline: ``--offline``: answer from an in-process offline API, no key needed.
        fake: An offline API handed in by a caller (tests); used instead of making one.
        working: Agent runs this invocation started or waits on and that may still be
            working, as run id -> organization id; listed when the user interrupts.

    """

    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    request_timeout: float | None = None
    max_retries: int | None = None
    offline: bool = False
    fake: FakeCodegenAPI | None = None
    working: dict[int, int] = field(default_factory=dict)
    _client: CodegenClient | None = field(default=None, init=False, repr=False)
    _http: httpx.Client | None = field(default=None, init=False, repr=False)

    def client(self) -> CodegenClient:
        """Return the client, building it on first use.

        Raises:
            CliError: No API key is configured (online).
            CodegenInputError: A setting is invalid.

        """
        if self._client is None:
            self._client = self._offline_client() if self.uses_fake else self._online_client()
        return self._client

    @property
    def uses_fake(self) -> bool:
        """Whether requests go to an in-process offline API."""
        return self.offline or self.fake is not None

    def _online_client(self) -> CodegenClient:
        from codegen_client._sync.client import CodegenClient

        key = self.api_key if self.api_key is not None else os.environ.get("CODEGEN_API_KEY")
        if not key or not key.strip():
            raise CliError(
                "no API key",
                ExitCode.AUTH,
            )
        return CodegenClient(
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=self.request_timeout,
            max_retries=self.max_retries,
        )

    def _offline_client(self) -> CodegenClient:
        if self.fake is None:
            from codegen_client._clock import ScaledClock
            from codegen_client.testing import FakeCodegenAPI
            from codegen_client.testing._documented import add_documented_examples

            self.fake = FakeCodegenAPI(
                clock=ScaledClock(OFFLINE_SPEED),
                run_duration=OFFLINE_RUN_DURATION,
                org_id=OFFLINE_ORG_ID,
            )
            add_documented_examples(self.fake)
            tell(OFFLINE_NOTICE)
        import httpx

        # Our own httpx client on the fake's transport, so that close() can close it.
        self._http = httpx.Client(transport=self.fake.transport())
        # None leaves a setting to CODEGEN_* and the defaults, as online.
        return self.fake.client(
            http_client=self._http,
            base_url=OFFLINE_BASE_URL,
            timeout=self.request_timeout,
            max_retries=self.max_retries,
        )

    def close(self) -> None:
        """Close the client and its connections (also the offline API's)."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._http is not None:
            self._http.close()
            self._http = None

    def track(self, org_id: int, agent_run_id: int) -> None:
        """Remember a run that may still be working (listed on Ctrl-C)."""
        self.working[agent_run_id] = org_id

    def untrack(self, agent_run_id: int) -> None:
        """Forget a run that has stopped working."""
        self.working.pop(agent_run_id, None)

    def working_summary(self) -> str:
        """Name the runs that may still be working, for a message on stderr."""
        runs = ", ".join(
            f"{run_id} (org {org_id})" for run_id, org_id in sorted(self.working.items())
        )
        return f"agent runs still working: {runs}"


@dataclass
class Invocation:
    """What a command works with: the session, its client and where its output goes."""

    session: Session
    out: Output

    @property
    def client(self) -> CodegenClient:
        """The session's client (built on first use)."""
        return self.session.client()


def session_of(ctx: typer.Context) -> Session:
    """Return the session the global options made (a bare one when a command runs alone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(fake=root.obj)
    return root.obj


def _fail(message: str, code: ExitCode) -> typer.Exit:
    tell(message)
    return typer.Exit(int(code))


@contextlib.contextmanager
def open_command(ctx: typer.Context, json_output: bool) -> Iterator[Invocation]:
    """Run a command's body: map its failures to exit codes and close the client after.

    Args:
        ctx: The command's click context.
        json_output: Whether the command prints JSON (``--json``) instead of tables.

    Yields:
        The invocation: its client and output.

    Raises:
        typer.Exit: On any API, input or interrupt failure, with the documented exit code.

    """
    command_started()
    session = session_of(ctx)
    try:
        yield Invocation(session, Output(json_output))
    except CliError as error:
        raise _fail(describe(error, error.code), error.code) from None
    except KeyboardInterrupt:
        message = "interrupted"
        if session.working:
            message += f"; {session.working_summary()} (they continue on the server)"
        raise _fail(message, ExitCode.INTERRUPTED) from None
    except CodegenApiError as error:
        code = exit_code_for(error)
        raise _fail(describe(error, code), code) from None
    finally:
        session.close()
        from codegen_client.cli._log import reset_logging

        reset_logging()
