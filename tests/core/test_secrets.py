"""The API key and other secrets never show: not in errors, logs, tracebacks' locals or URLs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import pytest

from codegen_client import (
    AsyncCodegenClient,
    CodegenApiError,
    CodegenAuthError,
    CodegenClient,
    CodegenInputError,
    CodegenValidationError,
)
from codegen_client._auth import CodegenAuth
from codegen_client._secrets import HiddenKey, redact
from tests.both import Clients

from .helpers import Script

KEY = "sk-test-key"  # what Script's clients send
LONG_KEY = "sk-11111111-2222-4333-8444-555555555555"
WEBHOOK_SECRET = "whsec-do-not-show-7f3a"
ROOT = Path(__file__).resolve().parents[2]


def call(clients: Clients, script: Script, method: str, /, **kwargs: Any) -> Any:
    """Call ``client.agents.<method>`` (or ``ns.method``) on a client of the test's flavor."""
    namespace, _, name = method.rpartition(".")
    namespace = namespace or "agents"
    client = clients.scripted(script, max_retries=0, **kwargs.pop("client_kwargs", {}))
    return getattr(getattr(client, namespace), name)(**kwargs)


def shown(error: BaseException) -> str:
    """Every text an error offers to a user, a log or an error tracker."""
    parts = [str(error), repr(error), getattr(error, "message", "")]
    body = getattr(error, "body", None)
    parts.append(json.dumps(body) if not isinstance(body, str) else body)
    return "\n".join(parts)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(401, json={"detail": f"Invalid token: Bearer {KEY}"}),
        httpx.Response(401, json={"message": f"key {KEY} is unknown", "status_code": 401}),
        httpx.Response(401, text=f"<html><title>Bad key {KEY}</title></html>"),
        httpx.Response(401, text=f"Authorization: Bearer {KEY}"),
    ],
)
def test_a_key_the_server_echoes_is_shown_as_stars(
    clients: Clients, answer: httpx.Response
) -> None:
    """A 401 whose body echoes the key: message, str, repr and body show *** instead."""
    with pytest.raises(CodegenAuthError) as info:
        call(clients, Script(answer), "get_agent_run", org_id=1, agent_run_id=2)
    text = shown(info.value)
    assert KEY not in text
    assert "***" in info.value.message


def test_a_retried_error_logs_no_key(clients: Clients, caplog: pytest.LogCaptureFixture) -> None:
    """The retry log line quotes the server's message with the key as ***."""
    script = Script(
        httpx.Response(503, json={"detail": f"upstream refused Bearer {KEY}"}),
        httpx.Response(200, json={"id": 2, "organization_id": 1, "status": "ACTIVE"}),
    )
    caplog.set_level(logging.DEBUG, logger="codegen_client")
    clients.scripted(script, max_retries=1).agents.get_agent_run(org_id=1, agent_run_id=2)
    assert "retrying get_agent_run" in caplog.text
    assert "Bearer ***" in caplog.text
    assert KEY not in caplog.text


def test_a_webhook_secret_the_server_echoes_is_hidden(clients: Clients) -> None:
    """A 422 that quotes the webhook secret it was sent shows *** in its message and body."""
    answer = httpx.Response(
        422,
        json={
            "detail": [
                {
                    "loc": ["body", "secret"],
                    "msg": f"secret {WEBHOOK_SECRET} is too weak",
                    "type": "value_error",
                    "input": WEBHOOK_SECRET,
                }
            ]
        },
    )
    with pytest.raises(CodegenValidationError) as info:
        call(
            clients,
            Script(answer),
            "webhooks.set_webhook_config",
            org_id=1,
            url="https://hooks.example.com/x",
            secret=WEBHOOK_SECRET,
        )
    assert WEBHOOK_SECRET not in shown(info.value)


