"""Section 6: bad input, and what each one gets, counted against the requests it let out.

Library cases run against a client whose transport counts requests (and would answer 200);
CLI cases run ``codegen-client`` as a whole process pointed at a loopback server that counts
the requests it receives. A case meets the target when it fails with a clear error (an
exception naming the problem, or a non-zero exit code with a message) and sent nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks._loopback import FixedServer
from benchmarks._table import Section

__all__ = ["check_bad_inputs"]

KEY = "sk-bench-00000000-0000-4000-8000-000000000000"
CLEAR_ERRORS = ("CodegenInputError", "TypeError")


@dataclass
class _Counter:
    requests: int = 0

    def transport(self) -> httpx.MockTransport:
        def answer(request: httpx.Request) -> httpx.Response:
            self.requests += 1
            return httpx.Response(200, json={})

        return httpx.MockTransport(answer)


@contextmanager
def _no_codegen_env() -> Iterator[None]:
    """Hide CODEGEN_* variables, so a developer's key cannot mask a 'no key' case."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("CODEGEN_")}
    for name in saved:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(saved)


def _client(counter: _Counter, **kwargs: Any) -> Any:
    from codegen_client import CodegenClient, ManualClock

    options: dict[str, Any] = {
        "api_key": KEY,
        "http_client": httpx.Client(transport=counter.transport()),
        "clock": ManualClock(),
    }
    options.update(kwargs)
    return CodegenClient(**options)


ORG, RUN = 12732, 588928
CREATE = ("agents", "create_agent_run")
GET = ("agents", "get_agent_run")
LIST = ("agents", "list_agent_runs")
WAIT = ("agents", "wait_for_agent_run")
MULTI = ("multi_run_agent", "create_multi_run")
SUITE = ("check_suite_settings", "update_check_suite_settings")
RUN_ARGS: dict[str, Any] = {"org_id": ORG, "agent_run_id": RUN}
NEW_ARGS: dict[str, Any] = {"org_id": ORG, "prompt": "x"}

# (kind, what is wrong, constructor arguments)
CONSTRUCTOR_CASES: list[tuple[str, dict[str, Any]]] = [
    ("no api_key and no CODEGEN_API_KEY", {"api_key": None}),
    ("api_key=''", {"api_key": ""}),
    ("api_key with a space", {"api_key": "sk-abc def"}),
    ("api_key with a newline", {"api_key": "sk-abc\n"}),
    ("base_url='ftp://x.com/v1'", {"base_url": "ftp://x.com/v1"}),
    ("base_url without a scheme", {"base_url": "api.codegen.com/v1"}),
    ("timeout=0", {"timeout": 0}),
    ("timeout=-5", {"timeout": -5}),
    ("timeout='fast'", {"timeout": "fast"}),
    ("timeout=float('inf')", {"timeout": float("inf")}),
    ("max_retries=-1", {"max_retries": -1}),
    ("max_retries=2.5", {"max_retries": 2.5}),
    ("user_agent with CR LF", {"user_agent": "bench\r\nX-Evil: 1"}),
    ("http_client=httpx.AsyncClient()", {"http_client": httpx.AsyncClient()}),
    ("clock='fast' (not a Clock)", {"clock": "fast"}),
    (
        "base_url='http://api.codegen.com/v1' (plain http)",
        {"base_url": "http://api.codegen.com/v1"},
    ),
    ("base_url='http://[::1/v1' (malformed)", {"base_url": "http://[::1/v1"}),
    ("base_url with a control character", {"base_url": "https://api.codegen.com\x00/v1"}),
    ("timeout=10**400", {"timeout": 10**400}),
    ("max_retry_wait=-1", {"max_retry_wait": -1}),
]


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


