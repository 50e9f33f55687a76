#!/usr/bin/env bash
# The package on each Node release line it supports, as users get them: Node 22 and Node 24 installed from
# the npm registry (the `node` package) into temporary folders, then test/package/ (npm run package, install the
# tarball into an empty folder, `npx briefing new` and `build`, the API) with that Node first on PATH.
# Usage: scripts/node-matrix.sh [major...]   (default: 22 24)
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
work="$(mktemp -d "${TMPDIR:-/tmp}/briefing-nodes-XXXXXX")"
trap 'rm -rf "$work"' EXIT
for major in "${majors[@]}"; do
  prefix="$work/node$major"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error --prefer-offline "node@$major" >/dev/null
  bin="$prefix/node_modules/.bin"
  echo "node-matrix: test/package on Node $("$bin/node" --version)"
  # npx puts node_modules/.bin first on PATH, so vitest itself runs on the Node the project pins.
  BRIEFING_TEST_NODE="$bin" npx --no vitest run test/package
done
