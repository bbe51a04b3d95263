"""The offline API's result texts: stable, and readable for synthesis runs too."""

from __future__ import annotations

from codegen_client.testing._run_text import result_text


def test_same_prompt_and_seed_give_the_same_result() -> None:
    """Results are deterministic for a seed and a prompt, and differ across seeds."""
    assert result_text(1, "Add a test") == result_text(1, "Add a test")
    assert result_text(1, "Add a test") != result_text(2, "Add a test")


def test_result_is_titled_after_the_prompt() -> None:
    """A plain run's result names the first line of its prompt."""
    result, summary = result_text(0, "Fix the flaky login test\nMore detail here")
    assert result.startswith("## Done: Fix the flaky login test\n")
    assert "Fix the flaky login test" in summary


def test_synthesis_result_is_titled_after_the_task_and_counts_candidates() -> None:
    """A prompt with <task> and numbered <candidate> blocks yields the task's title."""
    prompt = (
        "Several agents answered.\n<task>\nParse ISO durations\n</task>\n"
        '<candidate number="1" agent_run_id="5">a</candidate>\n'
        '<candidate number="2" agent_run_id="6">b</candidate>\n'
    )
    result, _ = result_text(0, prompt)
    assert result.startswith("## Done: Parse ISO durations\n")
    assert "I compared 2 candidate answers" in result
