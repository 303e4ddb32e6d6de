#!/usr/bin/env bash
# CI for the bundle (issue 18): build it, then run it as a staff laptop would, with no Python
# venv on PATH: `mission-desk --self-test` (offscreen), the same under Xvfb (the bundle's own xcb
# plugin draws the window), the command line on a new file; then its size and its start-up time
# against the venv's (bench/bundle_start.py). Exit non-zero on any failure.
#   bash .ci/bundle.sh            (after .ci/run has made .venv; the build makes its own venv)
#   BUNDLE_SKIP_BUILD=1 bash .ci/bundle.sh   only the checks, on the tar.gz already in dist/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

start=$(date +%s)
if [ "${BUNDLE_SKIP_BUILD:-}" = 1 ] && [ -x dist/mission-desk/mission-desk ]; then
  echo "BUNDLE_SKIP_BUILD=1: checking the bundle already in dist/"   # for a developer re-running the checks
else
  bash packaging/build.sh
  echo "bundle built in $(( $(date +%s) - start )) s"
fi

# A new folder, as a user would unpack it: the tar.gz, not dist/ in place.
TRY=$(mktemp -d)
trap 'rm -rf "$TRY"' EXIT
tar -C "$TRY" -xzf dist/mission-desk-*-linux-*.tar.gz
APP="$TRY/mission-desk"
mkdir -p "$TRY/home"
# No venv, no PYTHONPATH, no user data dir: only the system's own tools.
CLEAN=(env -i PATH=/usr/bin:/bin HOME="$TRY/home" LANG=C.UTF-8)

echo "== self-test (offscreen)"
"${CLEAN[@]}" QT_QPA_PLATFORM=offscreen "$APP/mission-desk" --self-test

echo "== self-test under Xvfb (xcb)"
"${CLEAN[@]}" xvfb-run -a -s "-screen 0 1280x800x24" "$APP/mission-desk" --self-test \
  --screenshot "$TRY/window.png"
[ -s "$TRY/window.png" ] || { echo "no screenshot from the window under Xvfb" >&2; exit 1; }

echo "== the command line from the bundle"
"${CLEAN[@]}" "$APP/planner" --db "$TRY/t.db" events add --code ci-2026 --name "CI mission" \
  --start 2026-10-13 --end 2026-10-16 --tz Asia/Tokyo
"${CLEAN[@]}" "$APP/planner" --db "$TRY/t.db" events list --json | grep -q '"code": "ci-2026"'
"${CLEAN[@]}" "$APP/planner" --db "$TRY/t.db" verify

echo "== size and start-up against the venv"
du -sh "$APP" dist/mission-desk-*-linux-*.tar.gz
if [ -x "$ROOT/.venv/bin/python" ]; then
  xvfb-run -a -s "-screen 0 1280x800x24" "$ROOT/.venv/bin/python" bench/bundle_start.py --bundle "$APP" --repeat 3
else
  echo "(no .venv: start-up comparison skipped)"
fi
echo "bundle CI passed in $(( $(date +%s) - start )) s"
