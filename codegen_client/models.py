"""The data classes the client returns and accepts (generated from the spec), in one place.

A field the API left out holds ``UNSET``, which is falsy: test it with ``isinstance(x, Unset)``
or plain truth, not ``is None``. Error bodies are not listed: errors arrive as exceptions.
Timestamps (``created_at``) are timezone-aware UTC ``datetime`` objects, whatever shape the
API wrote them in; ``to_dict()`` writes them back as ISO 8601 strings. The client checks
every answer's fields against the spec's types before it makes the model, so a model it
returns never holds, say, a string where an ``int`` is declared.

Examples:
    >>> from codegen_client.models import UNSET, AgentRunResponse
    >>> run = AgentRunResponse.from_dict({"id": 1, "organization_id": 2})
    >>> run.result is UNSET
    True
    >>> AgentRunResponse.from_dict(
    ...     {"id": 1, "organization_id": 2, "created_at": "2025-06-21 11:20:04.338398"}
    ... ).created_at
    datetime.datetime(2025, 6, 21, 11, 20, 4, 338398, tzinfo=datetime.timezone.utc)

"""

from __future__ import annotations

from codegen_client_generated.models.agent_run_action_input import AgentRunActionInput
from codegen_client_generated.models.agent_run_log_response import AgentRunLogResponse
from codegen_client_generated.models.agent_run_log_response_observation_type_0 import (
    AgentRunLogResponseObservationType0,
)
from codegen_client_generated.models.agent_run_log_response_tool_input_type_0 import (
    AgentRunLogResponseToolInputType0,
)
from codegen_client_generated.models.agent_run_log_response_tool_output_type_0 import (
    AgentRunLogResponseToolOutputType0,
)
from codegen_client_generated.models.agent_run_page import AgentRunPage
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.models.agent_run_response_metadata_type_0 import (
    AgentRunResponseMetadataType0,
)
from codegen_client_generated.models.agent_run_source_type import AgentRunSourceType
from codegen_client_generated.models.agent_run_with_logs_response import AgentRunWithLogsResponse
from codegen_client_generated.models.agent_run_with_logs_response_metadata_type_0 import (
    AgentRunWithLogsResponseMetadataType0,
)
from codegen_client_generated.models.analyze_logs_response import AnalyzeLogsResponse
from codegen_client_generated.models.check_suite_settings_request import CheckSuiteSettingsRequest
from codegen_client_generated.models.check_suite_settings_request_check_retry_counts_type_0 import (
    CheckSuiteSettingsRequestCheckRetryCountsType0,
)
from codegen_client_generated.models.check_suite_settings_request_custom_prompts_type_0 import (
    CheckSuiteSettingsRequestCustomPromptsType0,
)
from codegen_client_generated.models.check_suite_settings_response import CheckSuiteSettingsResponse
from codegen_client_generated.models.check_suite_settings_response_check_retry_counts import (
    CheckSuiteSettingsResponseCheckRetryCounts,
)
from codegen_client_generated.models.check_suite_settings_response_custom_prompts import (
    CheckSuiteSettingsResponseCustomPrompts,
)
from codegen_client_generated.models.cli_rules_response import CLIRulesResponse
from codegen_client_generated.models.create_agent_run_input import CreateAgentRunInput
from codegen_client_generated.models.create_agent_run_input_agent_type_type_0 import (
    CreateAgentRunInputAgentTypeType0,
)
from codegen_client_generated.models.create_agent_run_input_metadata_type_0 import (
    CreateAgentRunInputMetadataType0,
)
from codegen_client_generated.models.edit_pr_input import EditPRInput
from codegen_client_generated.models.edit_pr_input_state import EditPRInputState
from codegen_client_generated.models.edit_pr_response import EditPRResponse
from codegen_client_generated.models.generate_setup_commands_input import GenerateSetupCommandsInput
from codegen_client_generated.models.generate_token_request import GenerateTokenRequest
from codegen_client_generated.models.generate_token_response import GenerateTokenResponse
from codegen_client_generated.models.github_pull_request_response import GithubPullRequestResponse
from codegen_client_generated.models.integration_status import IntegrationStatus
from codegen_client_generated.models.integration_status_metadata_type_0 import (
    IntegrationStatusMetadataType0,
)
from codegen_client_generated.models.model_option import ModelOption
from codegen_client_generated.models.models_response import ModelsResponse
from codegen_client_generated.models.o_auth_provider_response import OAuthProviderResponse
from codegen_client_generated.models.o_auth_provider_response_meta_type_0 import (
    OAuthProviderResponseMetaType0,
)
from codegen_client_generated.models.organization_integrations_response import (
    OrganizationIntegrationsResponse,
)
from codegen_client_generated.models.organization_page import OrganizationPage
from codegen_client_generated.models.organization_response import OrganizationResponse
from codegen_client_generated.models.organization_settings import OrganizationSettings
from codegen_client_generated.models.provider_models import ProviderModels
from codegen_client_generated.models.repo_page import RepoPage
from codegen_client_generated.models.repo_response import RepoResponse
from codegen_client_generated.models.resume_agent_run_input import ResumeAgentRunInput
from codegen_client_generated.models.setup_commands_response import SetupCommandsResponse
from codegen_client_generated.models.update_check_suite_settings_response_200 import (
    UpdateCheckSuiteSettingsResponse200,
)
from codegen_client_generated.models.user_page import UserPage
from codegen_client_generated.models.user_response import UserResponse
from codegen_client_generated.models.webhook_config_request import WebhookConfigRequest
from codegen_client_generated.models.webhook_config_response import WebhookConfigResponse
from codegen_client_generated.models.webhook_override import WebhookOverride
from codegen_client_generated.models.webhook_test_request import WebhookTestRequest
from codegen_client_generated.types import UNSET, Unset

