"""Who is who: matching keys, romanisation and the rules that decide whether two records are one person.

Pure functions (no database): the import matcher, the duplicate finder and the merge use them.
"""
