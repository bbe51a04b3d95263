"""Exit codes, the one-line error on stderr, configuration, and the API key never shown."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from codegen_client.cli._app import app
from codegen_client.cli._errors import ExitCode
from codegen_client.testing import DEFAULT_API_KEY, FakeCodegenAPI, Fault
from tests.cli.conftest import Invoke

SECRET_KEY = "sk-11111111-2222-4333-8444-555555555555"


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_exit_codes_are_distinct_and_documented() -> None:
    """Every failure kind has its own exit code, and the module table lists each one."""
    from codegen_client.cli import _errors

    codes = [int(code) for code in ExitCode]
    assert len(codes) == len(set(codes))
    for code in ExitCode:
        assert f"| {int(code):<4} |" in (_errors.__doc__ or "")


@pytest.mark.parametrize(
    "argv",
    [
        ["no-such-command"],
        ["users"],
        ["users", "not-a-number"],
        ["organizations", "--limit", "0"],
        ["organizations", "--limit", "101"],
        ["agent-run", "1", "x", "--bogus"],
    ],
)
def test_usage_errors_exit_2(cli: Invoke, argv: list[str]) -> None:
    """Unknown commands/options, missing or malformed arguments exit 2 (usage)."""
    result = cli(*argv)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_no_arguments_shows_help(cli: Invoke) -> None:
    """Running without a command prints the help listing the commands."""
    result = cli(offline=False)
    assert "organizations" in result.output
    assert "multi-run-agent" in result.output


def test_no_api_key_exits_3_and_sends_nothing() -> None:
    """Online without CODEGEN_API_KEY or --api-key exits 3 with a hint, before any request."""
    result = CliRunner().invoke(app, ["organizations"])
    assert result.exit_code == 3
    line = _one_error_line(result.stderr)
    assert "no API key" in line
    assert "CODEGEN_API_KEY" in line


def test_unknown_key_exits_3_without_showing_it(
    fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key the API refuses (401) exits 3, and neither output shows the key."""
    transport = fake.transport()
    monkeypatch.setattr(
        httpx.Client,
        "__init__",
        _with_transport(httpx.Client.__init__, transport),
    )
    result = CliRunner().invoke(app, ["--api-key", SECRET_KEY, "me"])
    assert result.exit_code == 3
    assert "401" in _one_error_line(result.stderr)
    assert SECRET_KEY not in result.output
    assert SECRET_KEY not in result.stderr


