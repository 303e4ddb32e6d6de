"""What one sync did, for the CLI's summary and the GUI's status line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    server: str = ""            # the server's URL, without a password
    pulled: int = 0             # records (and deletions) taken from the server
    pushed: int = 0             # records (and deletions) sent to the server
    merged: int = 0             # records changed on both sides whose fields merged silently
    conflicts: int = 0          # new conflicts put in the review queue by this sync
    erased: list[str] = field(default_factory=list)  # uuids of people erased here by this sync
    cloned: bool = False        # the file was empty: this sync copied the plan from the server
    published: bool = False     # the server was empty: this sync published the file's plan
    rounds: int = 0             # pull/push rounds (another laptop pushing meanwhile adds one)
    seconds: float = 0.0

    def summary(self, review: str = "planner review list") -> str:
        """One line; ``review`` says where the conflicts are decided (the GUI names its page)."""
        if self.cloned:
            head = f"Copied the plan from {self.server}: {self.pulled} records."
        elif self.published:
            head = f"Published this file's plan to {self.server}: {self.pushed} records."
        else:
            head = f"Synced with {self.server}: {self.pulled} taken, {self.pushed} sent"
            head += f", {self.merged} merged." if self.merged else "."
        if self.erased:
            head += f" {len(self.erased)} erased person(s) removed from this file."
        if self.conflicts == 1:
            head += f" 1 conflict needs your decision: {review}."
        elif self.conflicts:
            head += f" {self.conflicts} conflicts need your decision: {review}."
        return head
