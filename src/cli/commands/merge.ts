/** `briefing merge`: the outputs of `build --shard k/n`, one per k, joined into one output folder, through {@link merge} of the API. */
import path from 'node:path';
import type { Command } from 'commander';
import { problem } from '../../messages.ts';
import { count, type CliIo } from '../io.ts';

/**
 * Register `briefing merge <manifest-or-folder>... [--out <dir>]` on the program. It says on stderr what it
 * merged, and exits with the worst of the shards' exit codes, or 1 (usage) or 2 (read or write) with the located
 * error when it refuses, having written nothing.
 */
export function registerMerge(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description('join the outputs of build --shard k/n (one per k) into one output folder, as one build of the whole list writes it')
    .argument('<manifest-or-folder...>', "each shard's manifest.json or output folder")
    .option('-o, --out <dir>', 'output folder', 'output')
    .action(async (sources: string[], opts: { out: string }) => {
      const { merge } = await import('../../api.ts');
      const run = await merge(sources, { outDir: opts.out });
      const { briefings } = run.manifest;
      const failed = briefings.filter((b) => !b.ok).map((b) => b.dir);
      const where = run.manifestFile === null ? problem.nothingMerged() : `manifest: ${run.manifestFile}${run.changes === null ? '' : `; changes: ${path.join(opts.out, 'changes.md')}`}`;
      io.err(`${briefings.length - failed.length} of ${briefings.length} briefings built in ${count(run.shards, 'shard')}${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''} (${where})`);
      io.exit(run.exitCode);
    });
}
