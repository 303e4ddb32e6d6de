"""Views that reload lazily: a data change marks the view stale; it reloads now when visible,
otherwise the next time it is shown (hidden pages never reload for nothing)."""

from __future__ import annotations

from typing import Any


class ReloadWhenShown:
    """Mixin for a QWidget with ``reload()``; list it before QWidget in the bases.

    Connect ``workspace.changed`` to :meth:`on_tables_changed`; override :meth:`watches` to say
    which changed tables concern the view (``"*"`` means everything changed).
    """

    _dirty: bool = True

    def watches(self, tables: set[str]) -> bool:
        return True

    def on_tables_changed(self, tables: set[str]) -> None:
        if self.watches(tables):
            self.mark_dirty()

    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.reload()  # type: ignore[attr-defined]

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._dirty:
            self.reload()  # type: ignore[attr-defined]
