"""Benchmark: the cross-kind conflict check over 50k, 100k and 200k timeline items.

The items are generated in memory with the demo mission's shape (one "copy" = 20 delegates,
40 counterparts from 25 organisations, 3 tables, 144 meetings on a 30-minute grid, 18 stage
pitches and 3 booth sessions, a Tokyo lunch, 7 deliberate conflicts), because building a
scale-1300 demo database takes far longer than the check itself. The baseline, measured in the
same run, is a plain ``sorted()`` of the same (start, end) intervals. ``--db-scale N`` also
times the full service (SQL load + check) on a real ``demo --scale N`` file.

    python bench/conflicts.py [--base 50000] [--db-scale 20]
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.domain.conflicts import CheckContext, TimelineItem, VenueInfo, find_conflicts

TZ = "Asia/Tokyo"
DAYS = [date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16)]
OFFSET = timedelta(hours=9)
HALL, EMBASSY = 1, 2
PER_COPY_PEOPLE, PER_COPY_ORGS = 60, 25


def _item(n: int, kind: str, start_local: datetime, minutes: int, **kw: object) -> TimelineItem:
    end_local = start_local + timedelta(minutes=minutes)
    return TimelineItem(n, f"{n:08d}-bench", kind, f"{kind} {n}", start_local - OFFSET, end_local - OFFSET,
                        start_local, end_local, TZ, **kw)  # type: ignore[arg-type]


def generate(items_wanted: int, seed: int = 2026) -> list[TimelineItem]:
    rng = random.Random(seed)
    items: list[TimelineItem] = []
    copy = 0
    while len(items) < items_wanted:
        p0, o0, t0 = copy * PER_COPY_PEOPLE, copy * PER_COPY_ORGS, copy * 10
        ours = list(range(p0, p0 + 20))
        theirs = list(range(p0 + 20, p0 + 60))
        org_of = {pid: o0 + i % PER_COPY_ORGS for i, pid in enumerate(theirs)}
        stage, booth = t0 + 8, t0 + 9
        for day in DAYS:
            pitch_busy: dict[int, int] = {}
            for k in range(6):
                start = datetime.combine(day, dtime(11, 0)) + timedelta(minutes=20 * k) if k < 3 else \
                    datetime.combine(day, dtime(14, 0)) + timedelta(minutes=20 * (k - 3))
                presenter = ours[(DAYS.index(day) * 6 + k) % 20]
                pitch_busy[presenter] = (start.hour * 60 + start.minute - 570) // 30
                items.append(_item(len(items), "showcase", start, 15, venue_id=HALL, room_id=stage,
                                   presenters=(presenter,)))
            items.append(_item(len(items), "showcase", datetime.combine(day, dtime(12, 30)), 60,
                               venue_id=HALL, room_id=booth))
            for idx in range(16):
                start = datetime.combine(day, dtime(9, 30)) + timedelta(minutes=30 * idx)
                free_ours = [p for p in ours if pitch_busy.get(p) != idx]
                a, b = rng.sample(free_ours, 3), rng.sample(theirs, 6)
                seen_orgs: set[int] = set()
                chosen = [c for c in b if not (org_of[c] in seen_orgs or seen_orgs.add(org_of[c]))][:3]  # type: ignore[func-returns-value]
                for table, (us, them) in enumerate(zip(a, chosen, strict=False)):
                    status = rng.choice(["confirmed"] * 8 + ["cancelled", "declined"])
                    items.append(_item(len(items), "meeting", start, 30, venue_id=HALL, room_id=t0 + table,
                                       organisation_id=org_of[them], status=status, ours=(us,),
                                       counterparts=(them,), occupies=status == "confirmed"))
        d1, d2, d3 = DAYS
        at = datetime.combine
        items += [  # the seven deliberate conflicts of the demo
            _item(len(items), "meeting", at(d1, dtime(8, 0)), 30, venue_id=HALL, room_id=t0 + 5, ours=(ours[0],)),
            _item(len(items) + 1, "meeting", at(d1, dtime(8, 15)), 30, venue_id=HALL, room_id=t0 + 6, ours=(ours[0],)),
            _item(len(items) + 2, "other", at(d2, dtime(12, 45)), 60, venue_id=EMBASSY, ours=(ours[1],)),
            _item(len(items) + 3, "meeting", at(d2, dtime(18, 15)), 30, venue_id=HALL, room_id=t0 + 7, ours=(ours[2],)),
            _item(len(items) + 4, "meeting", at(d3 + timedelta(days=1), dtime(10, 0)), 30, venue_id=HALL,
                  ours=(ours[3],)),
        ]
        copy += 1
    return items[:items_wanted]


CTX = CheckContext(date(2026, 10, 13), date(2026, 10, 16), TZ, "Europe/London",
                   venues={HALL: VenueInfo(HALL, "Pacifico Yokohama", TZ, dtime(9), dtime(18)),
                           EMBASSY: VenueInfo(EMBASSY, "British Embassy", TZ, dtime(8), dtime(21))},
                   travel={(HALL, EMBASSY): 50, (EMBASSY, HALL): 50})


def best_of(fn, repeat: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best wall time and best CPU time of this process (the machine may be shared)."""
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def bench_memory(base: int) -> None:
    print(f"{'items':>8} {'check s':>8} {'(cpu)':>6} {'sort s':>7} {'(cpu)':>6} {'check/sort':>10} "
          f"{'conflicts':>9} {'growth':>7} {'n log n':>7}")
    previous: tuple[int, float] | None = None
    for n in (base, 2 * base, 4 * base):
        items = generate(n)
        rng = random.Random(n)
        shuffled = items[:]
        rng.shuffle(shuffled)
        intervals = [(it.start, it.end) for it in shuffled]
        count = len(find_conflicts(shuffled, CTX))
        check_wall, check_cpu = best_of(lambda s=shuffled: find_conflicts(s, CTX))  # type: ignore[misc]
        sort_wall, sort_cpu = best_of(lambda iv=intervals: sorted(iv))  # type: ignore[misc]
        growth = nlogn = ""
        if previous is not None:
            pn, pt = previous
            growth = f"{check_cpu / pt:.2f}x"
            nlogn = f"{(n * math.log(n)) / (pn * math.log(pn)):.2f}x"
        print(f"{n:>8} {check_wall:>8.3f} {check_cpu:>6.3f} {sort_wall:>7.3f} {sort_cpu:>6.3f} "
              f"{check_cpu / sort_cpu:>10.1f} {count:>9} {growth:>7} {nlogn:>7}")
        previous = (n, check_cpu)


