"""One proposed duplicate pair: its title, why it was proposed, and both people side by side."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.services.people.merge import DuplicatePair
from planner.services.people.people_compare import PeopleComparison
from ui.models.people_comparison_model import PeopleComparisonModel


def reasons_of(pair: DuplicatePair) -> tuple[str, ...]:
    """The pair's reasons one by one (older services only joined them with "; ")."""
    return pair.reasons or tuple(r.strip() for r in pair.reason.split(";") if r.strip())


class PairComparisonView(QWidget):
    """Shows nothing but what it is given: no reads, no edits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("duplicates_pair_title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("duplicates_reason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.RichText)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.reason_label.setMargin(6)
        self.reason_label.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.reason_label.setAutoFillBackground(True)
        self.model = PeopleComparisonModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("duplicates_compare")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.legend = QLabel(self)
        self.legend.setObjectName("duplicates_legend")
        self.legend.setWordWrap(True)
        self.legend.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

    def show_pair(self, pair: DuplicatePair | None, comparison: PeopleComparison | None, empty: str = "") -> None:
        self.table.clearSpans()
        self.model.set_comparison(comparison if pair is not None else None)
        for row in self.model.section_rows():
            self.table.setSpan(row, 0, 1, 3)
        if pair is None or comparison is None:
            self.title.setText("")
            self.reason_label.setText(html.escape(empty))
            self.legend.setText("")
            return
        self.title.setText(f"{pair.keep_label}   ⇄   {pair.drop_label}")
        self.reason_label.setText(f"<b>Why proposed</b> (score {pair.score} of 100):&nbsp; "
                                  + " &nbsp;·&nbsp; ".join(html.escape(r) for r in reasons_of(pair)))
        n = len(comparison.differing)
        self.legend.setText(f"{n} field{'s differ' if n != 1 else ' differs'}: tinted rows (darker where both "
                            "records have a different value). A merge keeps the kept record's values, fills its "
                            "blanks from the other and keeps the other's names and e-mails as aliases.")
