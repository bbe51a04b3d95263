"""client.check_suite_settings: read and change a repository's check-suite settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError, CodegenResourceNotFoundError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.check_suite_settings_response import (
    CheckSuiteSettingsResponse,
)

Sent = Callable[[str], list[RequestRecord]]


@pytest.fixture
def repo_id(codegen_fake_api: FakeCodegenAPI, org_id: int) -> int:
    """A repository of the main organization."""
    return codegen_fake_api.organizations[org_id].repositories[0].id


def test_get_check_suite_settings_sends_repo_id_as_query(
    codegen_client: CodegenClient, org_id: int, repo_id: int, sent: Sent
) -> None:
    """get_check_suite_settings sends repo_id in the query and returns the parsed settings."""
    settings = codegen_client.check_suite_settings.get_check_suite_settings(org_id, repo_id)

    assert isinstance(settings, CheckSuiteSettingsResponse)
    assert settings.check_retry_count == 3
    assert settings.available_check_suite_names
    (request,) = sent("get_check_suite_settings")
    assert (request.method, request.path) == (
        "GET",
        f"/organizations/{org_id}/repos/check-suite-settings",
    )
    assert request.query == {"repo_id": str(repo_id)}


def test_update_check_suite_settings_sends_only_given_fields(
    codegen_client: CodegenClient, org_id: int, repo_id: int, sent: Sent
) -> None:
    """update_check_suite_settings PUTs only the fields passed, and the change is readable."""
    result = codegen_client.check_suite_settings.update_check_suite_settings(
        org_id,
        repo_id,
        check_retry_count=5,
        ignored_checks=("lint",),
        check_retry_counts={"pytest": 2},
        custom_prompts={"mypy": "Fix types first."},
    )

    assert isinstance(result, dict)  # the acknowledgement's fields are not documented
    (request,) = sent("update_check_suite_settings")
    assert request.method == "PUT"
    assert request.query == {"repo_id": str(repo_id)}
    assert request.json == {
        "check_retry_count": 5,
        "ignored_checks": ["lint"],
        "check_retry_counts": {"pytest": 2},
        "custom_prompts": {"mypy": "Fix types first."},
    }
    after = codegen_client.check_suite_settings.get_check_suite_settings(org_id, repo_id)
    assert after.check_retry_count == 5
    assert after.ignored_checks == ["lint"]
    assert after.check_retry_counts == {"pytest": 2}


def test_update_check_suite_settings_with_nothing_is_refused(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, repo_id: int
) -> None:
    """update_check_suite_settings with every field None raises before any request."""
    with pytest.raises(CodegenInputError, match="nothing to update"):
        codegen_client.check_suite_settings.update_check_suite_settings(org_id, repo_id)
    assert codegen_fake_api.requests == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("check_retry_count", 11),
        ("ignored_checks", "lint"),
        ("check_retry_counts", {"pytest": "2"}),
        ("custom_prompts", {"mypy": 1}),
        ("high_priority_apps", [1]),
    ],
)
def test_update_check_suite_settings_rejects_bad_field(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    repo_id: int,
    field: str,
    value: Any,
) -> None:
    """update_check_suite_settings names a badly typed or out-of-range field and sends nothing."""
    with pytest.raises(CodegenInputError, match=field):
        codegen_client.check_suite_settings.update_check_suite_settings(
            org_id, repo_id, **{field: value}
        )
    assert codegen_fake_api.requests == []


def test_get_check_suite_settings_unknown_repo_is_not_found(
    codegen_client: CodegenClient, org_id: int
) -> None:
    """get_check_suite_settings for a repository outside the organization raises 404's error."""
    with pytest.raises(CodegenResourceNotFoundError):
        codegen_client.check_suite_settings.get_check_suite_settings(org_id, 1)
