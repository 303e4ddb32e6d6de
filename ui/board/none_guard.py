"""Work around a PySide6 6.12 reference-count bug on Python 3.11: every call of a Qt method that
returns nothing takes one reference from ``None`` without giving it back, so after a few thousand
calls (one repaint of a busy board) CPython aborts with "none_dealloc: deallocating None".

``keep_none_alive()`` detects the leak (calling a void method a few times) and, only then, gives
``None`` a very large reference count — what Python 3.12 does for every build (PEP 683, immortal
objects). It changes nothing on Python ≥ 3.12 or on a PySide6 without the bug. Call it once at
start-up (``main.py``); the board and dashboard views call it too, as it is idempotent.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QRectF

_HEADROOM = 1 << 40
_done = False


def leaks_none() -> bool:
    probe = QRectF()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setWidth(1.0)
    return sys.getrefcount(None) <= before - 16


def keep_none_alive() -> bool:
    """True when the workaround was applied (now or earlier)."""
    global _done
    if _done:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not leaks_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM  # ob_refcnt is PyObject's first field
    _done = True
    return True