# (kind, what is wrong, (namespace, method), arguments)
CALL_CASES: list[tuple[str, str, tuple[str, str], dict[str, Any]]] = [
    ("id", "org_id=0", GET, {**RUN_ARGS, "org_id": 0}),
    ("id", "org_id='12732' (a string)", GET, {**RUN_ARGS, "org_id": "12732"}),
    ("id", "org_id=True", GET, {**RUN_ARGS, "org_id": True}),
    ("id", "agent_run_id=-1", GET, {**RUN_ARGS, "agent_run_id": -1}),
    ("id", "repo_id=1.5", CREATE, {**NEW_ARGS, "repo_id": 1.5}),
    ("keyword", "unknown keyword agent_id=", GET, {"org_id": ORG, "agent_id": RUN}),
    ("text", "prompt=''", CREATE, {**NEW_ARGS, "prompt": ""}),
    ("text", "prompt='   '", CREATE, {**NEW_ARGS, "prompt": "   "}),
    ("text", "prompt=None", CREATE, {**NEW_ARGS, "prompt": None}),
    ("choice", "agent_type='gpt-5'", CREATE, {**NEW_ARGS, "agent_type": "gpt-5"}),
    ("list", "images=['shot.png'] (a file name)", CREATE, {**NEW_ARGS, "images": ["shot.png"]}),
    ("list", "images='data:...' (not a list)", CREATE, {**NEW_ARGS, "images": "data:image/png"}),
    (
        "object",
        "metadata with a datetime",
        CREATE,
        {**NEW_ARGS, "metadata": {"at": dt.date.today()}},
    ),
    ("object", "metadata with an int key", CREATE, {**NEW_ARGS, "metadata": {1: "x"}}),
    ("object", "metadata=['a'] (not an object)", CREATE, {**NEW_ARGS, "metadata": ["a"]}),
    (
        "url",
        "webhooks=[{'url': 'ftp://hook'}]",
        CREATE,
        {**NEW_ARGS, "webhooks": [{"url": "ftp://h"}]},
    ),
    (
        "url",
        "webhooks entry with an unknown key",
        CREATE,
        {**NEW_ARGS, "webhooks": [{"url": "https://h.example", "token": "t"}]},
    ),
    (
        "url",
        "set_webhook_config(url='not a url')",
        ("webhooks", "set_webhook_config"),
        {"org_id": ORG, "url": "not a url"},
    ),
    ("range", "list_agent_runs(limit=0)", LIST, {"org_id": ORG, "limit": 0}),
    ("range", "list_agent_runs(limit=101)", LIST, {"org_id": ORG, "limit": 101}),
    ("range", "list_agent_runs(skip=-1)", LIST, {"org_id": ORG, "skip": -1}),
    (
        "range",
        "check_retry_count=11",
        SUITE,
        {"org_id": ORG, "repo_id": 1, "check_retry_count": 11},
    ),
    ("choice", "source_type='EMAIL'", LIST, {"org_id": ORG, "source_type": "EMAIL"}),
    (
        "choice",
        "edit_pull_request(state='merged')",
        ("pull_requests", "edit_pull_request"),
        {"org_id": ORG, "repo_id": 1, "pr_id": 2, "state": "merged"},
    ),
    (
        "update",
        "update_check_suite_settings() changing nothing",
        SUITE,
        {"org_id": ORG, "repo_id": 1},
    ),
    (
        "paging",
        "iter_agent_runs(page_size=500)",
        ("agents", "iter_agent_runs"),
        {"org_id": ORG, "page_size": 500},
    ),
    (
        "paging",
        "iter_agent_runs(max_items=-1)",
        ("agents", "iter_agent_runs"),
        {"org_id": ORG, "max_items": -1},
    ),
    ("wait", "wait_for_agent_run(timeout=-1)", WAIT, {**RUN_ARGS, "timeout": -1}),
    ("wait", "wait_for_agent_run(poll_interval=0)", WAIT, {**RUN_ARGS, "poll_interval": 0}),
    ("wait", "wait_for_agent_run(timeout=10**400)", WAIT, {**RUN_ARGS, "timeout": 10**400}),
    ("text", "prompt with a lone surrogate", CREATE, {**NEW_ARGS, "prompt": "fix \ud800"}),
    (
        "text",
        "resume prompt with a lone surrogate",
        ("agents", "resume_agent_run"),
        {**RUN_ARGS, "prompt": "\udcff"},
    ),
    (
        "object",
        "metadata string with a lone surrogate",
        CREATE,
        {**NEW_ARGS, "metadata": {"k": "\udfff"}},
    ),
    ("object", "metadata nested 33 deep (limit 32)", CREATE, {**NEW_ARGS, "metadata": _nested(33)}),
    (
        "object",
        "metadata nested 100000 deep",
        CREATE,
        {**NEW_ARGS, "metadata": _nested(100_000)},
    ),
    ("object", "metadata int 10**5000", CREATE, {**NEW_ARGS, "metadata": {"n": 10**5000}}),
    ("multi-run", "concurrency=0", MULTI, {**NEW_ARGS, "concurrency": 0}),
    ("multi-run", "concurrency=21", MULTI, {**NEW_ARGS, "concurrency": 21}),
    ("multi-run", "temperature=1.5", MULTI, {**NEW_ARGS, "temperature": 1.5}),
    (
        "multi-run",
        "synthesis_prompt without {candidates}",
        MULTI,
        {**NEW_ARGS, "synthesis_prompt": "Merge"},
    ),
    ("multi-run", "timeout=10**400", MULTI, {**NEW_ARGS, "timeout": 10**400}),
]


def _library_cases() -> list[tuple[str, str, Callable[[_Counter], Any]]]:
    """(kind, input, call) for each library case; call gets the request counter."""

    def construct(kwargs: dict[str, Any]) -> Callable[[_Counter], Any]:
        return lambda c: _client(c, **kwargs).agents.get_agent_run(**RUN_ARGS)

    def call(target: tuple[str, str], kwargs: dict[str, Any]) -> Callable[[_Counter], Any]:
        def run(c: _Counter) -> Any:
            namespace, method = target
            result = getattr(getattr(_client(c), namespace), method)(**kwargs)
            # A paginator checks its arguments when made; pull one item in case it did not.
            return next(iter(result)) if method.startswith("iter_") else result

        return run

    cases = [("constructor", label, construct(kw)) for label, kw in CONSTRUCTOR_CASES]
    cases += [(kind, label, call(target, kw)) for kind, label, target, kw in CALL_CASES]
    return cases


