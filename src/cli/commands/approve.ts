/** `briefing approve`: record a briefing's last build as its approved version (src/approve.ts). */
import path from 'node:path';
import type { Command } from 'commander';
import type { Snapshot } from '../../metrics/changes.ts';
import { count, type CliIo } from '../io.ts';

/** What a snapshot holds, in words: `12 figures, 7 metric rows, 1 risk, …`. */
function recordedWords(s: Snapshot): string {
  const n = (r: Readonly<Record<string, unknown>> | undefined): number => Object.keys(r ?? {}).length;
  const blocks = Object.values(s.prose ?? {}).reduce((sum, p) => sum + p.blocks.length, 0);
  return [
    count(n(s.figures), 'figure'),
    count(n(s.metrics), 'metric row'),
    count(n(s.claims), 'claim'),
    count(n(s.risks), 'risk'),
    count(n(s.takeaways), 'takeaway'),
    count(n(s.charts), 'chart'),
    count(n(s.sources), 'source'),
    `${count(n(s.prose), 'prose section')} (${count(blocks, 'paragraph')})`,
  ].join(', ');
}

/** Add `briefing approve <content-dir> [--out <dir>]` to `program`: it prints what it recorded on `io`, and exits 1 (content/usage) or 2 (write) with the located error. */
export function registerApprove(program: Command, io: CliIo): void {
  program
    .command('approve')
    .description("record a briefing's last build as its approved version (<content-dir>/approved.json), which build and preview then compare with")
    .argument('<content-dir>', 'briefing folder (with a briefing.yaml)')
    .option('-o, --out <dir>', 'output folder of the build to approve', 'output')
    .action(async (dir: string, opts: { out: string }) => {
      const { approveBriefing } = await import('../../approve.ts');
      const a = await approveBriefing(dir, { outDir: opts.out });
      const build = `the build${a.built === null ? '' : ` of ${a.built}`} in ${a.manifestFile}`;
      const content = a.contentSha256 === null ? 'no content file newer than the manifest' : `content sha256 ${a.contentSha256.slice(0, 12)}`;
      io.out(`approved ${a.id}: ${build} (${content}), at ${a.approved}`);
      io.out(`recorded ${recordedWords(a.snapshot)} in ${path.normalize(a.file)}`);
      io.out('build and preview now compare with it unless --since is given; commit it with the content');
    });
}
