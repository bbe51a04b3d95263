"""Rules for the Codegen CLI: ``client.cli_rules``."""

from __future__ import annotations

from codegen_client.resources._base import AsyncResource, SyncResource
from codegen_client_generated.models.cli_rules_response import CLIRulesResponse

__all__ = ["AsyncCliRules", "CliRules"]


class CliRules(SyncResource):
    """Read the rules a local agent should follow: the organization's and the caller's own.

    Example:
        >>> rules = client.cli_rules.get_cli_rules(org_id=1)  # doctest: +SKIP
        >>> print(rules.organization_rules)  # doctest: +SKIP

    """

    def get_cli_rules(self, org_id: int) -> CLIRulesResponse:
        """Read the organization's rules and the caller's custom prompt.

        Args:
            org_id: The organization.

        Returns:
            ``organization_rules`` and ``user_custom_prompt`` (each None when not set).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenPermissionError: The caller is not in the organization.
            CodegenApiError: Any other failure.

        """
        result: CLIRulesResponse = self._core.call("get_cli_rules", org_id=org_id)
        return result


class AsyncCliRules(AsyncResource):
    """Read the rules for the Codegen CLI (async).

    Example:
        >>> rules = await client.cli_rules.get_cli_rules(org_id=1)  # doctest: +SKIP

    """

    async def get_cli_rules(self, org_id: int) -> CLIRulesResponse:
        """Read the rules; see :meth:`CliRules.get_cli_rules`."""
        result: CLIRulesResponse = await self._core.call("get_cli_rules", org_id=org_id)
        return result
