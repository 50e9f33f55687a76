#!/usr/bin/env node
// Entry of the `briefing` command.
// - Installed (node_modules/briefing): runs the JavaScript compiled into dist/ when the package was packed;
//   the package ships no src/. Needs Node 22.13 or newer.
// - In the repository: runs the TypeScript sources through Node's built-in type stripping (Node 22.18 or
//   newer); the project pins Node 24 in devDependencies, which npm scripts and npx put first on PATH.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const dev = existsSync(sources);
const [major, minor] = process.versions.node.split('.').map(Number);
const [needMajor, needMinor] = dev ? [22, 18] : [22, 13];
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  process.stderr.write(
    `error: briefing needs Node ${needMajor}.${needMinor} or newer (this is ${process.version}).\n` +
      (dev
        ? '  → In this repository, run it through npm (npm run briefing, npx briefing), which uses the Node 24 the project installs.\n'
        : '  → Install Node 22 or 24 and run it again.\n'),
  );
  process.exit(2);
}
const { run } = await import(dev ? sources.href : new URL('../dist/cli/main.js', import.meta.url).href);
process.exitCode = await run(process.argv.slice(2));