@pytest.mark.parametrize(
    "arguments",
    [
        {"webhooks": [{"url": "ftp://hooks.example.com", "secret": WEBHOOK_SECRET}]},
        {"webhooks": [{"url": "https://h.example", "secret": WEBHOOK_SECRET, "x": 1}]},
        {"webhooks": [{"url": "https://h.example", "secret": WEBHOOK_SECRET.encode()}]},
        {"webhooks": {"url": "https://h.example", "secret": WEBHOOK_SECRET}},
    ],
)
@pytest.mark.parametrize(
    ("method", "ids"),
    [("create_agent_run", {}), ("resume_agent_run", {"agent_run_id": 5})],
)
def test_webhook_secrets_are_not_in_validation_errors(
    clients: Clients, arguments: dict[str, Any], method: str, ids: dict[str, Any]
) -> None:
    """A bad webhook entry is refused without quoting its secret; nothing is sent."""
    script = Script(httpx.Response(200, json={}))
    with pytest.raises(CodegenInputError) as info:
        call(clients, script, method, org_id=1, prompt="x", **ids, **arguments)
    assert "webhooks" in str(info.value)
    assert WEBHOOK_SECRET not in str(info.value)
    assert script.requests == []


def test_a_bad_set_webhook_secret_is_not_quoted(clients: Clients) -> None:
    """set_webhook_config with a secret that is not text names the problem, not the value."""
    script = Script(httpx.Response(200, json={}))
    with pytest.raises(CodegenInputError) as info:
        call(
            clients,
            script,
            "webhooks.set_webhook_config",
            org_id=1,
            url="https://hooks.example.com/x",
            secret=WEBHOOK_SECRET.encode(),
        )
    assert "secret must be" in str(info.value)
    assert WEBHOOK_SECRET not in str(info.value)
    assert script.requests == []


def _frames(tb: TracebackType | None) -> list[dict[str, Any]]:
    found = []
    while tb is not None:
        found.append(dict(tb.tb_frame.f_locals))
        tb = tb.tb_next
    return found


def _assert_no_key_in_locals(error: BaseException, key: str) -> None:
    frames = _frames(error.__traceback__)
    assert len(frames) > 2
    for index, local_vars in enumerate(frames):
        for name, value in local_vars.items():
            try:
                text = repr(value)
            except ValueError:  # an int past the digit limit has no repr; it is no key either
                continue
            except AttributeError:  # an httpx object its own failure left half built
                text = repr(vars(value)) if hasattr(value, "__dict__") else ""
            assert key not in text, f"frame {index}: local {name!r} shows the key"


BAD_ARGUMENTS: list[tuple[str, dict[str, Any]]] = [
    ("get_agent_run", {"org_id": 0, "agent_run_id": 2}),
    ("get_agent_run", {"org_id": 1, "agent_run_id": "2"}),
    ("create_agent_run", {"org_id": 1, "prompt": "lone \ud800"}),
    ("create_agent_run", {"org_id": 1, "prompt": "x", "metadata": {"n": 10**5000}}),
]


@pytest.mark.parametrize(("method", "arguments"), BAD_ARGUMENTS)
def test_no_frame_of_a_bad_input_traceback_holds_the_key(
    clients: Clients, method: str, arguments: dict[str, Any]
) -> None:
    """Bad input fails building the request; no local of any frame shows the key (pytest -l)."""
    script = Script(httpx.Response(200, json={}))
    with pytest.raises(CodegenInputError) as info:
        call(clients, script, method, client_kwargs={"api_key": LONG_KEY}, **arguments)
    _assert_no_key_in_locals(info.value, LONG_KEY)
    assert script.requests == []


def test_no_frame_holds_the_key_when_httpx_fails_to_build(
    clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a failure inside httpx's own request building leaves the key in no frame's locals."""
    import codegen_client._core as core

    # Without the client's own checks, a header value HTTP cannot carry reaches httpx's own
    # request building and fails there, deep in httpx's frames, the way unforeseen bad input
    # would.
    monkeypatch.setattr(
        core, "check_headers", lambda headers, holds_key, into, names: {**into, **headers}
    )
    script = Script(httpx.Response(200, json={}))
    with pytest.raises(UnicodeEncodeError) as info:
        call(
            clients,
            script,
            "webhooks.test_webhook",
            client_kwargs={"api_key": LONG_KEY},
            org_id=1,
            url="https://hooks.example.com/",
            extra_headers={"X-Note": "caf\u00e9 \u2603"},
        )
    _assert_no_key_in_locals(info.value, LONG_KEY)
    tb, files = info.value.__traceback__, []
    while tb is not None:
        files.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    assert any(f"{os.sep}httpx{os.sep}" in name for name in files)


def test_codegen_key_replaces_the_callers_own_auth(clients: Clients) -> None:
    """A caller's httpx client with auth= sends Codegen's Bearer key, never its credentials."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": 2, "organization_id": 1, "status": "ACTIVE"})

    auth = httpx.BasicAuth("me", "my-own-password")
    http = clients.http_client(transport=httpx.MockTransport(answer), auth=auth)
    clients.new(api_key=LONG_KEY, http_client=http).agents.get_agent_run(1, 2)
    (request,) = seen
    assert request.headers["authorization"] == f"Bearer {LONG_KEY}"
    assert "my-own-password" not in repr(request.headers.raw)


