#!/usr/bin/env bash
# Set up briefing on this machine; safe to run again.
#  1. The npm dependencies from package-lock.json (including the pinned Node 24 the scripts run on).
#  2. System tools, via apt when missing: a browser to print the PDFs (Chromium, unless briefing already finds
#     one the way it does when building: BRIEFING_CHROMIUM, Chrome, Chromium, puppeteer's cache) and
#     poppler-utils + qpdf + procps (the tests read PDFs with them). No browser is ever downloaded from the
#     internet.
# On a machine without apt it says what to install and how to point briefing at a browser, and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "setup: installing npm dependencies"
npm ci --no-audit --no-fund --loglevel=error
node=node_modules/.bin/node

# The browser briefing would print with, found by its own search (src/pdf/locate.ts); empty when none.
find_browser() {
  "$node" --no-warnings --input-type=module -e \
    "import('./src/pdf/locate.ts').then((m) => console.log(m.findChromium())).catch(() => {})" 2>/dev/null || true
}

missing=()
[ -n "$(find_browser)" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)

if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    cat >&2 <<MSG
setup: missing ${missing[*]}, and this machine has no apt-get.
  Install Chromium or Google Chrome, poppler (pdftotext, pdffonts) and qpdf with your package manager,
  e.g. macOS: brew install --cask google-chrome && brew install poppler qpdf
  If briefing does not find the browser, point it there: export BRIEFING_CHROMIUM=/path/to/chromium
MSG
    exit 1
  fi
fi

echo "setup: done ($("$node" --version), $(find_browser))"
