"""The delegation: who goes, in which role, with what logistics — and whose printed pack is out of date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.services.editing.editing import save_delegate
from planner.services.editing.forms import delegate_form, search_people
from planner.services.outputs.export_log import logger_for
from planner.services.outputs.packs import OutdatedPack, last_pack_folder, outdated_packs
from planner.services.views.listings import list_delegates
from planner.storage.models import PackRevision
from ui.dialogs.error_dialog import show_failure
from ui.dialogs.records.delegate_dialog import DelegateDialog
from ui.models.columns import Column
from ui.models.tables import DELEGATE_COLUMNS
from ui.pages.lists.list_page import ListPage
from ui.tasks import TaskFailure

OUTDATED_TEXT = "⚠ Outdated"


class DelegationPage(ListPage):
    KEY = "delegation"
    TITLE = "Delegation"
    KIND = "delegate"
    # a pack goes out of date when anything it printed changes
    TABLES = frozenset({"delegate", "delegation", "person", "organisation", "meeting", "meeting_attendee",
                        "slot", "slot_person", "venue", "room", "pack_revision", "export_log"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.outdated: dict[int, OutdatedPack] = {}  # by person id
        super().__init__(*args, **kwargs)
        self.reprint_action = self._action("Reprint outdated packs…", self.reprint_outdated_packs, None,
                                           "reprint_outdated")
        self.reprint_action.setToolTip("Write again only the packs that no longer match the plan, each "
                                       "with what changed on its first page")
        self.table.add_button(self.reprint_action)
        self.last_result: Any = None
        self._update_reprint()

    def columns(self) -> list[Any]:
        pack = Column("pack", "Pack", self._pack_text, tooltip=self._pack_tooltip, width=12)
        return [*DELEGATE_COLUMNS, pack]

    def _pack_text(self, row: Any) -> str:
        return OUTDATED_TEXT if row.person_id in self.outdated else ""

    def _pack_tooltip(self, row: Any) -> str:
        item = self.outdated.get(row.person_id)
        if item is None:
            return ""
        return (f"Their pack of {item.exported:%d %b %Y %H:%M} UTC no longer matches the plan:\n"
                + "\n".join(f"• {text}" for text in item.changed))

    def load_rows(self) -> list[Any]:
        """The delegates at once; whose pack is outdated is worked out on a worker thread (it
        rebuilds each recorded pack's content) and fills the Pack column when it is known."""
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        code = self.ws.current_event.code
        rows = self.ws.read(lambda s: list_delegates(s, event_id))
        self._outdated_generation = getattr(self, "_outdated_generation", 0) + 1
        generation = self._outdated_generation

        def job(s: Any, _progress: Any, _cancel: Any) -> list[OutdatedPack]:
            from sqlalchemy import select

            from planner.services.events.events import get_event

            any_pack = s.scalar(select(PackRevision.id).where(PackRevision.event_id == event_id).limit(1))
            return outdated_packs(s, get_event(s, code)) if any_pack is not None else []

        def done(outdated: list[OutdatedPack]) -> None:
            if generation != self._outdated_generation:
                return  # the page reloaded since: a newer answer is on its way
            self.outdated = {o.person_id: o for o in outdated}
            self._update_reprint()
            column = len(self.columns()) - 1
            if self.model.rowCount():
                self.model.dataChanged.emit(self.model.index(0, column),
                                            self.model.index(self.model.rowCount() - 1, column))

        self.ws.runner.start("Checking packs…", job, on_done=done, show_progress=False)
        return rows

    def _update_reprint(self) -> None:
        if not hasattr(self, "reprint_action"):
            return
        n = len(self.outdated)
        self.reprint_action.setEnabled(n > 0)
        self.reprint_action.setText(f"Reprint outdated packs ({n})…" if n else "Reprint outdated packs…")

    def reprint_outdated_packs(self, folder: Path | None = None) -> None:
        """Ask for a folder (the last packs' folder first), then reprint on a worker."""
        if self.ws.current_event is None or not self.outdated:
            return
        code = self.ws.current_event.code
        if folder is None:
            start = self.ws.read(lambda s: last_pack_folder(s, self._event(s, code)))
            chosen = QFileDialog.getExistingDirectory(self, "Reprint outdated packs into", str(start or Path.home()))
            if not chosen:
                return
            folder = Path(chosen)
        log = logger_for(self.ws.db)

        def job(session: Any, progress: Any, cancel: Any) -> Any:
            from planner.services.outputs.packs import reprint_outdated

            return reprint_outdated(session, self._event(session, code), folder, log=log,
                                    progress=progress, cancel=cancel)

        self.ws.runner.start("Reprinting outdated packs…", job, on_done=self._reprinted,
                             on_error=self._reprint_failed, dialog_parent=self)

    @staticmethod
    def _event(session: Any, code: str) -> Any:
        from planner.services.events.events import get_event

        return get_event(session, code)

    def _reprinted(self, result: Any) -> None:
        self.last_result = result
        self.ws.notify_external_change({"export_log", "pack_revision"})
        self.status_message.emit(f"Reprinted: {result.message}")
        lines = [result.message, *(str(p) for p in result.paths[:5]), *(f"Note: {w}" for w in result.warnings)]
        if self.isVisible():
            box = QMessageBox(QMessageBox.Icon.Information, "Outdated packs reprinted", "\n".join(lines),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("reprint_done")
            box.open()

    def _reprint_failed(self, failure: TaskFailure) -> None:
        show_failure(self, failure)

    def hint_text(self, has_event: bool) -> str:
        if has_event and self.row_count() == 0 and not self.table.filter_edit.text():
            return "Nobody in the delegation yet: use New… to add a delegate (add them on People first)."
        return super().hint_text(has_event)

    def describe(self, row: Any) -> str:
        return f"{row.name} from the delegation"

    def open_editor(self, row: Any | None) -> None:
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        initial = self.ws.read(lambda s: delegate_form(s, row.id)) if row is not None else None
        delegate_id = row.id if row is not None else None

        def submit(values: dict[str, Any]) -> int:
            if row is not None:
                label = f"Edit delegate {row.name}"
            else:
                label = f"Add {dialog.person.text().split(' — ')[0] or 'delegate'} to the delegation"
            return self.ws.edit(label, lambda s: save_delegate(s, event_id, delegate_id, values))

        dialog = DelegateDialog(submit, lambda t: self.ws.read(lambda s: search_people(s, t)), initial, self)
        self.show_dialog(dialog)
