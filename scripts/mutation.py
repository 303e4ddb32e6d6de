"""Mutation score of the core, one module at a time (issue 21).

    python scripts/mutation.py                      # every module in mutation.toml
    python scripts/mutation.py sanitize conflicts   # some modules
    python scripts/mutation.py --survivors names    # also print the diff of each surviving mutant
    python scripts/mutation.py --list               # the modules, their files and their tests
    python scripts/mutation.py privacy --only @survivors.txt   # re-check an earlier run's survivors

Each module runs mutmut 3 in its own scratch copy of the work tree (git's tracked and untracked,
not ignored, files), so the work tree is never touched and other programs never import a mutant.
mutmut runs, for each mutant, only the tests of the module's selection that reached the mutated
function. Runs are niced (``nice -n 15``) and sequential: one module at a time, ``--jobs`` workers
(default 1) inside it.

Score = killed / (mutants - equivalent); a timeout counts as killed (the test run noticed),
"no tests" as survived (no test reaches the code). Exit 1 when a module is below its goal.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mutation.toml"
KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9}  # mutmut's "killed", "timeout", "segfault" codes
SURVIVED = {0}
NO_TESTS = {5, 33}


@dataclass
class Score:
    module: str
    mutants: int = 0
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # skipped, not checked, suspicious
    stale: list[str] = field(default_factory=list)  # listed as equivalent but killed or gone
    seconds: float = 0.0

    @property
    def counted(self) -> int:
        return self.mutants - len(self.equivalent)

    @property
    def score(self) -> float:
        return self.killed / self.counted if self.counted else 1.0


def load_config(path: Path = CONFIG) -> dict:
    """``mutation.toml``, with the ``[[equivalent]]`` entries of ``mutation.d/*.toml`` added
    (one file per module, so work on two modules never edits the same file)."""
    with path.open("rb") as fh:
        cfg = tomllib.load(fh)
    for extra in sorted((path.parent / "mutation.d").glob("*.toml")):
        with extra.open("rb") as fh:
            cfg.setdefault("equivalent", []).extend(tomllib.load(fh).get("equivalent", []))
    return cfg


def tree_files(root: Path) -> list[str]:
    skip = ("mutants/", ".venv/", "packaging/", ".git/")
    if (root / ".git").exists():
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root,
                             check=True, capture_output=True).stdout.decode()
        names = out.split("\0")
    else:  # an exported snapshot (git archive): every file but caches
        names = [p.relative_to(root).as_posix() for p in root.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts]
    return [p for p in names if p and not p.startswith(skip) and (root / p).is_file()]


def make_scratch(root: Path, files: list[str], workdir: Path) -> Path:
    for rel in files:
        dest = workdir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
    return workdir


def mutmut_cfg(spec: dict, defaults: dict, files: list[str], scratch: Path) -> str:
    paths = sorted({f for f in files for pat in spec["paths"] if fnmatch.fnmatch(f, pat)})
    if not paths:
        raise SystemExit(f"no file matches {spec['paths']}")
    tests = [t for t in spec["tests"] if (scratch / t).exists()]
    lines = ["[mutmut]", "source_paths=planner", "also_copy=", "    resources", "    tests", "    main.py",
             "only_mutate=", *(f"    {p}" for p in paths),
             "pytest_add_cli_args_test_selection=", *(f"    {t}" for t in tests),
             "pytest_add_cli_args=", "    -p", "    no:cacheprovider", "    -q",
             f"timeout_multiplier={defaults.get('timeout_multiplier', 10.0)}",
             f"timeout_constant={defaults.get('timeout_constant', 5.0)}",
             "use_git_change_detection=false", ""]
    return "\n".join(lines)


def mutant_names(scratch: Path) -> list[str]:
    names: list[str] = []
    for meta in (scratch / "mutants").rglob("*.py.meta"):
        names += json.loads(meta.read_text())["exit_code_by_key"]
    return sorted(names)


def read_results(scratch: Path, module: str, equivalent: dict[str, str], *, sampled: bool = False
                 ) -> Score:
    score = Score(module)
    seen: set[str] = set()
    for meta in (scratch / "mutants").rglob("*.py.meta"):
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        for name, code in codes.items():
            seen.add(name)
            if sampled and code is None:
                continue  # not in the sample
            score.mutants += 1
            if name in equivalent:
                score.equivalent.append(name)
                if code in KILLED:
                    score.stale.append(name)
            elif code in KILLED:
                score.killed += 1
            elif code in SURVIVED or code in NO_TESTS:
                score.survived.append(name)
            else:
                score.other.append(f"{name} (exit {code})")
    module_prefixes = {n.rsplit(".x_", 1)[0] for n in seen}
    if not sampled:
        score.stale += [n for n in equivalent if n not in seen and n.rsplit(".x_", 1)[0] in module_prefixes]
    return score


def chosen_mutants(names: list[str], args: argparse.Namespace) -> list[str]:
    """The mutants a partial run checks: those named by ``--only`` that this module has, or a
    seeded ``--sample``."""
    if args.only:
        return [n for n in names if n in args.only]
    return random.Random(args.seed).sample(names, min(args.sample, len(names)))


def read_names(values: list[str]) -> set[str]:
    """Mutant names given on the command line; ``@FILE`` reads one name per line."""
    out: set[str] = set()
    for value in values:
        if value.startswith("@"):
            out |= {line.strip() for line in Path(value[1:]).read_text().splitlines() if line.strip()}
        else:
            out.add(value)
    return out


def mutmut_bin() -> str:
    found = Path(sys.executable).with_name("mutmut")
    return str(found) if found.exists() else (shutil.which("mutmut") or "mutmut")


def run_module(name: str, spec: dict, cfg: dict, files: list[str], args: argparse.Namespace) -> Score:
    equivalent = {e["mutant"]: e["reason"] for e in cfg.get("equivalent", [])}
    base = Path(args.workdir) if args.workdir else Path(tempfile.gettempdir())
    scratch = Path(tempfile.mkdtemp(prefix=f"mutation-{name}-", dir=base))
    started = time.monotonic()
    try:
        make_scratch(ROOT, files, scratch)
        (scratch / "setup.cfg").write_text(mutmut_cfg(spec, cfg.get("defaults", {}), files, scratch))
        cmd = ["nice", "-n", str(args.nice), mutmut_bin(), "run", "--max-children", str(args.jobs)]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        log = scratch / "mutmut.log"
        with log.open("w") as fh:
            if args.sample or args.only:
                # generate the mutants and the test map only (no mutant has this name), then run
                # a seeded sample (the same names before and after a change to the tests) or the
                # mutants asked for (the survivors of an earlier full run, re-checked)
                subprocess.run([*cmd, "list-only-no-such-mutant"], cwd=scratch, stdout=fh,
                               stderr=subprocess.STDOUT, env=env)
                names = mutant_names(scratch)
                if not names:
                    raise SystemExit(f"mutmut generated no mutants for {name}: see {log}")
                picked = chosen_mutants(names, args)
                if not picked:  # an empty list would make mutmut run every mutant
                    raise SystemExit(f"none of the mutants asked for is in {name}")
                cmd += picked
            proc = subprocess.run(cmd, cwd=scratch, stdout=fh, stderr=subprocess.STDOUT, env=env)
        if "could not find any test case for any mutant" in log.read_text(errors="replace"):
            # no selected test reaches the module: every mutant survives
            names = mutant_names(scratch)
            if args.sample or args.only:
                names = chosen_mutants(names, args)
            score = Score(name, mutants=len(names), survived=names)
            score.seconds = time.monotonic() - started
            return score
        score = read_results(scratch, name, equivalent, sampled=bool(args.sample or args.only))
        if proc.returncode != 0 and score.mutants == 0:
            tail = log.read_text(errors="replace")[-3000:]
            raise SystemExit(f"mutmut failed on {name} (exit {proc.returncode}):\n{tail}")
        if score.other and not score.killed and not score.survived:
            raise SystemExit(f"broken run on {name}: none of its {len(score.other)} mutants was checked "
                             f"(e.g. {score.other[0]}); a scratch copy taken while a file was being "
                             f"written does this: run it again")
        score.seconds = time.monotonic() - started
        if args.survivors:
            for mutant in score.survived:
                diff = subprocess.run([mutmut_bin(), "show", mutant], cwd=scratch,
                                      capture_output=True, text=True).stdout
                print(diff, flush=True)
        return score
    finally:
        if args.keep:
            print(f"kept {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def print_table(scores: list[Score], goal: float) -> None:
    print(f"{'module':<20}{'mutants':>8}{'killed':>8}{'survived':>9}{'equiv.':>7}{'score':>8}"
          f"{'time':>8}  goal {goal:.0%}")
    for s in scores:
        mark = "ok" if s.score >= goal else "BELOW"
        print(f"{s.module:<20}{s.mutants:>8}{s.killed:>8}{len(s.survived):>9}{len(s.equivalent):>7}"
              f"{s.score:>8.1%}{s.seconds:>7.0f}s  {mark}")
        for name in s.stale:
            print(f"    stale equivalent entry (killed or gone): {name}")
        for name in s.other:
            print(f"    not counted as killed: {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module names from mutation.toml (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="mutmut workers (default 1)")
    parser.add_argument("--nice", type=int, default=15)
    parser.add_argument("--sample", type=int, default=0,
                        help="run only N mutants per module, drawn with --seed (a time-boxed estimate)")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="run only these mutants (@FILE: one name per line), e.g. the survivors "
                             "of an earlier full run after new tests")
    parser.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies")
    parser.add_argument("--workdir", help="where scratch copies go (default: the temp dir)")
    parser.add_argument("--json", help="also write the scores to this JSON file")
    parser.add_argument("--list", action="store_true", help="list modules, files and tests")
    args = parser.parse_args(argv)
    args.only = read_names(args.only)

    cfg = load_config()
    modules: dict[str, dict] = cfg["modules"]
    unknown = [m for m in args.modules if m not in modules]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(modules)}")
    chosen = args.modules or list(modules)
    if args.list:
        for name in chosen:
            print(f"{name}: {' '.join(modules[name]['paths'])}\n    tests: "
                  f"{' '.join(modules[name]['tests'])}")
        return 0
    goal = float(cfg.get("defaults", {}).get("goal", 0.9))
    files = tree_files(ROOT)
    scores: list[Score] = []
    for name in chosen:
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            scores.append(run_module(name, modules[name], cfg, files, args))
        except SystemExit as exc:  # mutmut could not run this module: say so, go on with the next
            print(exc, file=sys.stderr, flush=True)
            scores.append(Score(name, mutants=1, survived=["(mutmut failed: see above)"]))
        s = scores[-1]
        print(f"   {name}: {s.killed}/{s.counted} killed ({s.score:.1%}) in {s.seconds:.0f}s",
              file=sys.stderr, flush=True)
        for mutant in s.survived:
            print(f"    survived: {mutant}", file=sys.stderr, flush=True)
        if args.json:  # after each module, so a stopped run keeps what it measured
            Path(args.json).write_text(json.dumps(
                [{"module": s.module, "mutants": s.mutants, "killed": s.killed, "score": round(s.score, 4),
                  "survived": s.survived, "equivalent": s.equivalent, "seconds": round(s.seconds)}
                 for s in scores], indent=2))
    print_table(scores, goal)
    return 0 if all(s.score >= goal for s in scores) else 1


if __name__ == "__main__":
    raise SystemExit(main())
