"""Dialogs: editors, import, exports, search, errors, about."""
