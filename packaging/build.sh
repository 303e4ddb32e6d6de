#!/usr/bin/env bash
# Build the one-folder bundle: dist/mission-desk/ (mission-desk + planner sharing _internal/)
# and dist/mission-desk-<version>-linux-<arch>.tar.gz.
#
#   bash packaging/build.sh            from a checkout; needs Python 3.11+ with its shared library
#                                      (python.org, Debian's python3, pyenv with --enable-shared)
#   PYTHON=/path/to/python3.11 bash packaging/build.sh
#
# It makes its own build venv (build/venv; reused while pyproject.toml is unchanged), installs the
# app's dependencies and PyInstaller 6 into it, stamps the build (build/stamp/build_info.json:
# version, git commit, UTC date) and runs packaging/mission-desk.spec. The dev .venv is not used.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-python3}
VENV=build/venv
PYINSTALLER_SPEC='pyinstaller>=6.3,<7'

step() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null || die "no $PYTHON: set PYTHON=/path/to/python3.11"
"$PYTHON" - <<'PY' || die "PyInstaller needs Python >= 3.11 built with its shared library (libpython)"
import sys, sysconfig
sys.exit(0 if sys.version_info >= (3, 11) and (sysconfig.get_config_var("Py_ENABLE_SHARED")
                                               or sys.platform != "linux") else 1)
PY

mkdir -p build
# The requirements: the project's dependencies (pyproject.toml) plus the encryption extra, so
# encrypted files open from the bundle. The package itself is not installed: PyInstaller takes
# planner/, ui/ and main.py from this checkout.
"$PYTHON" - > build/requirements.new <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"].get("encryption", [])))
PY
if [ ! -x "$VENV/bin/python" ] || ! cmp -s build/requirements.new build/requirements.txt; then
  step "build venv ($VENV)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r build/requirements.new "$PYINSTALLER_SPEC"
  mv build/requirements.new build/requirements.txt
else
  rm build/requirements.new
fi
"$VENV/bin/python" -m pip install -q "$PYINSTALLER_SPEC"  # no-op when present

step "build stamp"
mkdir -p build/stamp
VERSION=$("$VENV/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
COMMIT=$(git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no -- planner ui main.py resources 2>/dev/null)" ]; then
  COMMIT="$COMMIT+dirty"
fi
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BUILD="${MISSION_DESK_BUILD_ID:-$COMMIT ${DATE%%T*}}"
"$VENV/bin/python" - "$VERSION" "$BUILD" "$DATE" "$COMMIT" > build/stamp/build_info.json <<'PY'
import json, sys
version, build, date, commit = sys.argv[1:]
print(json.dumps({"version": version, "build": build, "date": date, "commit": commit}, indent=1))
PY
cat build/stamp/build_info.json >&2

step "pyinstaller"
rm -rf dist/mission-desk
MISSION_DESK_BUILD_STAMP="$ROOT/build/stamp/build_info.json" \
  "$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/mission-desk.spec
[ -x dist/mission-desk/mission-desk ] && [ -x dist/mission-desk/planner ] \
  || die "PyInstaller left no dist/mission-desk/{mission-desk,planner}"

# Desktop integration files beside the executables (install.sh copies them into ~/.local).
cp packaging/mission-desk.desktop packaging/install.sh dist/mission-desk/
cp packaging/icons/mission-desk-256.png dist/mission-desk/mission-desk.png

step "tar.gz"
ARCH=$(uname -m)
TARBALL="dist/mission-desk-$VERSION-linux-$ARCH.tar.gz"
tar -C dist -czf "$TARBALL" mission-desk
du -sh dist/mission-desk "$TARBALL" >&2
echo "$TARBALL"
