"""One handler per operation, registered by operationId in `HANDLERS`."""

from codegen_client.testing._handlers import account, agents, repositories, settings
from codegen_client.testing._handlers._registry import HANDLERS, Call, Handler

__all__ = ["HANDLERS", "Call", "Handler", "account", "agents", "repositories", "settings"]