def bench_database(scale: int) -> None:
    from planner.demo import build_demo
    from planner.services.events.events import get_event
    from planner.services.schedule.conflicts import check_event
    from planner.services.schedule.timeline import load_timeline
    from planner.storage.database import Database

    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.db")
        t = time.perf_counter()
        with db.transaction() as session:
            summary = build_demo(session, scale=scale)
        built = time.perf_counter() - t
        with db.session() as session:
            event = get_event(session, summary.event_code)
            t_load = best_of(lambda: load_timeline(session, event), 2)[0]
            t_all = best_of(lambda: check_event(session, event), 2)[0]
            report = check_event(session, event)
        db.close()
    found = sorted((c.kind, tuple(sorted(c.items))) for c in report.conflicts)
    want = sorted((k, tuple(sorted(u))) for k, u in summary.deliberate_conflicts)
    print(f"demo --scale {scale}: {report.item_count} items (built in {built:.1f} s); SQL load {t_load:.3f} s, "
          f"load + check {t_all:.3f} s; {len(found)} conflicts, "
          f"{'exactly the deliberate ones' if found == want else 'NOT the deliberate ones'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=int, default=50_000, help="items at n (then 2n and 4n)")
    parser.add_argument("--db-scale", type=int, default=20, help="demo scale for the end-to-end figure (0: skip)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}; best of 5; items generated in memory (demo shape)")
    bench_memory(args.base)
    if args.db_scale:
        bench_database(args.db_scale)


if __name__ == "__main__":
    main()
