/**
 * `npm run package`: the package tarball, as users get it, with the package's own README.
 *
 *   npm run package [-- --pack-destination <dir>]   writes briefing-<version>.tgz (default: the current folder)
 *                                                   and prints its file name last, as `npm pack` does
 *
 * npm always packs the README.md at the root of the folder it packs, and the repository's README.md is the
 * developer's (it opens with `npm run setup && npm run briefing`). So the tarball is packed from a staging
 * folder this script assembles in the system's temporary folder, and the working tree is never changed:
 *
 *   1. `npm run build:dist` compiles src/ into dist/;
 *   2. `npm pack --dry-run --json` names the files package.json `files` ships (npm's own rules);
 *   3. they are copied into the staging folder, with package.json without its `scripts` (the package has no
 *      lifecycle of its own; dist/ is built already);
 *   4. README.md there is PACKAGE.md with the sections of README.md it includes (scripts/package-readme.ts);
 *      the script fails, naming them, when a link in it does not resolve to a file of the package or a heading;
 *   5. `npm pack --ignore-scripts` packs the staging folder into the destination; the staging folder is
 *      removed whatever happens.
 *
 * `npm pack` at the root would ship the repository's README: its `prepack` runs `node scripts/pack.ts --refuse`,
 * which fails and names this script. The package is private for now: users install the tarball made here.
 */
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenLinks, expandIncludes } from './package-readme.ts';

/** The repository root. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The package's README before its includes are expanded. */
export const PACKAGE_README = 'PACKAGE.md';

/** npm's answer to `pack --json`: one entry per package packed. */
interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** Run npm in `cwd` with `args`; its standard output (its progress and errors go to this process's stderr). */
function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
}

/** The files package.json `files` ships from the repository, relative paths with `/`, as npm lists them. */
export function shippedFiles(root: string = ROOT): string[] {
  const [result] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as PackResult[];
  return result!.files.map((f) => f.path).sort();
}

/**
 * The package's README.md: PACKAGE.md of `root` with its includes expanded and its opening comment left out.
 * @throws Error when an include names a section README.md lacks, or when a link does not resolve among
 *   `files` (the package's files), listing every such link.
 */
export function packageReadme(files: readonly string[], root: string = ROOT): string {
  // PACKAGE.md opens with a comment for its maintainers, which the package's readers need not see.
  const template = readFileSync(path.join(root, PACKAGE_README), 'utf8').replace(/^<!--[\s\S]*?-->\n/, '');
  const readme = expandIncludes(template, (file) => readFileSync(path.join(root, file), 'utf8'));
  const broken = brokenLinks(readme, files, (file) => (file === 'README.md' ? readme : readFileSync(path.join(root, file), 'utf8')));
  if (broken.length > 0) throw new Error(`links in the package's README (${PACKAGE_README} and the sections it includes) that do not resolve in the package:\n  ${broken.join('\n  ')}`);
  return readme;
}

/** Copy `files` (relative to `root`) into `stage`, keeping each file's mode; package.json without its scripts. */
async function stageFiles(files: readonly string[], root: string, stage: string): Promise<void> {
  for (const rel of files) {
    const to = path.join(stage, rel);
    await mkdir(path.dirname(to), { recursive: true });
    if (rel === 'package.json') {
      const { scripts: _scripts, ...pkg } = JSON.parse(await readFile(path.join(root, rel), 'utf8')) as Record<string, unknown>;
      await writeFile(to, `${JSON.stringify(pkg, null, 2)}\n`);
      continue;
    }
    await copyFile(path.join(root, rel), to);
    await chmod(to, (await stat(path.join(root, rel))).mode & 0o777);
  }
}

/**
 * Build and pack the package into `destination`; returns the tarball's file name.
 * @throws Error when the build, a link of the README or npm fails; the staging folder is removed all the same.
 */
export async function pack(destination: string, root: string = ROOT): Promise<string> {
  // 1. dist/
  execFileSync('npm', ['run', '--silent', 'build:dist'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  // 2. what ships, and the README (checked before anything is packed)
  const files = shippedFiles(root);
  const readme = packageReadme(files, root);
  const stage = await mkdtemp(path.join(tmpdir(), 'briefing-package-'));
  try {
    // 3–4. the staging folder
    await stageFiles(files, root, stage);
    await writeFile(path.join(stage, 'README.md'), readme);
    // 5. the tarball
    await mkdir(destination, { recursive: true });
    const [result] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', path.resolve(destination)], stage)) as PackResult[];
    return result!.filename;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The command line: `--pack-destination <dir>`, or `--refuse` (the root's prepack). */
async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--refuse')) {
    process.stderr.write(
      'npm pack (and npm publish) at the repository root would ship the repository README, not the package README.\n' +
        'Run `npm run package` instead: it builds dist/ and packs a staging folder with PACKAGE.md as the README\n' +
        '(scripts/pack.ts) and install the tarball it writes.\n',
    );
    return 1;
  }
  const at = argv.indexOf('--pack-destination');
  const destination = at === -1 ? process.cwd() : argv[at + 1];
  if (destination === undefined) {
    process.stderr.write('usage: node scripts/pack.ts [--pack-destination <dir>]\n');
    return 1;
  }
  process.stdout.write(`${await pack(destination)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
