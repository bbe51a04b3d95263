"""Rules for the Codegen CLI: ``client.cli_rules``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.cli_rules_response import CLIRulesResponse

__all__ = ["AsyncCliRules"]


class AsyncCliRules(AsyncResource):
    """Read the rules a local agent should follow: the organization's and the caller's own.

    Example:
        >>> rules = await client.cli_rules.get_cli_rules(org_id=1)  # doctest: +SKIP
        >>> print(rules.organization_rules)  # doctest: +SKIP

    """

    async def get_cli_rules(self, org_id: int) -> CLIRulesResponse:
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
        result: CLIRulesResponse = await self._core.call("get_cli_rules", org_id=org_id)
        return result
