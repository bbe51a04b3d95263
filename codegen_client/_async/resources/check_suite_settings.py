"""How agents react to a repository's CI checks: ``client.check_suite_settings``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codegen_client._async.resources._base import AsyncResource
from codegen_client._core import make_body
from codegen_client._validation import require_any_field
from codegen_client_generated.models.check_suite_settings_request import (
    CheckSuiteSettingsRequest,
)
from codegen_client_generated.models.check_suite_settings_response import (
    CheckSuiteSettingsResponse,
)
from codegen_client_generated.models.update_check_suite_settings_response_200 import (
    UpdateCheckSuiteSettingsResponse200,
)

__all__ = ["AsyncCheckSuiteSettings"]


class AsyncCheckSuiteSettings(AsyncResource):
    """Read and change how the agent retries and which checks it ignores, per repository.

    Example:
        >>> s = await client.check_suite_settings.get_check_suite_settings(1, 7)  # doctest: +SKIP
        >>> await client.check_suite_settings.update_check_suite_settings(  # doctest: +SKIP
        ...     1, 7, check_retry_count=2, ignored_checks=["lint"]
        ... )

    """

    async def get_check_suite_settings(
        self, org_id: int, repo_id: int
    ) -> CheckSuiteSettingsResponse:
        """Read one repository's check-suite settings.

        Args:
            org_id: The organization.
            repo_id: The repository.

        Returns:
            The settings, with the names of the check suites seen on the repository.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        result: CheckSuiteSettingsResponse = await self._core.call(
            "get_check_suite_settings", org_id=org_id, repo_id=repo_id
        )
        return result

    async def update_check_suite_settings(
        self,
        org_id: int,
        repo_id: int,
        *,
        check_retry_count: int | None = None,
        ignored_checks: Sequence[str] | None = None,
        check_retry_counts: Mapping[str, int] | None = None,
        custom_prompts: Mapping[str, str] | None = None,
        high_priority_apps: Sequence[str] | None = None,
    ) -> UpdateCheckSuiteSettingsResponse200:
        """Change some of a repository's check-suite settings; fields left None keep their value.

        Args:
            org_id: The organization.
            repo_id: The repository.
            check_retry_count: How often the agent retries a failing check, 0..10.
            ignored_checks: Names of checks the agent should not react to.
            check_retry_counts: Retry count per check name, overriding ``check_retry_count``.
            custom_prompts: Extra instructions per check name.
            high_priority_apps: Names of apps whose check suites count as high priority.

        Returns:
            The API's acknowledgement (its fields are not documented).

        Raises:
            CodegenInputError: Every field is None, or one is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        changes = require_any_field(
            check_retry_count=check_retry_count,
            ignored_checks=ignored_checks,
            check_retry_counts=check_retry_counts,
            custom_prompts=custom_prompts,
            high_priority_apps=high_priority_apps,
        )
        body = make_body(CheckSuiteSettingsRequest, **changes)
        result: UpdateCheckSuiteSettingsResponse200 = await self._core.call(
            "update_check_suite_settings", org_id=org_id, repo_id=repo_id, body=body
        )
        return result
