#!/usr/bin/env node
// Entry of the `briefing` command.
// - Installed (node_modules/briefing): runs the JavaScript compiled into dist/ when the package was packed;
//   the package ships no src/. Needs Node 22.13 or newer.
// - In the repository: runs the TypeScript sources through Node's built-in type stripping (Node 22.18 or
//   newer); the project pins Node 24 in devDependencies, which npm scripts and npx put first on PATH.
import { existsSync } from 'node:fs';
import module from 'node:module';

// V8's code cache, and on Node 24 the type-stripped sources too, kept in the OS temp folder (Node's default;
// NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off): later runs start about 0.2 s sooner.
module.enableCompileCache?.();

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
