"""Tests that kill the mutants the mutation run (scripts/mutation.py, issue 21) found surviving.

Each test states the rule a user relies on, in the domain's words; the module folders match the
modules of mutation.toml."""
