"""Named moments at which the crash harness kills the process (``SIGKILL``), to prove that a
kill exactly there leaves the file whole: just before a COMMIT reaches the file, just after
it, between writing an export and logging it, in the middle of an erasure.

Nothing happens unless a test arms a point: :func:`arm` in a forked child, or
``PLANNER_CRASH_AT=name[:n]`` in a subprocess's environment (killed at the n-th time the point
is reached, default the first). A disarmed point costs one comparison.
"""

from __future__ import annotations

import os
import signal

_armed: str | None = None
_left = 0


def arm(name: str | None, nth: int = 1) -> None:
    """Kill this process the ``nth`` time ``name`` is reached (None disarms)."""
    global _armed, _left
    _armed, _left = name, max(1, nth)


def _from_environment() -> None:
    value = os.environ.get("PLANNER_CRASH_AT", "")
    if value:
        name, _, nth = value.partition(":")
        arm(name, int(nth) if nth.isdigit() else 1)


def crashpoint(name: str) -> None:
    """A named moment: SIGKILL here when it is armed."""
    global _left
    if _armed is None or _armed != name:
        return
    _left -= 1
    if _left <= 0:
        os.kill(os.getpid(), signal.SIGKILL)


_from_environment()
