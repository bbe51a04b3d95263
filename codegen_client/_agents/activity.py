"""What an agent did, read from its log: files changed, commands run, test results, the PR.

The API has no such summary; the alpha log has every tool call the agent made (``tool_name``,
``tool_input``, ``tool_output``). Tool names and shapes are not documented and vary between
agents, so the reader knows families of names (``edit_file``, ``write_file``,
``run_bash_command``, ``create_pr``, ...) and several spellings of each field, and skips what it
does not recognise. `ActivityReader` takes one entry at a time (a log can be long), then
`ActivityReader.summary` adds the run itself; ``client.agents_alpha.summarize_agent_run``
drives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from codegen_client._agents.pull_requests import pull_request_urls
from codegen_client._validation import is_int

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "ActivityReader",
    "AgentRunSummary",
    "CommandRun",
    "FileChange",
    "TestRun",
]

FileAction = Literal["created", "edited", "deleted", "renamed"]

# Tool names by what they do (compared in lower case).
_CREATE_TOOLS = frozenset({"create_file", "write_file", "new_file"})
_DELETE_TOOLS = frozenset({"delete_file", "remove_file"})
_RENAME_TOOLS = frozenset({"rename_file", "move_file", "move_symbol"})
_EDIT_TOOLS = frozenset(
    {
        "edit_file",
        "replace_file",
        "str_replace",
        "str_replace_editor",
        "str_replace_based_edit_tool",
        "replacement_edit",
        "global_replacement_edit",
        "semantic_edit",
        "relace_edit",
        "apply_patch",
        "multi_edit",
    }
)
_COMMAND_TOOLS = frozenset(
    {"run_bash_command", "run_command", "bash", "shell", "execute_command", "terminal", "exec"}
)
_PR_TOOLS = frozenset({"create_pr", "create_pull_request", "open_pull_request"})

# Field spellings, first found wins.
_PATH_KEYS = ("filepath", "file_path", "path", "filename", "target_file", "source_file")
_NEW_PATH_KEYS = ("new_filepath", "new_file_path", "new_path", "target_file", "destination")
_COMMAND_KEYS = ("command", "cmd", "script")
_EXIT_KEYS = ("exit_code", "exitCode", "returncode", "return_code", "exit_status", "status_code")
_OUTPUT_KEYS = ("output", "stdout", "result", "content", "stderr")
_URL_KEYS = ("url", "html_url", "pr_url", "pull_request_url", "web_url")

_TEST_COMMAND = re.compile(
    r"\b(pytest|py\.test|unittest|tox|nox|jest|vitest|mocha|rspec|phpunit|ctest|"
    r"(npm|yarn|pnpm|bun)( run)? test|make( \S+)* test|go test|cargo (test|nextest)|"
    r"mvn( \S+)* (test|verify)|gradlew? test|dotnet test|mix test|swift test)\b"
)
_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped)\b")
_PR_URL = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/pull/\d+")


@dataclass(frozen=True)
class FileChange:
    """A file the agent changed.

    Attributes:
        path: The file, as the agent named it.
        action: ``created``, ``edited``, ``deleted`` or ``renamed`` (``renamed_from`` is set).
        renamed_from: The old path of a renamed file.

    """

    path: str
    action: FileAction
    renamed_from: str | None = None


@dataclass(frozen=True)
class CommandRun:
    """A command the agent ran, and how it ended.

    Attributes:
        command: The command line.
        exit_code: Its exit status, or None when the log does not say.

    """

    command: str
    exit_code: int | None

    @property
    def succeeded(self) -> bool | None:
        """True for exit status 0, False for another, None when unknown."""
        return None if self.exit_code is None else self.exit_code == 0


@dataclass(frozen=True)
class TestRun:
    """A test run: a command that runs tests, or whose output counts passed and failed tests.

    Attributes:
        command: The command line.
        exit_code: Its exit status, or None when the log does not say.
        passed: Tests passed, as its output counted them (None: not counted).
        failed: Tests failed (errors included), as counted (None: not counted).
        skipped: Tests skipped, as counted (None: not counted).

    """

    __test__ = False  # a result, not a pytest test class

    command: str
    exit_code: int | None
    passed: int | None = None
    failed: int | None = None
    skipped: int | None = None

    @property
    def succeeded(self) -> bool | None:
        """False when a test failed or the command failed, True when it exited 0, else None."""
        if (self.failed or 0) > 0 or (self.exit_code not in (None, 0)):
            return False
        if self.exit_code == 0:
            return True
        return None if self.passed is None else True


@dataclass(frozen=True)
class AgentRunSummary:
    """What an agent run did, read from its log (see `codegen_client._agents.activity`).

    Attributes:
        agent_run_id: The run.
        status: Its status when summarized.
        web_url: Where to watch it.
        summary: The run's own short summary (None until it completes, or when absent).
        files_changed: Every file changed, once each, in the order first touched.
        commands: Every command run, in order.
        tests: The commands among them that ran tests, with their counts.
        pull_requests: URLs of the run's pull requests: those the API lists, then any other
            the log shows the agent opening.
        log_entries: How many log entries were read.
        complete: False when reading stopped at ``max_log_entries`` before the end.

    """

    agent_run_id: int
    status: str | None
    web_url: str | None
    summary: str | None
    files_changed: list[FileChange] = field(default_factory=list)
    commands: list[CommandRun] = field(default_factory=list)
    tests: list[TestRun] = field(default_factory=list)
    pull_requests: list[str] = field(default_factory=list)
    log_entries: int = 0
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON data (``succeeded`` included for commands and tests)."""
        data = asdict(self)
        for plain, command in zip(data["commands"], self.commands, strict=True):
            plain["succeeded"] = command.succeeded
        for plain, test in zip(data["tests"], self.tests, strict=True):
            plain["succeeded"] = test.succeeded
        return data


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _first(data: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = data.get(key)
        if value is not None:
            return value
    return None


def _exit_code(data: Mapping[str, Any]) -> int | None:
    value = _first(data, _EXIT_KEYS)
    if is_int(value):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _output_text(output: Mapping[str, Any], observation: Any) -> str:
    parts = [v for v in (output.get(k) for k in _OUTPUT_KEYS) if isinstance(v, str)]
    if isinstance(observation, str):
        parts.append(observation)
    return "\n".join(parts)


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for number, word in _COUNT.findall(text):
        key = "failed" if word.startswith("error") else word
        counts[key] = counts.get(key, 0) + int(number)
    return counts


class ActivityReader:
    """Reads log entries one by one and keeps what the agent did.

    Examples:
        >>> reader = ActivityReader()
        >>> reader.read({"tool_name": "edit_file", "tool_input": {"filepath": "a.py"}})
        >>> [change.path for change in reader.files]
        ['a.py']

    """

    def __init__(self) -> None:
        self._files: dict[str, FileChange] = {}
        self.commands: list[CommandRun] = []
        self.tests: list[TestRun] = []
        self.opened: list[str] = []
        self.entries = 0

    @property
    def files(self) -> list[FileChange]:
        """Every file changed so far, in the order first touched."""
        return list(self._files.values())

    def read(self, entry: Mapping[str, Any]) -> None:
        """Take one log entry (``AgentRunLogResponse.to_dict()``); unknown tools are skipped."""
        self.entries += 1
        tool = _text(entry.get("tool_name"))
        if tool is None:
            return
        name = tool.lower()
        given = entry.get("tool_input")
        got = entry.get("tool_output")
        tool_input: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        tool_output: Mapping[str, Any] = got if isinstance(got, Mapping) else {}
        if name in _COMMAND_TOOLS:
            self._command(tool_input, tool_output, entry.get("observation"))
        elif name in _PR_TOOLS:
            self._pull_request(tool_output, entry.get("observation"))
        else:
            self._file(name, tool_input)

    def _file(self, name: str, tool_input: Mapping[str, Any]) -> None:
        path = _text(_first(tool_input, _PATH_KEYS))
        if path is None:
            return
        if name in _RENAME_TOOLS:
            new = _text(_first(tool_input, _NEW_PATH_KEYS))
            if new is not None and new != path:
                self._files.pop(path, None)
                self._files[new] = FileChange(new, "renamed", renamed_from=path)
                return
            self._note(path, "edited")
        elif name in _CREATE_TOOLS:
            self._note(path, "created")
        elif name in _DELETE_TOOLS:
            earlier = self._files.pop(path, None)
            if earlier is None or earlier.action != "created":  # created, then gone: no change
                self._files[path] = FileChange(path, "deleted")
        elif name in _EDIT_TOOLS:
            self._note(path, "edited")

    def _note(self, path: str, action: FileAction) -> None:
        earlier = self._files.get(path)
        if earlier is None or earlier.action == "deleted":
            self._files[path] = FileChange(path, "edited" if earlier else action)
        # A file created (or renamed) and then edited keeps what happened to it first.

    def _command(self, tool_input: Mapping[str, Any], output: Mapping[str, Any], seen: Any) -> None:
        command = _text(_first(tool_input, _COMMAND_KEYS))
        if command is None:
            return
        exit_code = _exit_code(output)
        self.commands.append(CommandRun(command, exit_code))
        counts = _counts(_output_text(output, seen))
        if _TEST_COMMAND.search(command) or {"passed", "failed"} & counts.keys():
            self.tests.append(
                TestRun(
                    command,
                    exit_code,
                    passed=counts.get("passed"),
                    failed=counts.get("failed"),
                    skipped=counts.get("skipped"),
                )
            )

    def _pull_request(self, output: Mapping[str, Any], seen: Any) -> None:
        url = _text(_first(output, _URL_KEYS))
        if url is None:
            found = _PR_URL.search(_output_text(output, seen))
            url = found.group(0) if found else None
        if url is not None and url not in self.opened:
            self.opened.append(url)

    def summary(self, run: AgentRunResponse, *, complete: bool = True) -> AgentRunSummary:
        """What the run did: the entries read so far, with the run's status and PRs.

        Args:
            run: The run, read after its log.
            complete: Whether every log entry was read.

        """
        data = run.to_dict()
        listed = pull_request_urls(run)
        return AgentRunSummary(
            agent_run_id=run.id,
            status=_text(data.get("status")),
            web_url=_text(data.get("web_url")),
            summary=_text(data.get("summary")),
            files_changed=self.files,
            commands=list(self.commands),
            tests=list(self.tests),
            pull_requests=[*listed, *(url for url in self.opened if url not in listed)],
            log_entries=self.entries,
            complete=complete,
        )
