"""Print the diff of mutmut mutants without running any test (cheap: only libcst).

    python scripts/mutation_show.py planner.domain.conflicts.x__scan__mutmut_27 …
    python scripts/mutation_show.py --all planner/exports/sanitize.py   # every mutant of a file

Used to read the survivors scripts/mutation.py lists, and to check an equivalent-mutant entry.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.mutation.file_mutation import mutate_file_contents

ROOT = Path(__file__).resolve().parent.parent


def module_file(mutant: str) -> Path:
    module = mutant.split(".x_")[0].split(".xǁ")[0]
    return ROOT / (module.replace(".", "/") + ".py")


def mutated(path: Path) -> tuple[str, list[str]]:
    result = mutate_file_contents(str(path.relative_to(ROOT)), path.read_text())
    return result.mutated_code if hasattr(result, "mutated_code") else result.code, list(result.mutant_names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="mutant names, or files with --all")
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    cache: dict[Path, tuple[str, list[str]]] = {}
    wanted: list[tuple[str, Path]] = []
    for name in args.names:
        if args.all:
            path = (ROOT / name).resolve()
            cache[path] = mutated(path)
            module = path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
            wanted += [(f"{module}.{m}" if not m.startswith(module) else m, path) for m in cache[path][1]]
        else:
            wanted.append((name, module_file(name)))
    for name, path in wanted:
        if path not in cache:
            cache[path] = mutated(path)
        print(f"# {name}")
        print(get_diff_for_mutant(name, source=cache[path][0], path=path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
