"""The crash harness in CI: at least 50 SIGKILLs during imports, edits and migrations.

``PLANNER_CRASH_RUNS`` raises the number of runs for a longer soak.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.planner.safety.crash_harness import control_runs, run_harness

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash harness forks (POSIX only)")


def test_harness_catches_a_non_atomic_import(tmp_path: Path) -> None:
    problems = control_runs(tmp_path)
    assert any("partial import" in p for p in problems), problems


def test_kill_9_at_random_moments_leaves_every_operation_whole_or_absent(tmp_path: Path, capsys) -> None:
    runs = max(50, int(os.environ.get("PLANNER_CRASH_RUNS", "60")))
    figures = run_harness(tmp_path, runs)
    with capsys.disabled():
        sys.stderr.write("\n" + figures.line() + "\n")
    assert sum(figures.runs.values()) == runs
    assert figures.runs["migration"] >= 10 and figures.killed_mid_work >= 40
    assert figures.failures == []


def test_kill_9_exactly_before_and_after_a_commit_leaves_it_absent_or_whole(tmp_path: Path,
                                                                           capsys) -> None:
    from tests.planner.safety.crash_harness import run_chosen

    figures = run_chosen(tmp_path)
    with capsys.disabled():
        sys.stderr.write("\nchosen points: " + figures.line() + "\n")
    assert figures.runs["import"] == 6 and figures.runs["edit"] == 6
    assert figures.failures == []
