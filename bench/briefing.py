"""Benchmark: the whole-delegation briefing pack of ``demo --scale 4`` (about 240 delegates).

Prints the time to gather the data (``build_briefing``), to render the PDF and the time per
page, next to a baseline measured in the same run: reportlab building the same number of
pages of plain text paragraphs in the same embedded TrueType font (one pass, no tables, no
contents, no per-script font runs). Also times a few single-delegate packs.

Each side runs ``--runs`` times, interleaved, in this process; the figures are medians, in wall
seconds and in CPU seconds (``time.process_time``: steadier than wall time on a shared machine).
Issue 20's target: delegation pack ≤ 2.5× the baseline.

    python bench/briefing.py [--scale 4] [--delegates 5] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from planner.demo import build_demo
from planner.exports.briefing.briefing_pdf import write_briefing_pdf
from planner.exports.pdf_text import doc_options, make_styles, register_fonts
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.storage.database import Database

LINE = ("Delegates walk into back-to-back meetings in a foreign country; the pack in their bag "
        "tells them where to be and whom they are meeting. ")


def baseline(path: Path, pages: int) -> tuple[float, float]:
    """reportlab alone: ``pages`` pages of ~40 lines of plain text, embedded DejaVu Sans.
    Returns (wall, CPU) seconds of the build."""
    fonts = register_fonts()
    style = make_styles(fonts)["body"]
    story: list = []
    for page in range(pages):
        story += [Paragraph(f"Page {page + 1}. " + LINE * 3, style) for _ in range(12)]
        story.append(PageBreak())
    start, cpu = time.perf_counter(), time.process_time()
    SimpleDocTemplate(str(path), pagesize=A4, **doc_options(fonts)).build(story)
    return time.perf_counter() - start, time.process_time() - cpu


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--delegates", type=int, default=5, help="single-delegate packs to time")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each side, interleaved (median)")
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = Database.open(Path(tmp) / "bench.db")
        with db.transaction() as s:
            build_demo(s, scale=args.scale)
        register_fonts()
        start = time.perf_counter()
        with db.session() as s:
            briefing = build_briefing(s, get_event(s, "biojapan-2026"))
        gather = time.perf_counter() - start
        db.close()
        print(f"demo --scale {args.scale}: {len(briefing.packs)} delegates, {len(briefing.meetings)} "
              f"meetings, {len(briefing.slots)} slots")
        print(f"build_briefing (SQL + dataclasses): {gather:.2f} s")

        ours, base = [], []
        for _ in range(max(1, args.runs)):  # interleaved, so a busy moment falls on both sides
            start, cpu = time.perf_counter(), time.process_time()
            whole = write_briefing_pdf(briefing, folder / "delegation.pdf")
            ours.append((time.perf_counter() - start, time.process_time() - cpu))
            base.append(baseline(folder / "baseline.pdf", whole.pages))
        (render, render_cpu), (base_wall, base_cpu) = _median(ours), _median(base)
        size = whole.path.stat().st_size / 1e6
        print(f"delegation pack: {whole.pages} pages, {size:.1f} MB, {render:.2f} s "
              f"({render_cpu:.2f} s CPU), {1000 * render / whole.pages:.1f} ms/page")
        print(f"baseline (reportlab, {whole.pages} plain text pages, one pass): {base_wall:.2f} s "
              f"({base_cpu:.2f} s CPU), {1000 * base_wall / whole.pages:.1f} ms/page")
        print(f"ratio delegation pack / baseline: {render / base_wall:.2f}x wall, "
              f"{render_cpu / base_cpu:.2f}x CPU (runs: "
              + ", ".join(f"{o[0] / b[0]:.2f}" for o, b in zip(ours, base, strict=True)) + "; target ≤ 2.5)")

        picks = briefing.packs[:: max(1, len(briefing.packs) // max(1, args.delegates))][: args.delegates]
        times, pages = [], 0
        for pack in picks:
            start = time.perf_counter()
            one = write_briefing_pdf(briefing, folder / f"one-{pack.delegate.person.id}.pdf",
                                     delegate_id=pack.delegate.person.id)
            times.append(time.perf_counter() - start)
            pages += one.pages
        if times:
            mean = sum(times) / len(times)
            print(f"single-delegate pack: {mean:.2f} s mean over {len(times)} ({pages / len(times):.1f} pages); "
                  f"all {len(briefing.packs)} per-delegate files ≈ {mean * len(briefing.packs):.0f} s")


if __name__ == "__main__":
    main()
