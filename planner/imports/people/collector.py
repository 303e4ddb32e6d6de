"""Bulk work without the cyclic garbage collector's full passes.

Matching and writing 50,000 people allocates a few million small objects that all stay alive
until the import ends (records, identity forms, row dicts); each of CPython's generation-2
collections walks every one of them, and they ran about nine times per import: 15% of a 50,000-row
import. None of these objects needs the cycle collector (reference counting frees them), so the
collector is paused while the import matches and writes, and resumed after (as it was: an outer
pause stays in force). Memory of cyclic garbage made meanwhile is reclaimed at the next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