def test_the_auth_and_key_holders_hide_the_key() -> None:
    """The objects that hold the key show <hidden> in repr and str."""
    key = HiddenKey(LONG_KEY)
    auth = CodegenAuth(key)
    for text in (repr(key), str(key), repr(auth), str(auth)):
        assert LONG_KEY not in text
        assert "hidden" in text


def test_redact_hides_bearer_tokens_and_given_secrets() -> None:
    """redact() replaces the key anywhere and any Bearer token, keeping the rest of the text."""
    assert redact(f"bad {LONG_KEY}!", [LONG_KEY]) == "bad ***!"
    assert redact("Invalid token: Bearer abcdefgh12345") == "Invalid token: Bearer ***"
    assert redact("no secret here", [LONG_KEY]) == "no secret here"


# The base URL ------------------------------------------------------------------------------

PASSWORD = "hunter2pw"
QUERY_SECRET = "qsecret42"


@pytest.mark.parametrize(
    "url",
    [
        f"ftp://me:{PASSWORD}@h.example/v1?token={QUERY_SECRET}",
        f"https://me:{PASSWORD}@h.example/v1",
        f"https://h.example/v1?token={QUERY_SECRET}",
        f"https://h.example/v1#{QUERY_SECRET}",
        f"http://me:{PASSWORD}@[::1/v1?token={QUERY_SECRET}",
        f"http://[::1/v1?token={QUERY_SECRET}",
        f"https://me:{PASSWORD}@h.example\x00/v1?token={QUERY_SECRET}",
        f"http://me:{PASSWORD}@h.example/v1?token={QUERY_SECRET}",
    ],
)
@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_a_base_url_error_never_echoes_user_info_or_query(
    url: str, client_class: type[CodegenClient] | type[AsyncCodegenClient]
) -> None:
    """A refused base URL is named without its password or query, as a CodegenInputError."""
    with pytest.raises(CodegenInputError) as info:
        client_class(api_key=KEY, base_url=url)
    assert "base_url" in str(info.value)
    assert PASSWORD not in str(info.value)
    assert QUERY_SECRET not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/v1",
        "https://h.example\x00/v1",
        "https://h.example/v1\n",
        "https://h.exa\x7fmple/v1",
        "http://[::1]:99999999999/v1",
    ],
)
def test_a_malformed_base_url_is_an_input_error(clients: Clients, url: str) -> None:
    """A base URL httpx cannot parse (or with control characters) is CodegenInputError."""
    with pytest.raises(CodegenApiError) as info:
        clients.new(api_key=KEY, base_url=url)
    assert type(info.value) is CodegenInputError
    assert not isinstance(info.value, httpx.InvalidURL)


