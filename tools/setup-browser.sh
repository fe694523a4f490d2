#!/usr/bin/env bash
# Installs what the web demo's browser test (standalone's BrowserDemoTest) needs, on a fresh machine:
#   - Debian's chromium (apt-get, as root or through passwordless sudo) when no Chromium is on the PATH;
#   - playwright-core, pinned, from npm into .browser-test/ at the repository root (git-ignored). Playwright drives the
#     system Chromium; its own browser download is never used.
# Prints the Chromium binary's path on its last line. Exit codes: 0 ready, 3 no Chromium could be installed,
# 4 node/npm missing or playwright-core could not be installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLAYWRIGHT_CORE_VERSION="1.65.2"
DIR="$ROOT/.browser-test"

find_chromium() {
  for candidate in "${CIRSTREAM_CHROMIUM:-}" chromium chromium-browser google-chrome-stable google-chrome; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return 0; }
  done
  return 1
}

if ! CHROMIUM="$(find_chromium)"; then
  echo "setup-browser: no Chromium on the PATH; installing Debian's chromium with apt-get" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n);
  else echo "setup-browser: cannot install chromium: not root and no passwordless sudo" >&2; exit 3; fi
  if ! command -v apt-get >/dev/null; then echo "setup-browser: cannot install chromium: no apt-get here" >&2; exit 3; fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get install -y --no-install-recommends chromium >&2 \
    || { "${SUDO[@]}" apt-get update >&2 && "${SUDO[@]}" apt-get install -y --no-install-recommends chromium >&2; } \
    || { echo "setup-browser: apt-get could not install chromium" >&2; exit 3; }
  CHROMIUM="$(find_chromium)" || { echo "setup-browser: chromium installed but not on the PATH" >&2; exit 3; }
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup-browser: node and npm are needed to run playwright-core (apt-get install nodejs npm)" >&2
  exit 4
fi
INSTALLED="$(node -p "try { require('$DIR/node_modules/playwright-core/package.json').version } catch (e) { '' }")"
if [ "$INSTALLED" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  echo "setup-browser: installing playwright-core $PLAYWRIGHT_CORE_VERSION into $DIR" >&2
  mkdir -p "$DIR"
  [ -f "$DIR/package.json" ] || echo '{"name":"cirstream-browser-test","private":true}' > "$DIR/package.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error \
    "playwright-core@$PLAYWRIGHT_CORE_VERSION" >&2 \
    || { echo "setup-browser: npm could not install playwright-core" >&2; exit 4; }
fi
echo "$CHROMIUM"
