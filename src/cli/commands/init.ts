/** `briefing init`: set up a project for briefings (scripts, a sample, nightly CI, editor schemas). */
import path from 'node:path';
import type { Command } from 'commander';
import { BRIEFINGS_DIR, initProject } from '../../init.ts';
import type { CliIo } from '../io.ts';

export function registerInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('set up a project: npm scripts, a sample briefing, a nightly CI workflow, editor schemas, .gitignore')
    .argument('[dir]', 'project folder', '.')
    .option('--force', 'overwrite files (and package.json scripts, editor settings) that differ from what init writes')
    .action(async (dir: string, opts: { force?: boolean }) => {
      const report = await initProject(dir, { force: opts.force === true });
      const rel = (p: string): string => path.relative(dir, p) || '.';
      for (const f of report.created) io.out(`created   ${rel(f)}`);
      for (const u of report.updated) io.out(`updated   ${rel(u.path)}: ${u.what}`);
      for (const f of report.unchanged) io.out(`unchanged ${rel(f)}`);
      for (const s of report.skipped) io.out(`skipped   ${rel(s.path)}: ${s.why}`);
      if (report.skipped.length > 0 && opts.force !== true) io.out('run again with --force to overwrite what was skipped');
      const cd = path.resolve(dir) === process.cwd() ? '' : `cd ${dir} && `;
      io.out(`next: ${cd}npm install && npm run check && npm run build   (briefings live in ${BRIEFINGS_DIR}/<name>/; add one with npx briefing new ${BRIEFINGS_DIR}/<name>)`);
    });
}
