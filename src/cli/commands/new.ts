/** `briefing new`: a briefing folder with one of everything, ready to build. */
import type { Command } from 'commander';
import { diskEffects } from '../../effects.ts';
import { createBriefing } from '../../preview/scaffold.ts';
import type { CliIo } from '../io.ts';

export function registerNew(program: Command, io: CliIo): void {
  program
    .command('new')
    .description('start a new briefing folder with one of everything, ready to build')
    .argument('<dir>', 'folder to create')
    .action(async (dir: string) => {
      const files = await createBriefing(dir, diskEffects, new Date().toISOString().slice(0, 10));
      for (const f of files) io.out(`created ${f}`);
      io.out(`next: npx briefing preview ${dir}`);
    });
}
