/**
 * docs/errors.md, generated from the message catalogue (src/messages.ts `MESSAGES`, which assembles the records
 * of src/messages/, and src/errors.ts `CATALOGUE`): one section per code with its title, an example of the
 * message (the record's message said with its example arguments), the hint and the exit code (style of Astro's
 * error reference, built from `errors-data.ts`).
 *
 *   npm run docs:errors            write docs/errors.md
 *
 * test/unit/messages.test.ts fails when docs/errors.md differs from {@link errorsDoc}.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, EXIT, type ErrorData } from '../src/errors.ts';
import { MESSAGES } from '../src/messages.ts';

/** Where the reference is written, from the project root. */
export const ERRORS_DOC = 'docs/errors.md';

/** The families of codes, by the digit after `BR`. */
const HUNDREDS: Record<string, string> = {
  '1': 'BR1xx: content',
  '2': 'BR2xx: templates, charts and metrics',
  '3': 'BR3xx: usage',
  '4': 'BR4xx: the system and the renderer',
  '5': 'BR5xx: print lint',
};

/** What the page says before the codes. */
const INTRO = `Every problem briefing reports carries a code, printed after the message (\`file:line:column field: message [BR102]\`)
and given as \`code\` in the JSON of \`briefing check --json\`, in a build's manifest.json and by the API. Each kind of
message has its own code, and a code never changes once released: CI can match on it, not on the wording, which may
improve. The hundreds say the family. The exit code of a run is the highest of its errors' (1: the content, a template
or the command must change; 2: the system or the renderer failed); a warning (a file that is not listed, a character
the fonts lack, a print lint finding) is reported without failing the run, except with \`--strict\` (exit code
${EXIT.warnings}). Each example below is the message said with sample arguments.`;

/** A catalogue record with its name (`msg.<name>`). */
interface Named {
  readonly name: string;
  readonly record: ErrorData;
}

/** `text` with `<`, `>` and `&` escaped outside `code spans`, so that a hint's `<wbr>` reads as text. */
function escapeOutsideCodeSpans(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** What the exit code of a record's category means for a reader. */
function exitOf(record: ErrorData): string {
  const exit = CATALOGUE[record.kind].exit;
  return exit === EXIT.warnings ? `${exit} (a warning: it fails a run only with --strict)` : String(exit);
}

/** One record's section: heading, where it comes from, the example message, the hint and the exit code. */
function section({ name, record }: Named): string {
  const text = (record.message as (...args: readonly unknown[]) => string)(...record.example);
  return [
    `### ${record.code}: ${record.title}`,
    '',
    `\`msg.${name}\`, kind \`${record.kind}\`, exit code ${exitOf(record)}.`,
    '',
    '```text',
    `${text} [${record.code}]`,
    '```',
    '',
    `What to do: ${escapeOutsideCodeSpans(record.hint)}`,
    '',
  ].join('\n');
}

/** The whole of docs/errors.md, from the catalogue as it is. */
export function errorsDoc(): string {
  const named: Named[] = Object.entries(MESSAGES).map(([name, record]) => ({ name, record: record as ErrorData }));
  named.sort((a, b) => a.record.code.localeCompare(b.record.code));
  const out = [
    '# Errors and warnings',
    '',
    '<!-- Generated from src/messages.ts and src/errors.ts by `npm run docs:errors`: edit the catalogue, not this file. -->',
    '',
    INTRO,
    '',
    '| Code | Title |',
    '| --- | --- |',
    ...named.map(({ record }) => `| [${record.code}](#${anchor(`${record.code}: ${record.title}`)}) | ${record.title.replace(/\|/g, '\\|')} |`),
    '',
  ];
  let hundred = '';
  for (const n of named) {
    const h = n.record.code.charAt(2);
    if (h !== hundred) out.push(`## ${HUNDREDS[h] ?? `BR${h}xx`}`, '');
    hundred = h;
    out.push(section(n));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  writeFileSync(path.join(root, ERRORS_DOC), errorsDoc());
  console.log(`wrote ${ERRORS_DOC}`);
}
