"""The served offline API answers odd requests as a FastAPI app with its routes does.

Both run on uvicorn on loopback (``tests/server/odd_requests.py``); each odd request goes to
both on a new connection. Status, ``detail`` (text, or the 422 error types), ``Allow``,
``Location`` and the number of ``Date`` headers must agree, except for the differences below,
each of which the offline-API guide lists. ``python -m tests.server.odd_requests`` prints the
whole table.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock
from tests.server.conftest import LOOPBACK
from tests.server.odd_requests import Observed, compare, odd_requests

pytestmark = LOOPBACK
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "offline-api.md"

# name -> (the fake's answer, FastAPI's answer, a phrase of the guide's row about it)
DIFFERENCES: dict[str, tuple[str, str, str]] = {
    "PATCH on a route with three methods": (
        '405 "Method Not Allowed" Allow=DELETE, GET, POST',
        '405 "Method Not Allowed" Allow=GET',
        "`Allow` lists every method of the path",
    ),
    "no key and invalid JSON": (
        '401 "Not authenticated"',
        "422 [json_invalid]",
        "without a valid key",
    ),
    "lone surrogate": (
        "422 [json_invalid]",
        "200 -",
        "a lone surrogate",
    ),
    "invalid UTF-8": (
        "422 [json_invalid]",
        "200 -",
        "a lone surrogate",
    ),
    "target past 8 KiB": ('414 "URI Too Long"', '404 "Not Found"', "a target past 8 KiB"),
    "headers past 16 KiB": (
        '431 "Request Header Fields Too Large"',
        "200 -",
        "headers past 16 KiB",
    ),
    "non-ASCII header value": (
        '400 "Invalid header value: only ASCII is allowed"',
        "200 -",
        "a non-ASCII header value",
    ),
}


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[Observed, Observed]]:
    """Every odd request's answer from the offline API and from its FastAPI twin."""
    pytest.importorskip("uvicorn", reason="needs the server extra")
    pytest.importorskip("fastapi", reason="needs the dev extra on Python 3.11+ (FastAPI 0.165)")
    return compare()


NAMES = list(odd_requests("sk-key", 1))


def test_there_are_fifty_odd_requests_or_more() -> None:
    """The comparison covers targets, methods, auth, bodies, encodings, framing and sizes."""
    assert len(NAMES) >= 50


@pytest.mark.parametrize("name", NAMES)
def test_odd_request_answers_as_fastapi_or_as_the_guide_says(
    name: str, answers: dict[str, tuple[Observed, Observed]]
) -> None:
    """The fake's answer equals FastAPI's, or both are exactly the listed difference."""
    fake, twin = answers[name]
    if name in DIFFERENCES:
        want_fake, want_twin, _ = DIFFERENCES[name]
        assert (fake.row(), twin.row()) == (want_fake, want_twin)
        assert fake.dates == twin.dates
    else:
        assert fake == twin


def test_every_difference_is_listed_in_the_guide() -> None:
    """The offline-API guide's table of differences names each one the comparison finds."""
    text = re.sub(r"\s+", " ", GUIDE.read_text())
    section = text.split("### Where it differs from a FastAPI app", 1)[1]
    for name, (_, _, phrase) in DIFFERENCES.items():
        assert phrase in section, f"the guide does not list {name!r} ({phrase!r})"


def test_an_answer_has_one_date_from_the_fakes_clock() -> None:
    """Served answers, refusals and faults carry exactly one Date: the fake's, not uvicorn's."""
    pytest.importorskip("uvicorn", reason="needs the server extra")
    from codegen_client.testing.server import FakeServer

    clock = ManualClock()
    fake = FakeCodegenAPI(clock=clock, org_id=123, rate_limits=False)
    clock.advance(3725.0)
    auth = {"Authorization": f"Bearer {fake.api_key}"}
    fake.inject(Fault("status", "get_current_user", status=503))
    with FakeServer(fake, port=0) as server, httpx.Client(base_url=server.base_url) as client:
        answers = [
            client.get("/users/me", headers=auth),  # the injected 503
            client.get("/users/me", headers=auth),
            client.get("/organizations/123/repos?limit=0", headers=auth),
            client.get("/" + "a" * 9000, headers=auth),  # refused before the fake: 414
        ]
    assert [a.status_code for a in answers] == [503, 200, 422, 414]
    for answer in answers:
        dates = [v for k, v in answer.headers.multi_items() if k == "date"]
        assert dates == [fake.http_date()] == ["Sat, 21 Jun 2025 10:02:05 GMT"]
