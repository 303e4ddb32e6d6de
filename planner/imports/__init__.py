"""Reading and understanding the files users bring for import (CSV and XLSX).

Qt-free and database-free: this package turns a file into a checked table of strings
(``readers``), maps its headers onto canonical fields (``presets``) and provides the matching
keys used to find duplicates (``normalise``).
"""
