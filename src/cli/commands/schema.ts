/** `briefing schema`: the JSON Schemas of the content files, generated from the content model. */
import path from 'node:path';
import { Argument, type Command } from 'commander';
import { CONTENT_FILES, type ContentKind } from '../../content/kinds.ts';
import { diskEffects, withWriteError } from '../../effects.ts';
import type { CliIo } from '../io.ts';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of a content file kind (or of all kinds), generated from the content model')
    .addArgument(new Argument('[kind]', 'content file kind').choices(Object.keys(CONTENT_FILES)))
    .option('--out <dir>', 'write <dir>/<kind>.schema.json for every kind instead of printing')
    .action(async (kind: ContentKind | undefined, opts: { out?: string }) => {
      // The zod model loads here, not for every command's --help.
      const { jsonSchema, jsonSchemas } = await import('../../content/schema.ts');
      if (opts.out !== undefined) {
        const files = Object.entries(jsonSchemas()).map(([k, schema]) => ({ path: path.join(opts.out!, `${k}.schema.json`), data: `${JSON.stringify(schema, null, 2)}\n` }));
        await withWriteError(files.map((f) => f.path), { file: opts.out }, () => diskEffects.writeFiles(files));
        for (const f of files) io.out(`wrote ${f.path}`);
        return;
      }
      io.out(JSON.stringify(kind === undefined ? jsonSchemas() : jsonSchema(kind), null, 2));
    });
}
