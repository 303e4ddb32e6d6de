"""Print the diff of mutmut mutants without running any test (cheap: only libcst).

    python scripts/mutation_show.py planner.domain.conflicts.x__scan__mutmut_27 …
    python scripts/mutation_show.py --all planner/exports/sanitize.py   # every mutant of a file

Used to read the survivors scripts/mutation.py lists, and to check an equivalent-mutant entry.
"""

from __future__ import annotations

import argparse
from difflib import unified_diff
from pathlib import Path

import libcst as cst
from mutmut.mutation.diff_apply import read_mutant_function, read_original_function
from mutmut.mutation.file_mutation import mutate_file_contents

ROOT = Path(__file__).resolve().parent.parent


def module_file(mutant: str) -> Path:
    module = mutant.split(".x_")[0].split(".xǁ")[0]
    return ROOT / (module.replace(".", "/") + ".py")


def mutated(path: Path) -> tuple[cst.Module, list[str]]:
    """Every mutant of the file, as mutmut generates them (one module holding them all, parsed
    once: parsing it again for each mutant took minutes on a large file), and their names."""
    result = mutate_file_contents(str(path.relative_to(ROOT)), path.read_text())
    code = result.mutated_code if hasattr(result, "mutated_code") else result.code
    return cst.parse_module(code), list(result.mutant_names)


def diff(name: str, module: cst.Module, path: Path) -> str:
    functions = (read_original_function(module, name), read_mutant_function(module, name))
    orig, mutant = (cst.Module([f]).code.strip().split("\n") for f in functions)
    return "\n".join(unified_diff(orig, mutant, fromfile=str(path), tofile=str(path), lineterm=""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="mutant names, or files with --all")
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    cache: dict[Path, tuple[cst.Module, list[str]]] = {}
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
        print(diff(name.rpartition(".")[-1], cache[path][0], path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
