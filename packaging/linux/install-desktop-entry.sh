#!/bin/sh
# Adds TutorDesk to this user's application menu, pointing at the folder this script is in.
# Run it again after moving the folder; `install-desktop-entry.sh --remove` takes the entry away.
# Nothing is written outside your own ~/.local/share; no administrator rights are needed.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data/applications/tutordesk.desktop"
icon="$data/icons/hicolor/256x256/apps/tutordesk.png"
scalable="$data/icons/hicolor/scalable/apps/tutordesk.svg"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$entry" "$icon" "$scalable"
    echo "TutorDesk is no longer in the application menu. Your vault and backups were not touched."
    exit 0
fi

mkdir -p "$data/applications" "$(dirname "$icon")" "$(dirname "$scalable")"
cp "$here/tutordesk.png" "$icon"
cp "$here/tutordesk.svg" "$scalable"
# The menu needs the full path of the program; quotes keep a folder name with spaces working.
sed -e "s|^Exec=.*|Exec=\"$here/tutordesk\"|" -e "s|^TryExec=.*|TryExec=$here/tutordesk|" \
    "$here/tutordesk.desktop" > "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "TutorDesk is now in the application menu (under Office)."
