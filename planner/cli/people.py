"""``planner people list|duplicates|merge``."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, print_json, print_table
from planner.cli.lookup import event_named
from planner.services.people.people import list_people


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("people", help="list people, find and merge duplicates")
    cmds = p.add_subparsers(dest="people_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    ls = cmds.add_parser("list", help="list people (of one event with --event)")
    ls.add_argument("--event", metavar="CODE")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    dup = cmds.add_parser(
        "duplicates", help="possible duplicates, best first, with the reasons",
        description="Pairs of people that may be one person: a shared e-mail with a compatible "
        "name, the same name, a romanised name that reads a native one, a spelling variant, an "
        "initial or a typo. Nothing is merged: `people merge KEEP OTHER` does that.")
    dup.add_argument("--event", metavar="CODE", help="only pairs where one is in this event")
    dup.add_argument("--json", action="store_true")
    dup.set_defaults(handler=run_duplicates)
    merge = cmds.add_parser(
        "merge", help="merge OTHER into KEEP",
        description="Every reference to OTHER moves to KEEP; OTHER's names and e-mails are kept "
        "as aliases, so the next import finds them. Name people by e-mail or id.")
    merge.add_argument("keep", metavar="KEEP")
    merge.add_argument("other", metavar="OTHER")
    merge.set_defaults(handler=run_merge)


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        # "--event ''" (an unset variable) is refused, never read as "everyone"
        event_id = event_named(session, args.event).id if args.event is not None else None
        rows = list_people(session, event_id)
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["name", "native", "email", "organisation"],
                    [[r.display_name, r.native_name, r.email, r.organisation] for r in rows])
    return EXIT_OK


def run_duplicates(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from planner.services.people.merge import find_duplicate_people
    from planner.storage.models import Person

    with open_db(args) as db, db.session() as session:
        event_id = event_named(session, args.event).id if args.event is not None else None
        pairs = find_duplicate_people(session, event_id=event_id)
        uuids = {u for d in pairs for u in (d.keep, d.drop)}
        emails = {u: e for u, e in session.execute(
            select(Person.uuid, Person.email).where(Person.uuid.in_(uuids)))} if uuids else {}

    def name(uuid: str) -> str:
        return emails.get(uuid) or uuid

    if args.json:
        print_json([{"keep": name(d.keep), "other": name(d.drop), "keep_id": d.keep,
                     "other_id": d.drop, "keep_label": d.keep_label,
                     "other_label": d.drop_label, "score": d.score,
                     "reasons": list(d.reasons) or [d.reason]} for d in pairs])
    else:
        print_table(["score", "keep", "other", "reasons"],
                    [[str(d.score), f"{d.keep_label} [{d.keep}]", f"{d.drop_label} [{d.drop}]",
                      d.reason] for d in pairs])
    return EXIT_OK


def run_merge(args: argparse.Namespace) -> int:
    import sys

    from planner.services.people.merge import merge_people
    from planner.services.people.people import find_person, person_name

    with open_db(args) as db, db.transaction() as session:
        keep = find_person(session, args.keep)
        other = find_person(session, args.other)
        report = merge_people(session, keep, other)
        kept = person_name(keep)
    print(f"Merged into {kept} ({report.kept}): {report.describe()}.", file=sys.stderr)
    return EXIT_OK
