"""Does a test kill a mutant? Put one mutmut mutant into a scratch copy of the tree and run pytest.

    python scripts/mutation_try.py planner.services.personal_data.privacy.x__needle_key__mutmut_3 \
        -- tests/planner/mutation_kills/privacy -q -x
    python scripts/mutation_try.py @survivors.txt -- tests/planner/mutation_kills/privacy -q -x

For writing the test that kills a survivor of ``scripts/mutation.py``: seconds per mutant, where a
mutmut run first maps the whole test selection. The scratch copy (``git ls-files``, like
``mutation.py``'s) is made once per call, each mutant is written into it in turn, in place of the
function it mutates, and the pytest arguments after ``--`` run there. Prints "killed" (pytest
failed) or "SURVIVED" per mutant; exit 1 if any survived. The work tree is never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import libcst as cst
from mutmut.mutation.diff_apply import find_top_level_function_or_method, read_mutant_function
from mutmut.utils.format_utils import orig_function_and_class_names_from_key

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation import ROOT, make_scratch, read_names, tree_files
from mutation_show import module_file, mutated


def mutant_source(name: str, path: Path, cache: dict[Path, tuple[cst.Module, list[str]]]) -> str:
    """The file at ``path`` with the function ``name`` mutates replaced by the mutant."""
    if path not in cache:
        cache[path] = mutated(path)
    mutant_fn = read_mutant_function(cache[path][0], name.rpartition(".")[-1])
    orig_name = orig_function_and_class_names_from_key(name)[0].rpartition(".")[-1]
    original = cst.parse_module(path.read_text())
    target = find_top_level_function_or_method(original, orig_name)
    if target is None:
        raise SystemExit(f"{name}: no function {orig_name} in {path}")
    return original.deep_replace(target, mutant_fn.with_changes(name=cst.Name(orig_name))).code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pytest_args = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mutants", nargs="+", help="mutant names, or @FILE (one per line)")
    args = parser.parse_args(argv)
    names = sorted(read_names(args.mutants))
    cache: dict[Path, tuple[cst.Module, list[str]]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="mutation-try-"))
    survived = []
    try:
        make_scratch(ROOT, tree_files(ROOT), scratch)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        for name in names:
            path = module_file(name)
            rel = path.relative_to(ROOT)
            (scratch / rel).write_text(mutant_source(name, path, cache))
            proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                                   *pytest_args], cwd=scratch, env=env, capture_output=True, text=True)
            shutil.copy2(path, scratch / rel)
            if proc.returncode == 1:
                print(f"killed    {name}", flush=True)
            elif proc.returncode == 0:
                survived.append(name)
                print(f"SURVIVED  {name}", flush=True)
            else:  # no tests collected, a usage error, an import error
                survived.append(name)
                print(f"ERROR {proc.returncode} {name}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}",
                      flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{len(names) - len(survived)}/{len(names)} killed")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
