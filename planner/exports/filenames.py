"""File names built from user data, and atomic writes into a folder the user chose.

``safe_file_name`` turns any text (a delegate's name, an event title) into one path component
that is valid on Windows, macOS and Linux: no separators or ``/\\:*?"<>|``, no control
characters, no reserved device names (``CON``, ``COM1.pdf`` …), no trailing dots or spaces,
no leading dot (hidden file), NFC and bounded in UTF-8 bytes (most file systems limit a name to
255 bytes; we stay well below to leave room for the folder path on Windows). ``unique_name``
adds `` (2)``, `` (3)`` … so two delegates with the same name never overwrite each other
(compared case-insensitively, as on Windows and macOS). ``path_inside`` refuses any path that
would leave the chosen folder (and never follows a symlink planted at the name itself).
``atomic_target`` writes to a temporary file next to the target and moves it into place with
``os.replace`` only when the writer succeeded; exports use :mod:`planner.exports.output`, which
also logs a file before it appears.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.exports.output import staged_output

MAX_NAME_BYTES = 150
_FORBIDDEN = set('/\\:*?"<>|')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in "0123456789¹²³"), *(f"LPT{i}" for i in "0123456789¹²³")}
_SPACES = re.compile(r"\s+")


def _is_unsafe(ch: str) -> bool:
    return ch in _FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _truncate_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a character or a combining
    sequence (so an accent is not left without its letter)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    out = ""
    for ch in text:
        if len((out + ch).encode("utf-8")) > limit:
            break
        out += ch
    while out and unicodedata.combining(out[-1]):
        out = out[:-1]
    return out


def safe_stem(text: str, *, fallback: str = "file", max_bytes: int = MAX_NAME_BYTES) -> str:
    """A cleaned file-name stem (no extension) for ``text``; ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFC", text)
    cleaned = "".join("_" if _is_unsafe(ch) else ch for ch in text)
    cleaned = _SPACES.sub(" ", cleaned).strip(" .")
    cleaned = re.sub(r"_+", "_", cleaned)
    cleaned = _truncate_bytes(cleaned, max_bytes).rstrip(" .")
    if not cleaned.strip(" ._-"):
        cleaned = fallback
    if cleaned.split(".")[0].rstrip(" ").upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def safe_file_name(text: str, suffix: str = "", *, fallback: str = "file",
                   max_bytes: int = MAX_NAME_BYTES) -> str:
    """``safe_stem(text)`` plus ``suffix`` (e.g. ``".pdf"``), within ``max_bytes`` in total."""
    suffix_bytes = len(suffix.encode("utf-8"))
    return safe_stem(text, fallback=fallback, max_bytes=max(16, max_bytes - suffix_bytes)) + suffix


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``stem (2).ext``, ``stem (3).ext`` … the first not in ``taken`` (compared
    case-insensitively); the chosen name is added to ``taken``."""
    keys = {t.casefold() for t in taken}
    stem, dot, ext = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    candidate, n = name, 1
    while candidate.casefold() in keys:
        n += 1
        candidate = f"{stem} ({n}){dot}{ext}"
    taken.add(candidate)
    return candidate


def path_inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing a name that is not a single component inside ``folder``.

    The folder is resolved, the name is not: a symlink planted at the name is left for the
    writer to refuse (:func:`planner.exports.output.check_output_path`), never followed."""
    if not name or name in (".", "..") or any(sep in name for sep in ("/", "\\", "\0")):
        raise ValueError(f"{name!r} is not a plain file name")
    base = folder.resolve()
    target = base / name
    if target.parent != base:
        raise ValueError(f"{name!r} would leave the folder {base}")
    return target


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; on success ``os.replace`` it onto ``path``.

    On any error (or ``Cancelled``) the temporary file is removed and ``path`` is left as it
    was, so a reader never sees a half-written file. The temporary file is created with
    ``O_EXCL``/``O_NOFOLLOW`` (owner only); prefer :func:`planner.exports.output.staged_output`,
    which hands out the open file instead of a name to re-open.
    """
    with staged_output(path) as out:
        yield out.tmp  # the caller writes by name (it re-opens the temporary file)
