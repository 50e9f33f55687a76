/** The generator's name and version, printed in the colophon, the PDF metadata and `--version`. */
import { createRequire } from 'node:module';

// Read at run time, not imported: the compiled package (dist/) and the sources sit one folder below it alike.
const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** `briefing 0.1.0`. */
export const GENERATOR = `briefing ${pkg.version}`;
