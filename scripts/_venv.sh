# Sourced by the scripts: a virtualenv with requirements.txt installed.
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
stamp=.venv/.requirements.sha
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet -r requirements.txt
  echo "$wanted" > "$stamp"
fi
# The checkers the browser tests run (axe-core, the Nu HTML Checker), pinned
# in package-lock.json. --ignore-scripts: vnu-jar's postinstall would fetch a
# Java runtime from GitHub; the machine's own Java runs vnu.jar.
stamp=node_modules/.package-lock.sha
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$wanted" > "$stamp"
fi
