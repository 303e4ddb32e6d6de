"""The exports the File ▸ Export menu offers: plain data, so the menu exists before any page does."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportSpec:
    key: str
    menu_text: str
    shortcut: str


SPECS = [ExportSpec("briefing", "&Briefing pack…", "Ctrl+Shift+B"),
         ExportSpec("leads", "&Lead sheet…", "Ctrl+Shift+L"),
         ExportSpec("ics", "&Calendar…", ""),
         ExportSpec("crm", "C&RM file…", ""),
         ExportSpec("impact", "&Impact report…", "")]
