"""A view's background load where only the newest result counts.

Views that load on the task runner (board, agenda, dashboard) may start a new load before the
previous one returns (the user switches event, an edit lands); results and errors of an older
load are dropped so a slow, stale load never overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ui.dialogs.error_dialog import show_failure
from ui.tasks import TaskFailure


class LatestJob:
    def __init__(self, view: QWidget, runner: Any) -> None:
        self.view = view
        self.runner = runner
        self.generation = 0

    def invalidate(self) -> None:
        """Drop whatever is still loading (e.g. the view was cleared)."""
        self.generation += 1

    def start(self, title: str, job: Callable[[Any, Any, Any], Any], on_done: Callable[[Any], None]) -> None:
        self.generation += 1
        generation = self.generation

        def done(result: Any) -> None:
            if generation == self.generation:
                on_done(result)

        def failed(failure: TaskFailure) -> None:
            if generation == self.generation:
                show_failure(self.view, failure)

        self.runner.start(title, job, on_done=done, on_error=failed, show_progress=False)