def test_a_bad_base_url_from_the_environment_names_the_variable(
    clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CODEGEN_BASE_URL with credentials is refused by name, without the password."""
    monkeypatch.setenv("CODEGEN_BASE_URL", f"http://me:{PASSWORD}@[::1/v1")
    with pytest.raises(CodegenInputError) as info:
        clients.new(api_key=KEY)
    assert "CODEGEN_BASE_URL" in str(info.value)
    assert PASSWORD not in str(info.value)


# CODEGEN_LOG -------------------------------------------------------------------------------

LOG_SCRIPT = textwrap.dedent(
    """
    import asyncio
    from codegen_client.testing import FakeCodegenAPI

    fake = FakeCodegenAPI()
    fake.client().users.get_current_user()
    fake.client().users.get_current_user()

    async def main():
        await fake.async_client().organizations.get_organizations()

    asyncio.run(main())
    print(fake.api_key)
    """
)


def _run_logged(level: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    if level is not None:
        env["CODEGEN_LOG"] = level
    return subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_codegen_log_debug_prints_request_lines_with_the_key_hidden() -> None:
    """CODEGEN_LOG=debug logs each request and its headers on stderr, Authorization as ***."""
    result = _run_logged("debug")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    lines = result.stderr.splitlines()
    requests = [line for line in lines if "HTTP request: GET" in line]
    # One handler however many clients are made: each request is logged once.
    assert len(requests) == 3, result.stderr
    assert requests[0].endswith("GET https://api.codegen.com/v1/users/me")
    assert any("'authorization': 'Bearer ***'" in line for line in lines), result.stderr
    assert key not in result.stderr


def test_codegen_log_info_prints_request_lines_without_headers() -> None:
    """CODEGEN_LOG=info logs request lines but not headers."""
    result = _run_logged("info")
    assert result.returncode == 0, result.stderr
    assert "HTTP request: GET https://api.codegen.com/v1/users/me" in result.stderr
    assert "Authorization" not in result.stderr
    assert result.stdout.strip() not in result.stderr


def test_without_codegen_log_nothing_is_logged() -> None:
    """Unset, the library adds no handler: stderr stays empty."""
    result = _run_logged(None)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_an_unknown_codegen_log_level_is_an_input_error() -> None:
    """CODEGEN_LOG=loud is refused by name when a client is made."""
    from codegen_client._settings import resolve_settings

    with pytest.raises(CodegenInputError, match="CODEGEN_LOG"):
        resolve_settings(
            api_key=KEY,
            base_url=None,
            timeout=None,
            max_retries=None,
            user_agent=None,
            environ={"CODEGEN_LOG": "loud"},
        )


# Cassettes ---------------------------------------------------------------------------------

CASSETTES = sorted((ROOT / "tests" / "replay" / "cassettes").rglob("*.yaml"))
SLACK_TOKEN = "d75b2699557294f8fc357782517abbd3"
OAUTH_TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a"


def test_the_recording_filter_removes_secrets_from_bodies() -> None:
    """Webhook secrets, Slack connect tokens and OAuth tokens leave no copy in a recording."""
    from vcr.request import Request

    from tests.replay.conftest import before_record_request, before_record_response

    sent = json.dumps(
        {
            "prompt": "x",
            "webhooks": [{"url": "https://hooks.example.com/x", "secret": WEBHOOK_SECRET}],
        }
    ).encode()
    request = before_record_request(
        Request("POST", "http://127.0.0.1:1234/v1/organizations/1/agent/run", sent, {})
    )
    answer = {
        "token": SLACK_TOKEN,
        "message": f'Send "Connect my account: {SLACK_TOKEN}" to the Codegen bot.',
        "oauth": [{"provider": "linear", "access_token": OAUTH_TOKEN}],
    }
    response = before_record_response(
        {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Date": ["today"], "content-type": ["application/json"]},
            "body": {"string": json.dumps(answer).encode()},
        }
    )
    recorded = request.body.decode() + response["body"]["string"].decode()
    for secret in (WEBHOOK_SECRET, SLACK_TOKEN, OAUTH_TOKEN):
        assert secret not in recorded
    assert json.loads(response["body"]["string"])["token"] == "FILTERED"
    assert request.uri == "https://api.codegen.com/v1/organizations/1/agent/run"
    assert "Date" not in response["headers"]


@pytest.mark.parametrize("path", CASSETTES, ids=[p.stem for p in CASSETTES])
def test_committed_cassettes_hold_no_body_secret(path: Path) -> None:
    """Every secret or token field recorded in a body is FILTERED, and no copy remains."""
    import yaml

    from codegen_client._secrets import secret_fields

    text = path.read_text()
    for item in yaml.safe_load(text)["interactions"]:
        bodies = [item["request"]["body"], item["response"]["body"]["string"]]
        for body in bodies:
            if not body:
                continue
            try:
                data = json.loads(body)
            except ValueError:
                continue
            assert set(secret_fields(data)) <= {"FILTERED"}, f"{path.name}: {body[:80]}"
    for known in ("whsec-example", SLACK_TOKEN):
        assert known not in text
