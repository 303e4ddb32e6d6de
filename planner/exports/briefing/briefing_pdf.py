"""Briefing packs as PDF: one delegate's pack, the whole delegation's, or one file per delegate.

Pure functions of a ``Briefing`` (see ``planner.services.outputs.briefing.build_briefing``); they never
see a Session. Every user text goes through ``pdf_text`` (escaped, per-script embedded fonts);
characters no bundled font covers are returned in the result, never dropped silently. Files
are written through :func:`planner.exports.output.staged_output` (a new temporary file in the
target folder, never through a symlink); ``on_ready`` is called with each finished file before
it is moved into place, so the caller can log it first.

Every conflict the schedule checker knows about an item in the pack is marked next to that item
and listed under "Schedule conflicts" (``briefing_conflicts``); the result names them, so the
export can warn. Dietary and access needs of other delegates are printed only in the delegation
pack and only with ``include_needs``. The PDF's creation date is ``Briefing.prepared_at``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from planner.errors import Cancelled, ValidationError
from planner.exports.briefing.briefing_conflicts import ConflictMarks, conflict_marks
from planner.exports.briefing.briefing_cover import contact_sheet, cover, key_information, whos_who
from planner.exports.briefing.briefing_data import Briefing, DelegatePack
from planner.exports.briefing.briefing_doc import (
    HEADER,
    MARGIN,
    PAPER_SIZES,
    PackContext,
    PackDocTemplate,
    heading,
    make_toc,
)
from planner.exports.briefing.briefing_itinerary import itinerary
from planner.exports.briefing.briefing_meetings import meeting_pages, slot_section
from planner.exports.briefing.briefing_pages import PackCanvas, contents_entries
from planner.exports.filenames import path_inside, safe_file_name, unique_name
from planner.exports.output import check_output_path, make_output_folder, staged_output
from planner.exports.pdf_text import FontSet, describe_uncovered, make_styles, register_fonts

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
OnReady = Callable[["PackFile"], None]


@dataclass(frozen=True)
class PackFile:
    """One written PDF: where, for whom (None: the whole delegation), what it holds."""

    path: Path
    delegate_id: int | None
    pages: int
    person_ids: frozenset[int]
    uncovered: frozenset[str]
    conflict_keys: frozenset[str] = frozenset()  # the checker's keys of the conflicts it marks

    @property
    def uncovered_described(self) -> list[str]:
        return describe_uncovered(self.uncovered)


def _check_paper(paper: str) -> str:
    key = paper.strip().lower()
    if key not in PAPER_SIZES:
        raise ValidationError(f"Unknown paper size {paper!r}; use a4 or letter", "paper")
    return key


def _story(ctx: PackContext, b: Briefing, pack: DelegatePack | None, marks: ConflictMarks,
           include_needs: bool) -> list[Flowable]:
    body: list[Flowable] = key_information(ctx, b, pack, marks)
    body += itinerary(ctx, b, pack, marks)
    body += meeting_pages(ctx, b, pack, marks)
    body += slot_section(ctx, b, pack, marks)
    if pack is None:
        body += whos_who(ctx, b, include_needs=include_needs)
    body += contact_sheet(ctx, b, pack)
    # the contents know their entries before the layout: one pass (briefing_pages)
    return [*cover(ctx, b, pack, include_needs=include_needs),
            heading(ctx, "Contents", level=0, key="contents", toc=False),
            make_toc(ctx, contents_entries(body)), PageBreak(), *body]


def write_briefing_pdf(briefing: Briefing, path: Path, *, delegate_id: int | None = None,
                       paper: str = "a4", fonts: FontSet | None = None,
                       progress: Progress | None = None, cancel: Cancel | None = None,
                       on_ready: OnReady | None = None, include_needs: bool = False) -> PackFile:
    """Write one pack to ``path``: the delegate's (person id ``delegate_id``, who must be in
    ``briefing.packs``) or, with ``None``, the whole delegation's. ``include_needs`` prints every
    delegate's dietary and access needs in the delegation pack's who's-who (a delegate's own pack
    always shows their own, and refuses the option). Raises ``Cancelled`` (and
    leaves ``path`` untouched) when ``cancel()`` turns true. ``on_ready(result)`` runs once the
    bytes are on disk and before the file is moved into place (log it there: if it raises, the
    file never appears)."""
    paper = _check_paper(paper)
    if include_needs and delegate_id is not None:
        raise ValidationError("Other delegates' dietary and access needs are printed only in the "
                              "delegation pack", "include_needs")
    fonts = fonts or register_fonts()
    pack = briefing.pack_for(delegate_id) if delegate_id is not None else None
    width, height = PAPER_SIZES[paper]
    ctx = PackContext(fonts, make_styles(fonts), width - 2 * MARGIN,
                      height - 2 * MARGIN - 1.5 * HEADER, briefing.home_tz)
    marks = conflict_marks(briefing, pack)
    story = _story(ctx, briefing, pack, marks, include_needs)
    steps = [0]
    total = len(story) + 1  # one layout pass

    def tick() -> None:
        steps[0] += 1
        if progress is not None and steps[0] % 25 == 0:
            progress(min(steps[0], total - 1), total)

    who = pack.delegate.person.name if pack else briefing.delegation_name
    title = f"Briefing pack — {who}" if pack else "Delegation briefing pack"
    lang = pack.delegate.person.lang if pack else None
    path = Path(path)
    with staged_output(path) as out:
        doc = PackDocTemplate(
            out.file, ctx, paper=paper, header_left=briefing.event_name, header_right=f"{title}",
            header_lang=lang, footer=f"Prepared {briefing.prepared_at:%d %b %Y} · Mission Desk",
            cancel=cancel, on_flowable=tick, title=f"{briefing.event_name}: {title}",
            subject=briefing.delegation_name, created=briefing.prepared_at)
        doc.build(story, canvasmaker=PackCanvas)
        result = PackFile(path, delegate_id, doc.canv.page_total,
                          frozenset(briefing.people_in_pack(pack)), frozenset(ctx.uncovered), marks.keys)
        if on_ready is not None:
            out.before_publish(lambda: on_ready(result))
    if progress is not None:
        progress(total, total)
    return result


def pack_file_names(briefing: Briefing) -> dict[int, str]:
    """Safe, unique file names by delegate person id: ``<event> - <name>.pdf``, with the
    organisation added when two delegates share a name, and `` (2)`` as a last resort."""
    def base(pack: DelegatePack, with_org: bool) -> str:
        person = pack.delegate.person
        text = f"{briefing.event_code} - {person.name}"
        if with_org and person.organisation:
            text += f" - {person.organisation}"
        return safe_file_name(text, ".pdf", fallback=f"delegate-{person.id}")

    counts: dict[str, int] = {}
    for pack in briefing.packs:
        key = base(pack, False).casefold()
        counts[key] = counts.get(key, 0) + 1
    taken: set[str] = set()
    return {pack.delegate.person.id: unique_name(base(pack, counts[base(pack, False).casefold()] > 1), taken)
            for pack in briefing.packs}


def write_delegate_packs(briefing: Briefing, folder: Path, *, paper: str = "a4",
                         progress: Progress | None = None, cancel: Cancel | None = None,
                         on_ready: OnReady | None = None,
                         on_written: Callable[[PackFile], None] | None = None,
                         file_names: Mapping[int, str] | None = None) -> list[PackFile]:
    """One PDF per delegate in ``briefing.packs``, named after the event and the delegate with
    safe, unique file names inside ``folder`` (created, owner only, if missing; its parent must
    exist). ``on_ready`` is called with each file before it is moved into place (log it there,
    so a kill never leaves an unlogged pack); ``on_written`` after it landed. ``file_names``
    (by person id) overrides a name — a reprint keeps the name of the pack it replaces."""
    paper = _check_paper(paper)
    folder = make_output_folder(Path(folder))
    fonts = register_fonts()
    names = pack_file_names(briefing)
    if file_names:
        taken: set[str] = set()
        wanted = {pid: unique_name(safe_file_name(Path(file_names[pid]).stem, ".pdf",
                                                  fallback=f"delegate-{pid}"), taken)
                  for pid in names if pid in file_names}
        names = {pid: wanted.get(pid) or unique_name(name, taken) for pid, name in names.items()}
    targets = {pid: path_inside(folder, name) for pid, name in names.items()}
    for target in targets.values():  # a planted symlink at any name: refused before any pack
        check_output_path(target)
    written: list[PackFile] = []
    total = len(briefing.packs)
    for i, pack in enumerate(briefing.packs):
        if cancel is not None and cancel():
            raise Cancelled(f"Cancelled after {len(written)} of {total} packs")
        target = targets[pack.delegate.person.id]
        result = write_briefing_pdf(briefing, target, delegate_id=pack.delegate.person.id, paper=paper,
                                    fonts=fonts, cancel=cancel, on_ready=on_ready)
        written.append(result)
        if on_written is not None:
            on_written(result)
        if progress is not None:
            progress(i + 1, total)
    return written
