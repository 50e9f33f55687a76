/**
 * The tools a new user might pick instead of briefing, run the way that user would, on equivalent input:
 *
 * - **md-to-pdf** (a devDependency, on the same system Chromium through `--launch-options`, never a
 *   download): the sample's final HTML turned into GitHub-flavoured Markdown by turndown (tables kept as
 *   pipe tables, chart SVGs kept as inline HTML), converted as a whole `md-to-pdf` process.
 * - **pandoc → WeasyPrint**: the same Markdown, `pandoc --pdf-engine=weasyprint`, when both are on PATH.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';
import { runProcess, type ProcessRun } from './proc.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The body of a briefing's HTML as Markdown: headings, paragraphs, lists and tables in GFM, charts as the
 * inline SVG they are. Styles and the font data are dropped (Markdown has no place for them).
 */
export function htmlToMarkdown(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
  const service = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-' });
  service.use(gfm);
  service.keep(['svg' as keyof HTMLElementTagNameMap]);
  service.remove(['style', 'script']);
  return service.turndown(body);
}

/** Write `<dir>/<name>.md` from a built HTML file's text; returns its path. */
export async function writeMarkdown(html: string, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.md`);
  await writeFile(file, htmlToMarkdown(html));
  return file;
}

/** The md-to-pdf command as installed in node_modules/.bin. */
const MD_TO_PDF = path.join(ROOT, 'node_modules', '.bin', 'md-to-pdf');

/**
 * `md-to-pdf <file.md>` as a whole process, printing A4 on `chromium` (with `--no-sandbox` when root, as
 * briefing does). Writes `<file>.pdf` beside the Markdown.
 */
export function runMdToPdf(markdown: string, chromium: string, env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const launch = { executablePath: chromium, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] };
  return runProcess(MD_TO_PDF, [markdown, '--launch-options', JSON.stringify(launch), '--pdf-options', JSON.stringify({ format: 'A4', printBackground: true })], {
    cwd: path.dirname(markdown),
    env: { ...env, PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
}

/** Why pandoc → WeasyPrint cannot run here, or null when both are on PATH. */
export function pandocMissing(): string | null {
  const missing = ['pandoc', 'weasyprint'].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  return missing.length === 0 ? null : `skipped: ${missing.join(' and ')} not installed (apt-get install pandoc weasyprint)`;
}

/** `pandoc <file.md> --pdf-engine=weasyprint -o <file>.weasy.pdf` as a whole process. */
export function runPandocWeasyPrint(markdown: string, env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess('pandoc', [markdown, '--from=gfm', '--pdf-engine=weasyprint', '-o', markdown.replace(/\.md$/, '.weasy.pdf')], { cwd: path.dirname(markdown), env });
}
