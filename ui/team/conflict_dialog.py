""""Priya Shah was changed by alice at 10:42 after you opened it": what an editor shows when its
save was refused because someone else saved the record meanwhile (``ConcurrentEditError``).

Three ways on, none losing anything silently: **Reload** closes the editor and opens it again
with the record as it is now (what the user typed is dropped, which the button says);
**Apply my change anyway** saves the user's form over the latest record; **Cancel** goes back
to the form, still holding what the user typed (the refusal stays written above it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

RELOAD, APPLY, CANCEL = "reload", "apply", "cancel"


def when_text(changed_at: datetime | None, now: datetime | None = None) -> str:
    """`` at 10:42`` in this computer's time zone (with the day when not today), or ""."""
    if changed_at is None:
        return ""
    local = (changed_at if changed_at.tzinfo else changed_at.replace(tzinfo=UTC)).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    return f" at {local:%H:%M}" if local.date() == today else f" at {local:%H:%M} on {local:%d %b}"


def describe(exc: Any, now: datetime | None = None) -> str:
    label = getattr(exc, "label", "") or "This record"
    who = getattr(exc, "changed_by", "") or "someone else"
    return f"{label} was changed by {who}{when_text(getattr(exc, 'changed_at', None), now)} after you opened it."


def ask_concurrent_edit(parent: QWidget, exc: Any, on_choice: Callable[[str], None], *,
                        can_reload: bool = True) -> QMessageBox:
    """Open the question window-modally; ``on_choice(RELOAD | APPLY | CANCEL)`` once answered."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else", describe(exc), parent=parent)
    box.setObjectName("concurrent_edit_dialog")
    lines = ["Your change has not been saved yet.", ""]
    if can_reload:
        lines.append("• Reload — open the record as it is now (what you typed here is dropped).")
    lines += ["• Apply my change anyway — save your form over theirs, every field as you see it.",
              "• Cancel — back to your form, to compare or copy what you typed."]
    box.setInformativeText("\n".join(lines))
    buttons: dict[Any, str] = {}
    if can_reload:
        reload_button = box.addButton("Reload", QMessageBox.ButtonRole.ResetRole)
        reload_button.setObjectName("conflict_reload")
        buttons[reload_button] = RELOAD
    apply_button = box.addButton("Apply my change anyway", QMessageBox.ButtonRole.AcceptRole)
    apply_button.setObjectName("conflict_apply")
    buttons[apply_button] = APPLY
    cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel_button.setObjectName("conflict_cancel")
    buttons[cancel_button] = CANCEL
    box.setDefaultButton(cancel_button)
    box.setEscapeButton(cancel_button)
    answered: list[str] = []

    def finished(_result: int) -> None:
        if not answered:
            answered.append(buttons.get(box.clickedButton(), CANCEL))
            on_choice(answered[0])

    box.finished.connect(finished)
    box.open()
    return box