__all__ = [
    "UNSET",
    "AgentRunActionInput",
    "AgentRunLogResponse",
    "AgentRunLogResponseObservationType0",
    "AgentRunLogResponseToolInputType0",
    "AgentRunLogResponseToolOutputType0",
    "AgentRunPage",
    "AgentRunResponse",
    "AgentRunResponseMetadataType0",
    "AgentRunSourceType",
    "AgentRunWithLogsResponse",
    "AgentRunWithLogsResponseMetadataType0",
    "AnalyzeLogsResponse",
    "CLIRulesResponse",
    "CheckSuiteSettingsRequest",
    "CheckSuiteSettingsRequestCheckRetryCountsType0",
    "CheckSuiteSettingsRequestCustomPromptsType0",
    "CheckSuiteSettingsResponse",
    "CheckSuiteSettingsResponseCheckRetryCounts",
    "CheckSuiteSettingsResponseCustomPrompts",
    "CreateAgentRunInput",
    "CreateAgentRunInputAgentTypeType0",
    "CreateAgentRunInputMetadataType0",
    "EditPRInput",
    "EditPRInputState",
    "EditPRResponse",
    "GenerateSetupCommandsInput",
    "GenerateTokenRequest",
    "GenerateTokenResponse",
    "GithubPullRequestResponse",
    "IntegrationStatus",
    "IntegrationStatusMetadataType0",
    "ModelOption",
    "ModelsResponse",
    "OAuthProviderResponse",
    "OAuthProviderResponseMetaType0",
    "OrganizationIntegrationsResponse",
    "OrganizationPage",
    "OrganizationResponse",
    "OrganizationSettings",
    "ProviderModels",
    "RepoPage",
    "RepoResponse",
    "ResumeAgentRunInput",
    "SetupCommandsResponse",
    "Unset",
    "UpdateCheckSuiteSettingsResponse200",
    "UserPage",
    "UserResponse",
    "WebhookConfigRequest",
    "WebhookConfigResponse",
    "WebhookOverride",
    "WebhookTestRequest",
]
