"""The main window's pages by key, each built on first access."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtWidgets import QWidget


class PageSet:
    """The window's pages by key, each built on first access (``pages["people"]``)."""

    def __init__(self, build: Callable[[str], QWidget], keys: list[str]) -> None:
        self._build = build
        self._keys = keys
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self._built.get(key)
        if page is None:
            if key not in self._keys:
                raise KeyError(key)
            page = self._built[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def built(self) -> dict[str, QWidget]:
        return dict(self._built)
