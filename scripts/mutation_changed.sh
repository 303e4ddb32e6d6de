#!/usr/bin/env bash
# Mutation score of the core modules that changed since a git ref (issue 21), for CI.
#
#   scripts/mutation_changed.sh origin/main          # modules changed since that ref
#   SAMPLE=40 scripts/mutation_changed.sh HEAD~1     # a seeded sample of 40 mutants per module
#   DRY_RUN=1 scripts/mutation_changed.sh HEAD~5     # only list the modules that would run
#   scripts/mutation_changed.sh submission           # modules this submission changed (CI)
#
# "submission": the commits of the session that made HEAD, i.e. those committed within
# SUBMISSION_HOURS (default 3, the longest session) before HEAD; REF is the parent of the oldest.
# The window holds the whole session, and may also hold the end of one that landed just before.
#
# A module counts as changed when one of its source files, or one of the test files or folders
# mutation.toml maps to it, differs from REF (committed or not). Prints "no core module changed"
# and exits 0 when none did; otherwise runs scripts/mutation.py on those modules (niced, one
# module at a time) and exits with its status (1 when a module is below the goal).
set -euo pipefail
cd "$(dirname "$0")/.."
REF="${1:?usage: scripts/mutation_changed.sh GIT_REF}"
if [ "$REF" = "submission" ]; then
  SINCE=$(( $(git log -1 --format=%ct HEAD) - ${SUBMISSION_HOURS:-3} * 3600 ))
  FIRST=$(git rev-list --since="@$SINCE" HEAD | tail -n 1)
  if git rev-parse -q --verify "$FIRST~1" >/dev/null; then REF="$FIRST~1"; else REF=$(git hash-object -t tree /dev/null); fi
  echo "this submission: the $(git rev-list --count "$REF"..HEAD) commit(s) since $(git rev-parse --short "$REF")" >&2
fi
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] && PY=.venv/bin/python

mapfile -t CHANGED < <(git diff --name-only "$REF" -- planner tests; git ls-files -o --exclude-standard -- planner tests)
mapfile -t MODULES < <("$PY" - "${CHANGED[@]}" <<'PYEOF'
import fnmatch, sys, tomllib
changed = sys.argv[1:]
cfg = tomllib.load(open("mutation.toml", "rb"))
for name, spec in cfg["modules"].items():
    pats = spec["paths"] + spec["tests"]
    if any(fnmatch.fnmatch(f, p) or f.startswith(p.rstrip("/") + "/") or f == p
           for f in changed for p in pats):
        print(name)
PYEOF
)
if [ "${#MODULES[@]}" -eq 0 ]; then
  echo "no core module changed since $REF"
  exit 0
fi
echo "core modules changed since $REF: ${MODULES[*]}" >&2
[ -n "${DRY_RUN:-}" ] && { printf "%s\n" "${MODULES[@]}"; exit 0; }
ARGS=()
[ -n "${SAMPLE:-}" ] && ARGS+=(--sample "$SAMPLE")
exec "$PY" scripts/mutation.py "${ARGS[@]}" --jobs "${JOBS:-2}" "${MODULES[@]}"
