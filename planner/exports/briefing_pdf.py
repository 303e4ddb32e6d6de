"""Briefing packs as PDF: one delegate's pack, the whole delegation's, or one file per delegate.

Pure functions of a ``Briefing`` (see ``planner.services.briefing.build_briefing``); they never
see a Session. Every user text goes through ``pdf_text`` (escaped, per-script embedded fonts);
characters no bundled font covers are returned in the result, never dropped silently. Files
are written to a temporary file in the target folder and moved into place with ``os.replace``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from planner.errors import Cancelled, ValidationError
from planner.exports.briefing_cover import contact_sheet, cover, key_information, whos_who
from planner.exports.briefing_data import Briefing, DelegatePack
from planner.exports.briefing_doc import (
    HEADER,
    MARGIN,
    PAPER_SIZES,
    PackContext,
    PackDocTemplate,
    heading,
    make_toc,
)
from planner.exports.briefing_itinerary import itinerary
from planner.exports.briefing_meetings import meeting_pages, slot_section
from planner.exports.filenames import atomic_target, path_inside, safe_file_name, unique_name
from planner.exports.pdf_text import FontSet, describe_uncovered, make_styles, register_fonts

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class PackFile:
    """One written PDF: where, for whom (None: the whole delegation), what it holds."""

    path: Path
    delegate_id: int | None
    pages: int
    person_ids: frozenset[int]
    uncovered: frozenset[str]

    @property
    def uncovered_described(self) -> list[str]:
        return describe_uncovered(self.uncovered)


def _check_paper(paper: str) -> str:
    key = paper.strip().lower()
    if key not in PAPER_SIZES:
        raise ValidationError(f"Unknown paper size {paper!r}; use a4 or letter", "paper")
    return key


def _story(ctx: PackContext, b: Briefing, pack: DelegatePack | None) -> list[Flowable]:
    story: list[Flowable] = cover(ctx, b, pack)
    story += [heading(ctx, "Contents", level=0, key="contents", toc=False), make_toc(ctx), PageBreak()]
    story += key_information(ctx, b, pack)
    story += itinerary(ctx, b, pack)
    story += meeting_pages(ctx, b, pack)
    story += slot_section(ctx, b, pack)
    if pack is None:
        story += whos_who(ctx, b)
    story += contact_sheet(ctx, b, pack)
    return story


def write_briefing_pdf(briefing: Briefing, path: Path, *, delegate_id: int | None = None,
                       paper: str = "a4", fonts: FontSet | None = None,
                       progress: Progress | None = None, cancel: Cancel | None = None) -> PackFile:
    """Write one pack to ``path``: the delegate's (person id ``delegate_id``, who must be in
    ``briefing.packs``) or, with ``None``, the whole delegation's. Raises ``Cancelled`` (and
    leaves ``path`` untouched) when ``cancel()`` turns true."""
    paper = _check_paper(paper)
    fonts = fonts or register_fonts()
    pack = briefing.pack_for(delegate_id) if delegate_id is not None else None
    width, height = PAPER_SIZES[paper]
    ctx = PackContext(fonts, make_styles(fonts), width - 2 * MARGIN,
                      height - 2 * MARGIN - 1.5 * HEADER, briefing.home_tz)
    story = _story(ctx, briefing, pack)
    steps = [0]
    total = 2 * len(story) + 1  # usually two passes (contents and page count settle)

    def tick() -> None:
        steps[0] += 1
        if progress is not None and steps[0] % 25 == 0:
            progress(min(steps[0], total - 1), total)

    who = pack.delegate.person.name if pack else briefing.delegation_name
    title = f"Briefing pack — {who}" if pack else "Delegation briefing pack"
    lang = pack.delegate.person.lang if pack else None
    path = Path(path)
    with atomic_target(path) as tmp:
        doc = PackDocTemplate(
            str(tmp), ctx, paper=paper, header_left=briefing.event_name, header_right=f"{title}",
            header_lang=lang, footer=f"Prepared {briefing.prepared_at:%d %b %Y} · Mission Desk",
            cancel=cancel, on_flowable=tick, title=f"{briefing.event_name}: {title}",
            subject=briefing.delegation_name)
        doc.multiBuild([*story, doc.page_count])
        pages = doc.page_count.total
    if progress is not None:
        progress(total, total)
    return PackFile(path, delegate_id, pages, frozenset(briefing.people_in_pack(pack)),
                    frozenset(ctx.uncovered))


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
                         on_written: Callable[[PackFile], None] | None = None) -> list[PackFile]:
    """One PDF per delegate in ``briefing.packs``, named after the event and the delegate with
    safe, unique file names inside ``folder`` (created if missing). ``on_written`` is called
    after each file lands (e.g. to log the export) so files written before a cancel are known."""
    paper = _check_paper(paper)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fonts = register_fonts()
    names = pack_file_names(briefing)
    written: list[PackFile] = []
    total = len(briefing.packs)
    for i, pack in enumerate(briefing.packs):
        if cancel is not None and cancel():
            raise Cancelled(f"Cancelled after {len(written)} of {total} packs")
        target = path_inside(folder, names[pack.delegate.person.id])
        result = write_briefing_pdf(briefing, target, delegate_id=pack.delegate.person.id, paper=paper,
                                    fonts=fonts, cancel=cancel)
        written.append(result)
        if on_written is not None:
            on_written(result)
        if progress is not None:
            progress(i + 1, total)
    return written
