"""Entry script of the bundle's ``planner`` executable (the ``planner`` console script)."""

from __future__ import annotations

import sys

from planner.cli import main

if __name__ == "__main__":
    sys.exit(main())
