"""The schedule board page: day tabs, columns per delegate, room/table or venue, drag to move.

The event's timeline is loaded on a worker thread (the task runner) and laid out one day at a
time. A drop becomes one undoable edit (``Workspace.edit`` → ``EditCommand`` → ``move_item`` inside
``record_changes``); the board then updates in place and re-checks only what the move touched.
Any other change (an undo, an edit elsewhere) reloads the board in the background.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import timezones
from planner.domain.conflicts import TimelineItem
from planner.errors import PlannerError
from planner.exports.day_sheet import DaySheetFile, write_day_sheet_pdf
from planner.exports.filenames import safe_file_name
from planner.exports.output import check_output_path
from planner.services.events.events import get_event
from planner.services.outputs.export_log import ExportEntry, logger_for, record_export
from planner.services.schedule.day_sheet import build_day_sheet
from planner.services.schedule.reschedule import move_item
from planner.storage.models import Room, Venue
from ui.board.board_canvas import BoardCanvas
from ui.board.board_data import MODE_LABELS, BoardData, BoardMode, load_board
from ui.board.board_legend import BoardLegend
from ui.board.board_pdf import board_title, people_on, render_board, write_board_pdf
from ui.board.none_guard import keep_none_alive
from ui.dialogs.error_dialog import show_error, show_failure
from ui.settings import AppSettings
from ui.tasks import TaskFailure
from ui.widgets.latest_job import LatestJob
from ui.widgets.reload_when_shown import ReloadWhenShown
from ui.workspace import Workspace

WATCHED = frozenset({"*", "meeting", "slot", "meeting_attendee", "slot_person", "venue", "room", "venue_travel",
                     "person", "delegate", "delegation", "event", "organisation", "conflict_ack"})


def move_label(old: TimelineItem, new: TimelineItem, place: str) -> str:
    when = f"{new.start_local:%a %H:%M}" if new.start != old.start else ""
    where = place if (new.room_id, new.venue_id) != (old.room_id, old.venue_id) else ""
    return f"Move “{old.title}” to " + ", ".join(x for x in (when, where) if x)


class ScheduleBoardView(ReloadWhenShown, QWidget):
    KEY = "board"
    editRequested = Signal(str, str)  # kind ("meeting" or "slot"), uuid
    status_message = Signal(str)
    loaded = Signal()
    dayPrinted = Signal(object)  # the day sheet's Path, once it is in place

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        keep_none_alive()  # PySide6 6.12 on Python 3.11: see ui/board/none_guard.py
        super().__init__(parent)
        self.setObjectName("schedule_board")
        self.ws = workspace
        self.settings = settings
        self.data: BoardData | None = None
        self.day: date | None = None
        self.mode = BoardMode.DELEGATES
        self._loads = LatestJob(self, workspace.runner)
        self._own_edit = False
        self._dirty = True
        self.days: list[date] = []
        self._shown: tuple[date | None, BoardMode | None] = (None, None)

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("board_days")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.currentChanged.connect(self._on_tab)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("board_mode")
        for mode in BoardMode:
            self.mode_combo.addItem(MODE_LABELS[mode], mode.value)
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("board_filter")
        self.filter_edit.setPlaceholderText("Show columns named…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _t: self.relayout())
        self.conflicts_only = QCheckBox("Highlight conflicts", self)
        self.conflicts_only.setObjectName("board_conflicts_only")
        self.conflicts_only.toggled.connect(lambda _c: self._apply_highlight())
        self.pdf_button = QPushButton("Export PDF…", self)
        self.pdf_button.setObjectName("board_export_pdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton("Print…", self)
        self.print_button.setObjectName("board_print")
        self.print_button.clicked.connect(self.print_board)
        self.day_button = QToolButton(self)
        self.day_button.setObjectName("board_print_day")
        self.day_button.setText("Print day…")
        self.day_button.setToolTip("The board's day as a list on A4 (who is where, when, with whom), "
                                   "for the whole delegation or one delegate")
        self.day_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.day_button.clicked.connect(lambda: self.print_day())
        self.day_menu = QMenu(self.day_button)
        self.day_menu.aboutToShow.connect(self._fill_day_menu)
        self.day_button.setMenu(self.day_menu)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Columns:", self))
        bar.addWidget(self.mode_combo)
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.conflicts_only)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.day_button)
        self.canvas = BoardCanvas(self)
        self.canvas.editRequested.connect(self.editRequested)
        self.canvas.moveRequested.connect(self.move_block)
        self.canvas.dragFeedback.connect(self._on_feedback)
        self.legend = BoardLegend(self)
        self.info = QLabel(self)
        self.info.setObjectName("board_info")
        self.info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.info)
        workspace.changed.connect(self.on_tables_changed)
        workspace.event_changed.connect(lambda _e: self._reset())

    # -- loading --------------------------------------------------------------------------------------
    def _reset(self) -> None:
        self.data, self.day = None, None
        self.canvas.set_layout(None, None)
        self.mark_dirty()

    def watches(self, tables: set[str]) -> bool:
        return not self._own_edit and bool(tables & WATCHED)

    def reload(self) -> None:
        """Load the event's timeline and conflicts on a worker; the board keeps showing the old
        state until the new one arrives (stale results are dropped)."""
        event = self.ws.current_event
        self._dirty = False
        if event is None:
            self._loads.invalidate()
            self.data = None
            self.canvas.set_layout(None, None)
            self.info.setText("No event selected.")
            return
        uuid = event.uuid

        def job(session: Any, _progress: Any, _cancel: Any) -> BoardData:
            return load_board(session, get_event(session, uuid))

        self._loads.start("Loading the schedule board…", job, self.set_data)

    def set_data(self, data: BoardData) -> None:
        self.data = data
        self.days = data.days()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        ctx = data.timeline.context
        for day in self.days:
            outside = not (ctx.event_start <= day <= ctx.event_end)
            self.tabs.addTab(f"{day:%a %d %b}" + ("  (outside the event)" if outside else ""))
        if self.day not in self.days:
            self.day = self.days[0] if self.days else None
        if self.day is not None:
            self.tabs.setCurrentIndex(self.days.index(self.day))
        self.tabs.blockSignals(False)
        self.relayout()
        self.loaded.emit()

    def relayout(self) -> None:
        data = self.data
        if data is None or self.day is None:
            self.canvas.set_layout(data, None)
            return
        view = self.canvas.viewport_spec()
        layout = data.layout_day(self.day, self.mode, self.filter_edit.text())
        self.canvas.set_layout(data, layout)
        if (self.day, self.mode) != self._shown:
            self._shown = (self.day, self.mode)
            self.canvas.horizontalScrollBar().setValue(0)
            if layout.blocks:
                self.canvas.scroll_to_time(min(b.item.start for b in layout.blocks))
        else:
            self.canvas.horizontalScrollBar().setValue(int(view.x))
            self.canvas.verticalScrollBar().setValue(int(view.y))
        self._apply_highlight()
        self._describe(layout)

    def _describe(self, layout: Any) -> None:
        assert self.data is not None
        on_day = {b.item.uuid for b in layout.blocks}
        clashing = [c for c in self.data.conflicts if on_day.intersection(c.items) and self.data.is_open(c)]
        what = {BoardMode.DELEGATES: "delegates", BoardMode.ROOMS: "rooms and tables",
                BoardMode.VENUES: "venues"}[self.mode]
        zones = f"Times in {self.data.event_tz}" + (f", home time ({self.data.home_tz}) beside them"
                                                    if layout.home_abbr else "")
        self.info.setText(f"{len(on_day):,} items in {len(layout.columns):,} {what} · "
                          f"{len(clashing)} conflict(s) on this day · {zones}. Drag a block to move it, "
                          "double-click to edit, Ctrl+wheel to zoom.")

    def _apply_highlight(self) -> None:
        if self.conflicts_only.isChecked() and self.data is not None:
            self.canvas.highlight = {u for u in self.data.by_item if self.data.open_conflicts(u)}
        else:
            self.canvas.highlight = None
        self.canvas.viewport().update()

    def _on_tab(self, index: int) -> None:
        if 0 <= index < len(self.days):
            self.day = self.days[index]
            self.relayout()

    def _on_mode(self, _index: int) -> None:
        self.mode = BoardMode(self.mode_combo.currentData())
        self.relayout()

    def _on_feedback(self, text: str) -> None:
        if text:
            self.info.setText(text)
        elif self.canvas.layout_ is not None:
            self._describe(self.canvas.layout_)

    # -- filters from elsewhere (dashboard click-through) ---------------------------------------------
    def show_filtered(self, spec: dict[str, Any]) -> None:
        """Apply ``{"day": "2026-10-14", "mode": "rooms", "conflicts": True, "item": uuid}`` (any subset)."""
        if "mode" in spec:
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(BoardMode(spec["mode"]).value))
        if "conflicts" in spec:
            self.conflicts_only.setChecked(bool(spec["conflicts"]))
        if "day" in spec:
            day = date.fromisoformat(str(spec["day"]))
            if day in self.days:
                self.tabs.setCurrentIndex(self.days.index(day))
            else:
                self.day = day
        if "item" in spec and self.data is not None and spec["item"] in self.data.items:
            item = self.data.items[spec["item"]]
            day = timezones.wall_from_utc(item.start, self.data.event_tz)[0].date()
            if day in self.days:
                self.tabs.setCurrentIndex(self.days.index(day))
            self.canvas.scroll_to_item(item.uuid)

    # -- moving ---------------------------------------------------------------------------------------
    def move_block(self, new: TimelineItem) -> bool:
        """Move an item to where ``new`` says, as one undoable edit; False (with a message) if refused."""
        data = self.data
        if data is None:
            return False
        old = data.items[new.uuid]
        ctx = data.timeline.context
        room_changed = new.room_id is not None and new.room_id != old.room_id
        venue_changed = new.venue_id != old.venue_id
        if venue_changed and new.venue_id is None:
            # move_item keeps the place when given none: the board would show it venue-less while
            # the file keeps it where it was. Taking an item out of its venue is the editor's job.
            show_error(self, "Cannot move it there", f"“{old.title}” stays at its venue when dragged: "
                       "to leave the venue empty, open it (double-click) and choose “—” as the venue.")
            return False
        place = ctx.room_names.get(new.room_id, "") if room_changed and new.room_id is not None else (
            ctx.venues[new.venue_id].name if venue_changed and new.venue_id in ctx.venues else "")
        start_local, fold = timezones.wall_from_utc(new.start, new.tz)
        room_id, venue_id, uuid = new.room_id, new.venue_id, new.uuid

        def edit(session: Any) -> str:
            room = session.get(Room, room_id) if room_changed else None
            venue = session.get(Venue, venue_id) if venue_changed and not room_changed and venue_id else None
            move_item(session, uuid, start_local, start_fold=fold, venue=venue, room=room)
            return uuid

        self._own_edit = True
        try:
            self.ws.edit(move_label(old, new, place), edit)
        except PlannerError as exc:
            show_error(self, "Cannot move it there", str(exc))
            return False
        finally:
            self._own_edit = False
        data.apply_move(new)
        self.relayout()
        clashes = data.open_conflicts(new.uuid)
        self.status_message.emit(f"Moved “{old.title}”" + (f": {len(clashes)} conflict(s) — hover the block "
                                                              "for the reason" if clashes else "") + " (Ctrl+Z undoes)")
        return True

    # -- printing -------------------------------------------------------------------------------------
    def _title(self) -> str:
        event = self.ws.current_event
        assert self.canvas.layout_ is not None
        return board_title(event.name if event else "", self.canvas.layout_)

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Write the current day to PDF (asks for a file unless given) and log the export."""
        layout, event = self.canvas.layout_, self.ws.current_event
        if layout is None or event is None:
            return None
        if not path:
            folder = self.settings.preferences.export_dir or str(Path.home())
            suggested = str(Path(folder) / f"{event.code} board {layout.day:%Y-%m-%d} {layout.mode.value}.pdf")
            path, _ = QFileDialog.getSaveFileName(self, "Export the board as PDF", suggested, "PDF (*.pdf)")
            if not path:
                return None
        target = Path(path)
        try:
            def log(pages: int) -> None:  # before the file appears
                with self.ws.db.transaction() as session:
                    record_export(session, kind="board_pdf", path=target,
                                  event=get_event(session, event.uuid),
                                  person_ids=people_on(layout), row_count=pages)

            pages = write_board_pdf(layout, target, self._title(), font=self.font(),
                                    before_publish=log)
        except (OSError, PlannerError) as exc:
            show_error(self, "Export the board", f"Could not write {target.name}: {exc}")
            return None
        self.settings.preferences.export_dir = str(target.parent)
        self.ws.notify_external_change({"export_log"})
        self.status_message.emit(f"Board written to {target} ({pages} page(s))")
        return target

    def print_board(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.canvas.layout_ is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            try:
                render_board(printer, self.canvas.layout_, self._title(), font=self.font())
            except OSError as exc:
                show_error(self, "Print the board", str(exc))

    # -- the day sheet ---------------------------------------------------------------------------------
    def day_delegates(self) -> list[tuple[int, str]]:
        """The delegates with something on the board's current day: (person id, name), by name."""
        if self.data is None or self.day is None:
            return []
        ids = {p for it in self.data.items_on(self.day) for p in it.people if p in self.data.delegates}
        return sorted(((p, self.data.delegates[p]) for p in ids), key=lambda x: (x[1].casefold(), x[0]))

    def _fill_day_menu(self) -> None:
        self.day_menu.clear()
        self.day_menu.addAction("Whole delegation…", lambda: self.print_day())
        people = self.day_delegates()
        if people:
            self.day_menu.addSection("One delegate")
        for pid, name in people:
            self.day_menu.addAction(f"{name}…", lambda pid=pid: self.print_day(delegate_id=pid))

    def print_day(self, path: str | Path | None = None, *, delegate_id: int | None = None) -> None:
        """Write the board's current day as a day sheet PDF (the whole delegation's, or one
        delegate's) on the task runner; asks for a file unless given. Logged before it appears."""
        event, day = self.ws.current_event, self.day
        if event is None or day is None:
            return
        if not path:
            folder = self.settings.preferences.export_dir or str(Path.home())
            who = dict(self.day_delegates()).get(delegate_id or 0, "") if delegate_id else ""
            name = safe_file_name(f"{event.code} day {day:%Y-%m-%d}" + (f" {who}" if who else ""), ".pdf")
            path, _ = QFileDialog.getSaveFileName(self, "Save the day sheet", str(Path(folder) / name),
                                                  "PDF (*.pdf)")
            if not path:
                return
        target = Path(path)
        self.settings.preferences.export_dir = str(target.parent)
        uuid = event.uuid
        log = logger_for(self.ws.db)  # its own short write unit: no write lock while building

        def job(session: Any, _progress: Any, cancel: Any) -> tuple[DaySheetFile, int]:
            check_output_path(target)
            ev = get_event(session, uuid)
            sheet = build_day_sheet(session, ev, day, delegate_id=delegate_id)
            event_id = ev.id

            def ready(f: DaySheetFile) -> None:
                log(ExportEntry("day_sheet", f.path, event_id, f.person_ids, f.pages))

            return write_day_sheet_pdf(sheet, target, cancel=cancel, on_ready=ready), len(sheet.entries)

        def done(result: tuple[DaySheetFile, int]) -> None:
            written, items = result
            self.ws.notify_external_change({"export_log"})
            marked = len(written.conflict_keys)
            self.status_message.emit(f"Day sheet written to {target} ({written.pages} page(s), {items} item(s)"
                                     + (f", {marked} conflict(s) marked" if marked else "") + ")")
            self.dayPrinted.emit(target)

        def failed(failure: TaskFailure) -> None:
            show_failure(self, failure)

        self.ws.runner.start("Writing the day sheet…", job, on_done=done, on_error=failed, dialog_parent=self)
