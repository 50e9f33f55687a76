/** The generator's name and version, printed in the colophon, the PDF metadata and `--version`. */
import pkg from '../package.json' with { type: 'json' };

/** `briefing 0.1.0`. */
export const GENERATOR = `briefing ${pkg.version}`;
