"""``planner team add-user ROLE [--viewer] [--name N] [--password-stdin]``, ``planner team list``
and ``planner team grants``: each staff member logs in to the team server as their own role.

``add-user`` and ``list`` work on the server ``--db`` names, run by its administrator (the owner of
the plan's tables, with the right to create roles). The password is typed at a prompt (twice) or
read from the first line of standard input with ``--password-stdin``; never an argument, which
other users of the computer could see in the process list.
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_OK, CliError, print_json, print_table

HELP = "team server: staff as their own database roles (add-user, list, grants)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("team", help=HELP)
    team = p.add_subparsers(dest="team_command", metavar="ACTION", parser_class=type(p))
    team.required = True
    a = team.add_parser("add-user", help="add a person's own login role (an editor, or a viewer)")
    a.add_argument("new_role", metavar="ROLE", help="the person's login name on the server")
    a.add_argument("--viewer", action="store_true", help="may read the plan but not change it")
    a.add_argument("--name", dest="full_name", default="", metavar="FULL NAME",
                   help="the person's name, kept as the role's comment")
    a.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input (no prompt)")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(handler=run_add_user)
    ls = team.add_parser("list", help="the team's login roles and what they may do")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(handler=run_list)
    g = team.add_parser("grants", help="print the SQL an administrator can run by hand instead")
    g.add_argument("--database", default="plan", help="the plan's database name (default: plan)")
    g.add_argument("--schema", default="public", help="its schema (default: public)")
    g.set_defaults(handler=run_grants)


def _server_url(args: argparse.Namespace) -> str:
    from planner.paths import server_url
    from planner.storage.server.server import is_server_url

    url = server_url(getattr(args, "db", None))
    if url is None or not is_server_url(url):
        raise CliError("planner team works on a team server: give --db postgresql+psycopg://ADMIN@HOST/DB "
                       "(a file has no roles: the person using the computer writes it)")
    return url


def read_password(from_stdin: bool) -> str:
    """The new role's password: stdin's first line, or typed twice at a prompt."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    import getpass

    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("Password for the new role: ")
    if getpass.getpass("Again: ") != first:
        raise CliError("the two passwords differ; nothing was changed")
    return first


def run_add_user(args: argparse.Namespace) -> int:
    from planner.storage.database import Database
    from planner.storage.server import roles

    url = _server_url(args)
    roles.check_role_name(args.new_role)  # before asking for a password
    password = read_password(args.password_stdin)
    db = Database.open(url)
    try:
        with db.engine.begin() as conn:
            roles.add_user(conn, args.new_role, password, viewer=args.viewer, full_name=args.full_name)
    finally:
        db.close()
    access = "viewer" if args.viewer else "editor"
    if args.json:
        print_json({"role": args.new_role, "access": access, "full_name": args.full_name})
    else:
        print(f"added {args.new_role} as {'a viewer' if args.viewer else 'an editor'} of {db.name}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from planner.storage.database import Database
    from planner.storage.server import roles

    db = Database.open(_server_url(args))
    try:
        with db.engine.connect() as conn:
            members = roles.list_users(conn)
    finally:
        db.close()
    if args.json:
        print_json([{"role": m.role, "access": m.access, "can_login": m.can_login,
                     "full_name": m.full_name} for m in members])
    else:
        print_table(["role", "access", "login", "name"],
                    [[m.role, m.access, "yes" if m.can_login else "no", m.full_name] for m in members])
    return EXIT_OK


def run_grants(args: argparse.Namespace) -> int:
    from planner.storage.server import roles

    sys.stdout.write(roles.grants_script(args.database, args.schema))
    return EXIT_OK