def _with_transport(original: object, transport: httpx.BaseTransport) -> object:
    """Wrap httpx.Client.__init__ so every client the CLI makes talks to the fake."""

    def init(self: httpx.Client, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("transport", transport)
        original(self, *args, **kwargs)  # type: ignore[operator]

    return init


def test_api_key_from_env_is_used_and_never_printed(
    fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CODEGEN_API_KEY authenticates online commands and never appears in output or help."""
    monkeypatch.setattr(
        httpx.Client, "__init__", _with_transport(httpx.Client.__init__, fake.transport())
    )
    runner = CliRunner()
    env = {"CODEGEN_API_KEY": DEFAULT_API_KEY}
    result = runner.invoke(app, ["me"], env=env)
    assert result.exit_code == 0, result.stderr
    assert fake.current_user.github_username in result.stdout
    help_text = runner.invoke(app, ["--help"], env=env).output
    for output in (result.output, help_text, result.stderr):
        assert DEFAULT_API_KEY not in output


def test_base_url_option_and_env_are_used(
    fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--base-url wins over CODEGEN_BASE_URL; requests go to the chosen host."""
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return fake.handle(request)

    monkeypatch.setattr(
        httpx.Client,
        "__init__",
        _with_transport(httpx.Client.__init__, httpx.MockTransport(record)),
    )
    env = {"CODEGEN_API_KEY": DEFAULT_API_KEY, "CODEGEN_BASE_URL": "https://env.example/v1"}
    runner = CliRunner()
    assert runner.invoke(app, ["me"], env=env).exit_code == 0
    result = runner.invoke(app, ["--base-url", "https://flag.example/v1", "me"], env=env)
    assert result.exit_code == 0, result.stderr
    assert seen == ["https://env.example/v1/users/me", "https://flag.example/v1/users/me"]


def test_bad_base_url_exits_6(cli: Invoke) -> None:
    """A base URL that is not http(s) exits 6 (input) with one line."""
    result = cli("--base-url", "ftp://x", "me", offline=False, env={"CODEGEN_API_KEY": "sk-x"})
    assert result.exit_code == 6
    assert "base_url" in _one_error_line(result.stderr)


def test_forbidden_org_exits_3_with_a_hint(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """An organization the user is not in (403) exits 3 and suggests `organizations`."""
    result = cli("repositories", fake.foreign_org_id())
    assert result.exit_code == 3
    assert "organizations" in _one_error_line(result.stderr)


def test_not_found_exits_4(cli: Invoke, org_id: int) -> None:
    """An unknown user id (404) exits 4."""
    result = cli("user", org_id, 999_999_999)
    assert result.exit_code == 4
    assert "404" in _one_error_line(result.stderr)


def test_rate_limited_exits_5(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """A 429 that outlasts the retries exits 5 (with --max-retries 0: the first 429)."""
    fake.inject(Fault("rate_limit", "get_current_user"))
    result = cli("--max-retries", 0, "me")
    assert result.exit_code == 5
    assert "429" in _one_error_line(result.stderr)


def test_api_validation_error_exits_6(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """A 422 from the API (it rejected the input) exits 6, like input the client refuses."""
    fake.inject(Fault("status", "get_models", status=422))
    result = cli("models", org_id)
    assert result.exit_code == 6
    assert "422" in _one_error_line(result.stderr)


def test_connection_failure_exits_7(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """A dropped connection that outlasts the retries exits 7 with a network hint."""
    fake.inject(Fault("drop_connection", "get_current_user"))
    result = cli("--max-retries", 0, "me")
    assert result.exit_code == 7
    assert "CODEGEN_BASE_URL" in _one_error_line(result.stderr)


@pytest.mark.parametrize("kind", ["status", "html_502"])
def test_server_errors_exit_1(cli: Invoke, fake: FakeCodegenAPI, kind: str) -> None:
    """A 5xx (JSON or an HTML gateway page) exits 1 with one readable line, no traceback."""
    fake.inject(Fault(kind, "get_current_user", status=500))  # type: ignore[arg-type]
    result = cli("--max-retries", 0, "me", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "<html>" not in _one_error_line(result.stderr)
    assert "Traceback" not in result.output


def test_retries_are_logged_only_with_verbose(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """-v logs the client's retries on stderr; without it stderr stays empty on success."""
    fake.inject(Fault("status", "get_current_user", status=503))
    quiet = cli("me", "--json")
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    fake.inject(Fault("status", "get_current_user", status=503))
    loud = cli("-v", "me", "--json")
    assert loud.exit_code == 0
    assert "retrying get_current_user" in loud.stderr


def test_version_option(cli: Invoke) -> None:
    """--version prints the package version."""
    from codegen_client import __version__

    assert cli("--version").stdout.strip() == f"codegen-client {__version__}"


def test_verbose_leaves_the_library_logger_as_it_found_it(cli: Invoke) -> None:
    """After a -v command the library logger has its old level and no CLI handler."""
    import logging

    logger = logging.getLogger("codegen_client")
    before = (logger.level, list(logger.handlers))
    assert cli("-v", "me").exit_code == 0
    assert (logger.level, list(logger.handlers)) == before


def test_a_key_echoed_by_the_server_is_shown_as_stars(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 401 whose body quotes the key exits 3 with one line that shows *** instead."""

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, json={"detail": f"Invalid token: {request.headers['authorization']}"}
        )

    monkeypatch.setattr(
        httpx.Client, "__init__", _with_transport(httpx.Client.__init__, httpx.MockTransport(echo))
    )
    result = CliRunner().invoke(app, ["--api-key", SECRET_KEY, "me"])
    assert result.exit_code == 3
    line = _one_error_line(result.stderr)
    assert "Invalid token: Bearer ***" in line
    assert SECRET_KEY not in result.output


def test_plain_http_to_another_host_exits_6_with_the_opt_in(cli: Invoke) -> None:
    """An http:// base URL that is not loopback exits 6, naming the way to allow it."""
    env = {"CODEGEN_API_KEY": "sk-x"}
    result = cli("--base-url", "http://api.codegen.com/v1", "me", offline=False, env=env)
    assert result.exit_code == 6
    assert "CODEGEN_ALLOW_INSECURE_HTTP=1" in _one_error_line(result.stderr)


DEEP_JSON = '{"a":' * 40 + "1" + "}" * 40
TOO_DEEP_FOR_JSON = "[" * 100_000 + "]" * 100_000
HUGE_INT_JSON = '{"n": ' + "1" * 5000 + "}"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["agent-run", "ORG", "fix \udcff this"], "lone surrogate"),
        (["agent-run", "ORG", "x", "--metadata", '{"k": "\\udc00"}'], "lone surrogate"),
        (["agent-run", "ORG", "x", "--metadata", DEEP_JSON], "nested more than 32"),
        (["agent-run", "ORG", "x", "--metadata", TOO_DEEP_FOR_JSON], "--metadata"),
        (["agent-run", "ORG", "x", "--metadata", HUGE_INT_JSON], "--metadata"),
        (["agent-run", "ORG", "x", "--wait", "--timeout", "1e400"], "--timeout"),
        (["agent-run", "ORG", "x", "--wait", "--timeout", "1e300"], "--timeout"),
        (["resume-agent-run", "ORG", "RUN", "go", "--wait", "--timeout", "1e300"], "--timeout"),
        (["multi-run-agent", "ORG", "x", "--timeout", "1e300"], "timeout"),
        (["multi-run-agent", "ORG", "\udcff"], "lone surrogate"),
        (["wait-agent-run", "ORG", "RUN", "--timeout", "1e400"], "timeout"),
    ],
)
def test_unsendable_input_exits_6_before_any_run_is_created(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, argv: list[str], named: str
) -> None:
    """Surrogates, deep or huge JSON, huge timeouts: exit 6, one line, no run created."""
    run_id = fake.client().agents.create_agent_run(org_id=org_id, prompt="seed").id
    before = len(fake.requests)
    ids = {"ORG": str(org_id), "RUN": str(run_id)}
    result = cli(*[ids.get(arg, arg) for arg in argv])
    assert result.exit_code == 6, result.output
    assert named in _one_error_line(result.stderr)
    assert "Traceback" not in result.output
    sent = fake.requests[before:]
    assert not [r for r in sent if r.method == "POST"], sent
