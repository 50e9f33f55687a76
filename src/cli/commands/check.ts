/** `briefing check`: everything but the browser, through {@link check} of the API. */
import type { Command } from 'commander';
import { EXIT } from '../../errors.ts';
import { count, printError, printWarnings, TEMPLATES_HELP, type CliIo } from '../io.ts';

/** Register `briefing check` on the program: its options, then {@link check} of the API, printing each briefing's findings. */
export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('validate content, compute metrics and claim checks, fill the templates, without a browser (draws only charts with their own spec)')
    .argument('<content-dir...>', 'briefing folders')
    .option('--json', 'print one JSON document on stdout and nothing else there')
    .option('--strict', `exit ${EXIT.warnings} on content warnings: inconsistent claims, stale prose numbers and every other warning check reports, as build --strict does (templates are always strict)`)
    .option('--templates <dir>', TEMPLATES_HELP)
    .action(async (dirs: string[], opts: { json?: boolean; strict?: boolean; templates?: string }) => {
      const [{ check }, { createFormatter }, { describeRate }] = await Promise.all([import('../../api.ts'), import('../../format.ts'), import('../../metrics/fx.ts')]);
      const report = await check(dirs, {
        strict: opts.strict === true,
        ...(opts.templates !== undefined ? { templates: opts.templates } : {}),
        onChecked: (dir, outcome) => {
          if (opts.json) return;
          if (!outcome.ok) {
            printError(outcome.error, io, io.debug());
            return;
          }
          const { draft } = outcome;
          printWarnings(draft.warnings, io);
          const m = draft.metrics;
          const fmt = createFormatter(draft.briefing.settings.locale);
          for (const c of m.claims) {
            io.out(`claim ${c.verdict === 'consistent' ? 'ok  ' : 'FAIL'} ${c.id}: stated ${fmt.amount(c.stated)}, computed ${fmt.amount(c.computed)} (${c.computed.formula})`);
          }
          for (const c of m.conflicts) {
            const values = c.values.map((v) => `${fmt.amount(v.amount)}${v.converted ? ` (≈ ${fmt.amount(v.converted)})` : ''} [${v.sources.join(', ')}]`).join(' vs ');
            const rates = c.rates.length === 0 ? '' : `, at ${c.rates.map((r) => describeRate(r, fmt)).join('; ')}`;
            io.out(`sources disagree on ${c.id}: ${values}${c.difference ? `, a spread of ${fmt.amount(c.difference)}${rates}` : ' (different units, no exchange rate stated)'}`);
          }
          const bad = m.claims.filter((c) => c.verdict === 'inconsistent').length;
          io.out(`ok ${dir}: ${count(draft.briefing.companies.length, 'company', 'companies')}, ${count(draft.charts.length, 'chart')}, ${count(m.claims.length, 'claim')} checked (${bad} inconsistent), ${count(m.conflicts.length, 'disagreement')} between sources`);
        },
      });
      if (opts.json) io.out(JSON.stringify(report, null, 2));
      io.exit(report.exitCode);
    });
}
