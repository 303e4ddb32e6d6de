"""A new plan for a test, fast: a byte copy of a file ``Database.open`` created once per process.

Creating a file replays every Alembic migration (about 0.4 s), and the demo takes longer to build;
most tests only need an empty current plan (or the demo) of their own. ``copy_of_template`` copies
one made once per process by the real code (``Database.open``, and ``build_demo`` through its
services), closed so that its bytes are the whole plan, to the test's own path; the test then
opens an existing, current file. The tests of creating and migrating a file open their own.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from planner.demo import build_demo
from planner.storage.database import Database

_TEMPLATES: dict[bool, Path] = {}


def _template(demo: bool) -> Path:
    """Kept in a module global, so the mutation runs' forked test sessions reuse it too; removed at
    exit by the process that made it (not by a forked child)."""
    path = _TEMPLATES.get(demo)
    if path is not None and path.exists():
        return path
    folder = Path(tempfile.mkdtemp(prefix="planner-test-template-"))
    maker = os.getpid()
    atexit.register(lambda: os.getpid() == maker and shutil.rmtree(folder, ignore_errors=True))
    path = folder / ("demo.db" if demo else "empty.db")
    database = Database.open(path, backup_dir=folder / "backups")
    try:
        if demo:
            with database.transaction() as session:
                build_demo(session)
    finally:
        database.close()
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(path.name + "-")]
    assert not leftovers, f"the template is not whole in one file: {leftovers}"
    _TEMPLATES[demo] = path
    return path


def copy_of_template(dest: Path, *, demo: bool = False) -> Path:
    """A new plan at ``dest`` (empty, or the demo mission), not yet opened; returns ``dest``."""
    shutil.copyfile(_template(demo), dest)
    return dest
