/** `briefing diff`: what changed between two builds, from their manifests. */
import type { Command } from 'commander';
import { BriefingError } from '../../errors.ts';
import { msg } from '../../messages.ts';
import type { CliIo } from '../io.ts';

export function registerDiff(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description('print what changed between two builds (their manifest.json files or output folders), without building')
    .argument('<old>', 'the earlier build')
    .argument('<new>', 'the later build')
    .option('--json', 'print the report as JSON (the form of changes.json)')
    .action(async (older: string, newer: string, opts: { json?: boolean }) => {
      const { changesBetween, changesSummary, readSnapshots } = await import('../../batch.ts');
      const [before, after] = await Promise.all([readSnapshots(older), readSnapshots(newer)]);
      if (after.note) throw BriefingError.of(msg.noRecordedValues(after.file), { file: after.file });
      const changes = changesBetween(before, after.snapshots.values());
      io.out(opts.json ? JSON.stringify(changes, null, 2) : changesSummary(changes));
    });
}
