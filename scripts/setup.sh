#!/usr/bin/env bash
# Set up briefing on this machine; safe to run again.
#  1. System tools, via apt when missing: Chromium (prints the PDFs) and poppler-utils + qpdf (the tests read
#     PDFs with them). No browser is ever downloaded from the internet.
#  2. The npm dependencies from package-lock.json (including the pinned Node 24 the scripts run on).
# On a machine without apt it says what to install and how to point briefing at a browser, and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  if [ -n "${BRIEFING_CHROMIUM:-}" ] && [ -x "${BRIEFING_CHROMIUM}" ]; then return 0; fi
  for b in chromium chromium-browser google-chrome-stable google-chrome; do
    command -v "$b" >/dev/null 2>&1 && return 0
  done
  return 1
}

missing=()
have_browser || missing+=(chromium)
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
  Install Chromium (or Google Chrome), poppler (pdftotext, pdffonts) and qpdf with your package manager,
  e.g. macOS: brew install --cask chromium && brew install poppler qpdf
  If the browser is not on PATH, point briefing at it: export BRIEFING_CHROMIUM=/path/to/chromium
MSG
    exit 1
  fi
fi

echo "setup: installing npm dependencies"
npm ci --no-audit --no-fund --loglevel=error
echo "setup: done ($(node_modules/.bin/node --version), $(command -v chromium || command -v chromium-browser || command -v google-chrome-stable || echo "${BRIEFING_CHROMIUM:-browser}"))"
