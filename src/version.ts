/** The generator's name and version, printed in the colophon, the PDF metadata and `--version`; and the versions of installed packages. */
import { readFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

// Read at run time, not imported: the compiled package (dist/) and the sources sit one folder below it alike.
const pkg = require('../package.json') as { version: string };

/** `briefing 0.1.0`. */
export const GENERATOR = `briefing ${pkg.version}`;

/**
 * The version in the package.json of the installed package `name` (`vega` → `6.4.0`), resolved from this
 * module as an import of it would be; "?" when the package cannot be found or its package.json read.
 * Found by `module.findPackageJSON` (Node ≥ 22.14); Node 22.13, which the package still supports, lacks it,
 * and there the package.json is found by walking up from the package's entry point.
 */
export function packageVersion(name: string): string {
  try {
    const file = module.findPackageJSON?.(name, import.meta.url) ?? packageJsonAbove(name);
    return file === undefined ? '?' : ((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '?');
  } catch {
    return '?';
  }
}

/** Node 22.13's way to {@link packageVersion}'s file: the first package.json above `name`'s entry point that names it. */
function packageJsonAbove(name: string): string | undefined {
  for (let dir = path.dirname(require.resolve(name)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === name) return file;
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
}

/** The last second a PDF date (`D:YYYY…`, four-digit year) and an ISO 8601 instant can both write: 9999-12-31T23:59:59Z. */
const LAST_WRITABLE_SECOND = 253_402_300_799;

/**
 * The date `SOURCE_DATE_EPOCH` (whole seconds since 1970, reproducible-builds.org) names, when it is set to
 * one a PDF and the manifest can write (0 to {@link LAST_WRITABLE_SECOND}); undefined otherwise, and the
 * caller takes its own date (the as-of date, the clock).
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || !/^\d{1,12}$/.test(epoch) || Number(epoch) > LAST_WRITABLE_SECOND) return undefined;
  return new Date(Number(epoch) * 1000);
}
