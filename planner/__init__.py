"""Mission Desk planning core: domain, storage, services, imports, exports and CLI.

Nothing in this package imports Qt; the GUI in ``ui/`` sits on top of it.
Importing a module here has no side effects (no engine, no files).
"""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Mission Desk"
