/**
 * `briefing new <dir> [--example <name>]`: a briefing folder with one of everything, ready to build, or a
 * copy of one of the full example briefings that ship with briefing.
 */
import type { Command } from 'commander';
import { diskEffects } from '../../effects.ts';
import { createBriefing } from '../../preview/scaffold.ts';
import type { CliIo } from '../io.ts';

/** Register `new` on `program`: writes the folder through the disk effects and prints each file it created. */
export function registerNew(program: Command, io: CliIo): void {
  program
    .command('new')
    .description('start a new briefing folder with one of everything, ready to build')
    .argument('<dir>', 'folder to create')
    .option('--example <name>', 'copy a full example briefing that ships with briefing instead (its id becomes the folder name); an unknown name lists them')
    .action(async (dir: string, options: { example?: string }) => {
      const files = await createBriefing(dir, diskEffects, new Date().toISOString().slice(0, 10), { example: options.example });
      for (const f of files) io.out(`created ${f}`);
      io.out(`next: npx briefing preview ${dir}`);
    });
}