def _cli_cases() -> list[tuple[str, list[str], bool]]:
    """(input, argv after the program name, whether the API key is set)."""
    return [
        ("no API key: me", ["me"], False),
        ("ORG_ID 'abc': agent-runs abc", ["agent-runs", "abc"], True),
        ("ORG_ID 0: agent-runs 0", ["agent-runs", "0"], True),
        ("--limit 101", ["agent-runs", "1", "--limit", "101"], True),
        ("empty prompt: agent-run 1 ''", ["agent-run", "1", ""], True),
        ("--metadata '{bad'", ["agent-run", "1", "x", "--metadata", "{bad"], True),
        ("--metadata '[1]' (not an object)", ["agent-run", "1", "x", "--metadata", "[1]"], True),
        ("--image of a missing file", ["agent-run", "1", "x", "--image", "/no/such.png"], True),
        ("--agent-type gpt", ["agent-run", "1", "x", "--agent-type", "gpt"], True),
        ("--concurrency 0", ["multi-run-agent", "1", "x", "--concurrency", "0"], True),
        ("edit-pr state 'merged'", ["edit-pr", "1", "2", "merged"], True),
        ("--base-url ftp://x.com", ["--base-url", "ftp://x.com", "me"], True),
        ("--request-timeout 0", ["--request-timeout", "0", "me"], True),
        ("--max-retries -1", ["--max-retries", "-1", "me"], True),
        ("unknown command", ["no-such-command"], True),
        (
            "--base-url http://api.codegen.com/v1",
            ["--base-url", "http://api.codegen.com/v1", "me"],
            True,
        ),
        ("prompt with a lone surrogate", ["agent-run", "1", "fix \udcff"], True),
        ("--metadata nested 40 deep", ["agent-run", "1", "x", "--metadata", _DEEP_JSON], True),
        ("--metadata int of 5000 digits", ["agent-run", "1", "x", "--metadata", _BIG], True),
        ("--wait --timeout 1e400", ["agent-run", "1", "x", "--wait", "--timeout", "1e400"], True),
    ]


_DEEP_JSON = '{"a":' * 40 + "1" + "}" * 40
_BIG = '{"n": ' + "1" * 5000 + "}"


def _error_line(stderr: str) -> str:
    lines = [line.strip(" │╭╰─\t") for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if "error" in line.lower():
            return line[:110]
    return lines[-1][:110] if lines else ""


def _run_library(section: Section) -> None:
    with _no_codegen_env():
        for kind, label, call in _library_cases():
            counter = _Counter()
            try:
                call(counter)
            except Exception as error:  # every kind of failure is a finding here
                name = type(error).__name__
                message = str(error).splitlines()[0] if str(error) else ""
                got = f"{name}: {message}"[:140]
                clear = name in CLEAR_ERRORS and bool(message)
            else:
                got, clear = "accepted (no error)", False
            ok = clear and counter.requests == 0
            section.add(
                f"{kind}: {label}",
                f"{got} [requests: {counter.requests}]",
                "clear error, 0 requests",
                ok,
                requests=counter.requests,
            )


def _run_cli(section: Section) -> None:
    script = Path(sys.executable).parent / "codegen-client"
    if not script.exists():
        section.add("CLI", "codegen-client is not installed")
        return
    with FixedServer(b"{}") as server:
        for label, argv, with_key in _cli_cases():
            env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
            env["CODEGEN_BASE_URL"] = server.base_url
            env["COLUMNS"] = "200"
            if with_key:
                env["CODEGEN_API_KEY"] = KEY
            before = server.count
            completed = subprocess.run(
                [str(script), *argv], env=env, capture_output=True, text=True, check=False
            )
            sent = server.count - before
            line = _error_line(completed.stderr)
            ok = completed.returncode != 0 and bool(line) and sent == 0
            section.add(
                f"CLI: {label}",
                f"exit {completed.returncode}: {line} [requests: {sent}]",
                "exit != 0 with a message, 0 requests",
                ok,
                exit_code=completed.returncode,
                requests=sent,
            )


def check_bad_inputs(cli: bool = True) -> Section:
    """Try every bad input and record what it got and whether a request went out.

    Args:
        cli: Include the command-line cases (whole processes, ~0.1 s each).

    Returns:
        Section 6 of the table.

    """
    section = Section(6, "Bad input: what each got, and requests sent")
    _run_library(section)
    if cli:
        _run_cli(section)
    met = sum(1 for row in section.rows if row.met)
    section.note = f"{met} of {len(section.rows)} a clear error before any request"
    return section
