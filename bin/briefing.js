#!/usr/bin/env node
// Entry of the `briefing` command. The sources are TypeScript run by Node's built-in type stripping
// (Node >= 22.18); the project pins Node 24 in devDependencies, which npm scripts and npx put first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `error: briefing needs Node 22.18 or newer (this is ${process.version}).\n` +
      '  → Run it through npm (npm run briefing, npx briefing), which uses the Node 24 the project installs, or install Node 24.\n',
  );
  process.exit(2);
}
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
