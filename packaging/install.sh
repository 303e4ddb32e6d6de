#!/usr/bin/env bash
# Put Mission Desk in the user's menu: run from the unpacked folder (no root needed).
#   ./install.sh            links ~/.local/bin/{mission-desk,planner} and adds the menu entry
#   ./install.sh --remove   takes them away again (the folder and your data stay)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${XDG_BIN_HOME:-$HOME/.local/bin}
APPS=${XDG_DATA_HOME:-$HOME/.local/share}/applications
ICONS=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps
if [ "${1:-}" = "--remove" ]; then
  rm -f "$BIN/mission-desk" "$BIN/planner" "$APPS/mission-desk.desktop" "$ICONS/mission-desk.png"
  echo "Removed the menu entry and the links; $HERE and your plans are untouched."
  exit 0
fi
mkdir -p "$BIN" "$APPS" "$ICONS"
ln -sf "$HERE/mission-desk" "$BIN/mission-desk"
ln -sf "$HERE/planner" "$BIN/planner"
cp "$HERE/mission-desk.png" "$ICONS/mission-desk.png"
sed "s|^Exec=mission-desk|Exec=$HERE/mission-desk|; s|^TryExec=mission-desk|TryExec=$HERE/mission-desk|" \
  "$HERE/mission-desk.desktop" > "$APPS/mission-desk.desktop"
echo "Installed: 'Mission Desk' in the menu; mission-desk and planner in $BIN"
